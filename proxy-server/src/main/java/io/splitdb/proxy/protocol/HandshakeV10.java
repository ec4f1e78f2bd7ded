package io.splitdb.proxy.protocol;

/**
 * The server's first packet: protocol version 10, server version, connection id, the 20-byte
 * scramble (split in 8 + 12 bytes), capabilities, character set, status and the auth plugin.
 */
public record HandshakeV10(String serverVersion, long connectionId, byte[] scramble, int capabilities,
                           int characterSet, int statusFlags, String authPluginName) {

    /** The payload, as the "Protocol::HandshakeV10" layout of the MySQL documentation. */
    public byte[] encode() {
        if (scramble.length != 20) {
            throw new IllegalArgumentException("the scramble is 20 bytes");
        }
        byte[] part1 = java.util.Arrays.copyOfRange(scramble, 0, 8);
        byte[] part2 = java.util.Arrays.copyOfRange(scramble, 8, 20);
        return new PayloadWriter()
                .int1(10)
                .nulString(serverVersion)
                .fixedInt(connectionId, 4)
                .bytes(part1)
                .int1(0)
                .fixedInt(capabilities & 0xFFFF, 2)
                .int1(characterSet)
                .fixedInt(statusFlags, 2)
                .fixedInt(capabilities >>> 16, 2)
                .int1(scramble.length + 1)
                .zeros(10)
                .bytes(part2)
                .int1(0)
                .nulString(authPluginName)
                .toByteArray();
    }
}
