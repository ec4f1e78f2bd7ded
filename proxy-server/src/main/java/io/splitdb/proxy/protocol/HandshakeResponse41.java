package io.splitdb.proxy.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The client's answer to {@link HandshakeV10}: its capabilities, user, auth response, and
 * optionally the database (CLIENT_CONNECT_WITH_DB) and auth plugin (CLIENT_PLUGIN_AUTH).
 * Connection attributes are skipped. {@code database} and {@code authPluginName} are null when absent.
 */
public record HandshakeResponse41(int capabilities, long maxPacketSize, int characterSet, String user,
                                  byte[] authResponse, String database, String authPluginName) {

    /** Parses the payload; a client without CLIENT_PROTOCOL_41 is refused (pre-4.1 clients are not supported). */
    public static HandshakeResponse41 decode(byte[] payload) {
        PayloadReader r = new PayloadReader(payload);
        int capabilities = (int) r.fixedInt(4);
        if ((capabilities & Capabilities.CLIENT_PROTOCOL_41) == 0) {
            throw new MalformedPacketException("the client does not speak protocol 4.1 (CLIENT_PROTOCOL_41 not set)");
        }
        long maxPacket = r.fixedInt(4);
        int charset = r.int1();
        r.bytes(23);
        String user = r.nulString();
        byte[] auth;
        if ((capabilities & Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            auth = r.lenencBytes();
        } else if ((capabilities & Capabilities.CLIENT_SECURE_CONNECTION) != 0) {
            auth = r.bytes(r.int1());
        } else {
            auth = r.nulString().getBytes(StandardCharsets.UTF_8);
        }
        String database = null;
        if ((capabilities & Capabilities.CLIENT_CONNECT_WITH_DB) != 0 && r.remaining() > 0) {
            database = r.nulString();
        }
        String plugin = null;
        if ((capabilities & Capabilities.CLIENT_PLUGIN_AUTH) != 0 && r.remaining() > 0) {
            plugin = r.nulString();
        }
        return new HandshakeResponse41(capabilities, maxPacket, charset, user, auth,
                database == null || database.isEmpty() ? null : database, plugin);
    }
}
