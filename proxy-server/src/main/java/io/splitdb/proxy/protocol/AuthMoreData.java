package io.splitdb.proxy.protocol;

/** More data for the authentication plugin (0x01, then the data): caching_sha2_password's status byte. */
public record AuthMoreData(byte[] data) {

    /** The payload. */
    public byte[] encode() {
        return new PayloadWriter().int1(0x01).bytes(data).toByteArray();
    }
}
