package io.splitdb.proxy.protocol;

import java.util.List;

/**
 * A row of a binary result set (COM_STMT_EXECUTE): 0x00, a NULL bitmap with an offset of 2, then each
 * non-NULL value in its column type's binary form, already encoded by the caller.
 */
public record BinaryResultRow(List<byte[]> values) {

    /** The payload. */
    public byte[] encode() {
        int n = values.size();
        byte[] bitmap = new byte[(n + 7 + 2) / 8];
        PayloadWriter body = new PayloadWriter();
        for (int i = 0; i < n; i++) {
            byte[] v = values.get(i);
            if (v == null) {
                bitmap[(i + 2) / 8] |= (byte) (1 << ((i + 2) % 8));
            } else {
                body.bytes(v);
            }
        }
        return new PayloadWriter().int1(0x00).bytes(bitmap).bytes(body.toByteArray()).toByteArray();
    }
}
