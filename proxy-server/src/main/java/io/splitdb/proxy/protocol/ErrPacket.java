package io.splitdb.proxy.protocol;

import java.nio.charset.StandardCharsets;

/** ERR: a MySQL error code, a 5-character SQLState and a human-readable message. */
public record ErrPacket(int errorCode, String sqlState, String message) {

    /** The payload: 0xFF, code, '#', SQLState, message (protocol 4.1 layout). */
    public byte[] encode() {
        String state = sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState;
        return new PayloadWriter()
                .int1(0xFF)
                .fixedInt(errorCode, 2)
                .bytes("#".getBytes(StandardCharsets.US_ASCII))
                .bytes(state.getBytes(StandardCharsets.US_ASCII))
                .bytes((message == null ? "" : message).getBytes(StandardCharsets.UTF_8))
                .toByteArray();
    }
}
