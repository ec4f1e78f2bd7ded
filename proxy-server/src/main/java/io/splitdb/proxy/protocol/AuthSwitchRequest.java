package io.splitdb.proxy.protocol;

/** Asks the client to authenticate again with {@code pluginName} and a scramble (0xFE, plugin, NUL, data, NUL). */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) {

    /** The payload. */
    public byte[] encode() {
        return new PayloadWriter().int1(0xFE).nulString(pluginName).bytes(pluginData).int1(0).toByteArray();
    }
}
