package io.splitdb.proxy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class QueryTextTest {
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(3); // COM_QUERY
        for (Object p : parts) {
            out.writeBytes(p instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) p);
        }
        return out.toByteArray();
    }

    @Test
    void utf8TextIsDecodedAsIs() {
        assertThat(QueryText.decode(bytes("SELECT 'Zoë', \"Weiß\", `tâble` FROM t -- ünï\n"), 1))
                .isEqualTo("SELECT 'Zoë', \"Weiß\", `tâble` FROM t -- ünï\n");
    }

    @Test
    void aLiteralThatIsNotUtf8BecomesAHexLiteralOfTheSameBytes() {
        // PyMySQL sends bytes([0, 1, 2, 255]) as _binary'\0\x01\x02\xff'
        byte[] q = bytes("INSERT INTO t VALUES (_binary'", new byte[] {'\\', '0', 1, 2, (byte) 0xFF}, "', 'ok')");
        assertThat(QueryText.decode(q, 1)).isEqualTo("INSERT INTO t VALUES (X'000102ff', 'ok')");
    }

    @Test
    void escapesAndDoubledQuotesResolveToTheirBytes() {
        byte[] q = bytes("SELECT '", new byte[] {(byte) 0xC3, '\\', '\'', '\'', '\'', '\\', 'n', '\\', '%'}, "'");
        assertThat(QueryText.decode(q, 1)).isEqualTo("SELECT X'c327270a5c25'");
    }

    @Test
    void quotesInsideCommentsAndBackticksDoNotOpenLiterals() {
        byte[] q = bytes("SELECT `it's` /* don't */ , 'x' # it's\n");
        assertThat(QueryText.decode(q, 1)).isEqualTo("SELECT `it's` /* don't */ , 'x' # it's\n");
        byte[] q2 = bytes("SELECT /*/ it's */ '", new byte[] {(byte) 0xFF}, "'");
        assertThat(QueryText.decode(q2, 1)).isEqualTo("SELECT /*/ it's */ X'ff'");
    }
}
