package io.splitdb.proxy.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HandshakeV10 and HandshakeResponse41 (the documented layout and example). */
class HandshakeTest {

    @Test
    void handshakeV10Layout() {
        byte[] scramble = Hex.bytes("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14");
        int caps = Capabilities.CLIENT_PROTOCOL_41 | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_PLUGIN_AUTH;
        byte[] payload = new HandshakeV10("8.0", 7, scramble, caps, 45, ServerStatus.AUTOCOMMIT, "mysql_native_password").encode();
        byte[] expected = Hex.bytes("0a 38 2e 30 00"      // protocol 10, "8.0"
                + " 07 00 00 00"                           // connection id
                + " 01 02 03 04 05 06 07 08 00"            // scramble part 1, filler
                + " 00 82"                                 // capabilities, low 16 bits (0x8200)
                + " 2d 02 00"                              // utf8mb4_general_ci, SERVER_STATUS_AUTOCOMMIT
                + " 08 00"                                 // capabilities, high 16 bits (0x0008 -> PLUGIN_AUTH)
                + " 15 00 00 00 00 00 00 00 00 00 00"      // auth data length 21, 10 reserved
                + " 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 00" // scramble part 2 + NUL
                + " 6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00");
        assertThat(payload).isEqualTo(expected);
    }

    @Test
    void handshakeResponse41FromTheDocumentation() {
        // the "Protocol::HandshakeResponse41" example (user pam, database test, mysql_native_password)
        byte[] payload = Hex.bytes("8d a6 0f 00 00 00 00 01 08 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + " 00 00 00 00 00 00 00 00 70 61 6d 00 14 ab 09 ee f6 bc b1 32 3e 61 14 38 65 c0 99 1d 95 7d 75 d4 47"
                + " 74 65 73 74 00 6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00");
        assertThat(payload).hasSize(0x54);
        HandshakeResponse41 r = HandshakeResponse41.decode(payload);
        assertThat(r.capabilities()).isEqualTo(0x000fa68d);
        assertThat(r.maxPacketSize()).isEqualTo(0x01000000L);
        assertThat(r.characterSet()).isEqualTo(8);
        assertThat(r.user()).isEqualTo("pam");
        assertThat(r.authResponse()).isEqualTo(Hex.bytes("ab 09 ee f6 bc b1 32 3e 61 14 38 65 c0 99 1d 95 7d 75 d4 47"));
        assertThat(r.database()).isEqualTo("test");
        assertThat(r.authPluginName()).isEqualTo("mysql_native_password");
    }

    @Test
    void lengthEncodedAuthDataAndNoDatabase() {
        int caps = Capabilities.CLIENT_PROTOCOL_41 | Capabilities.CLIENT_PLUGIN_AUTH
                | Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CLIENT_DEPRECATE_EOF;
        byte[] payload = new PayloadWriter().fixedInt(caps, 4).fixedInt(1 << 24, 4).int1(45).zeros(23)
                .nulString("app").lenencString(Hex.bytes("01 02 03")).nulString("caching_sha2_password").toByteArray();
        HandshakeResponse41 r = HandshakeResponse41.decode(payload);
        assertThat(r.user()).isEqualTo("app");
        assertThat(r.authResponse()).isEqualTo(Hex.bytes("01 02 03"));
        assertThat(r.database()).isNull();
        assertThat(r.authPluginName()).isEqualTo("caching_sha2_password");
        assertThat(r.capabilities() & Capabilities.CLIENT_DEPRECATE_EOF).isNotZero();
    }

    @Test
    void truncatedOrPre41ResponsesAreMalformed() {
        assertThatThrownBy(() -> HandshakeResponse41.decode(Hex.bytes("00 02 00 00 00 00")))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> HandshakeResponse41.decode(Hex.bytes("05 00 00 00 00 00 00 01 08")))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("4.1");
    }
}
