package io.splitdb.proxy.protocol;

/** EOF (0xFE, warnings, status): ends column definitions and rows for clients without CLIENT_DEPRECATE_EOF. */
public record EofPacket(int warnings, int statusFlags) {

    /** The 5-byte payload. */
    public byte[] encode() {
        return new PayloadWriter().int1(0xFE).fixedInt(warnings, 2).fixedInt(statusFlags, 2).toByteArray();
    }
}
