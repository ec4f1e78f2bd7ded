package io.splitdb.proxy.protocol;

import java.util.List;

/** A row of a text result set: each value a length-encoded string, NULL as the single byte 0xFB. */
public record TextResultRow(List<byte[]> values) {

    /** The payload. */
    public byte[] encode() {
        PayloadWriter w = new PayloadWriter();
        for (byte[] v : values) {
            if (v == null) {
                w.int1(0xFB);
            } else {
                w.lenencString(v);
            }
        }
        return w.toByteArray();
    }
}
