package io.splitdb.proxy.protocol;

import java.util.HexFormat;

/** Byte vectors written as in the MySQL protocol documentation: hex pairs separated by spaces. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }
}
