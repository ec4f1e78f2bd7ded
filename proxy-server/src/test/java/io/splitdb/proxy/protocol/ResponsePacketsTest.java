package io.splitdb.proxy.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** OK, ERR, EOF, column definition and text rows against the examples of the MySQL documentation. */
class ResponsePacketsTest {

    @Test
    void okPacket() {
        // "OK_Packet" example: 07 00 00 02 | 00 00 00 02 00 00 00
        assertThat(new OkPacket(0, 0, ServerStatus.AUTOCOMMIT, 0).encode()).isEqualTo(Hex.bytes("00 00 00 02 00 00 00"));
        assertThat(new OkPacket(1, 300, ServerStatus.AUTOCOMMIT, 0).encode()).isEqualTo(Hex.bytes("00 01 fc 2c 01 02 00 00 00"));
        assertThat(new OkPacket(0, 0, ServerStatus.AUTOCOMMIT, 0).encode(OkPacket.EOF_HEADER)).isEqualTo(Hex.bytes("fe 00 00 02 00 00 00"));
    }

    @Test
    void errPacket() {
        // "ERR_Packet" example: 17 00 00 01 | ff 48 04 23 48 59 30 30 30 "No tables used"
        assertThat(new ErrPacket(1096, "HY000", "No tables used").encode())
                .isEqualTo(Hex.bytes("ff 48 04 23 48 59 30 30 30 4e 6f 20 74 61 62 6c 65 73 20 75 73 65 64"));
    }

    @Test
    void eofPacket() {
        // "EOF_Packet" example: 05 00 00 05 | fe 00 00 02 00
        assertThat(new EofPacket(0, ServerStatus.AUTOCOMMIT).encode()).isEqualTo(Hex.bytes("fe 00 00 02 00"));
    }

    @Test
    void columnDefinition() {
        // "select @@version_comment limit 1": 27 00 00 02 | 03 64 65 66 00 00 00 11 "@@version_comment" 00 0c 08 00 1c 00 00 00 fd 00 00 1f 00 00
        byte[] expected = Hex.bytes("03 64 65 66 00 00 00 11 40 40 76 65 72 73 69 6f 6e 5f 63 6f 6d 6d 65 6e 74 00"
                + " 0c 08 00 1c 00 00 00 fd 00 00 1f 00 00");
        assertThat(new ColumnDefinition41("", "", "", "@@version_comment", "", 8, 28, ColumnType.VAR_STRING, 0, 0x1f).encode())
                .isEqualTo(expected);
        assertThat(expected).hasSize(0x27);
    }

    @Test
    void columnDefinitionForFieldListEndsWithItsDefault() {
        ColumnDefinition41 c = new ColumnDefinition41("db", "t", "t", "id", "id", 63, 11, ColumnType.LONG, 0, 0);
        byte[] plain = c.encode();
        byte[] listed = c.encodeForFieldList(null);
        assertThat(listed).hasSize(plain.length + 1).startsWith(plain);
        assertThat(listed[listed.length - 1] & 0xFF).isEqualTo(0xFB);
        byte[] withDefault = c.encodeForFieldList("42");
        assertThat(withDefault).hasSize(plain.length + 3).startsWith(plain).endsWith(Hex.bytes("02 34 32"));
    }

    @Test
    void textRowWithNull() {
        byte[] row = new TextResultRow(Arrays.asList("1".getBytes(StandardCharsets.UTF_8), null, new byte[0])).encode();
        assertThat(row).isEqualTo(Hex.bytes("01 31 fb 00"));
    }

    @Test
    void authSwitchRequest() {
        byte[] payload = new AuthSwitchRequest("mysql_native_password", Hex.bytes("01 02")).encode();
        assertThat(payload).isEqualTo(Hex.bytes("fe 6d 79 73 71 6c 5f 6e 61 74 69 76 65 5f 70 61 73 73 77 6f 72 64 00 01 02 00"));
    }
}
