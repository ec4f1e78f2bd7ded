package io.splitdb.sql;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueExpressionsTest {

    private static Object value(String literal) throws Exception {
        var source = ValueExpressions.source(CCJSqlParserUtil.parseExpression(literal));
        return source == null ? null : source.resolve(new Object[0]);
    }

    @Test
    void bitLiteralsAreBinaryStringsLikeMysqls() throws Exception {
        assertThat((byte[]) value("b'10101'")).containsExactly(0x15);
        assertThat((byte[]) value("B'1'")).containsExactly(0x01);
        assertThat((byte[]) value("b'111111111'")).containsExactly(0x01, 0xff);
        assertThat((byte[]) value("b'00000000'")).containsExactly(0x00);
    }

    @Test
    void nationalStringsAreStringsAndUnknownPrefixesAreNotValues() throws Exception {
        assertThat(value("N'abc'")).isEqualTo("abc");
        assertThat(value("'it''s'")).isEqualTo("it's");
        assertThat(ValueExpressions.source(CCJSqlParserUtil.parseExpression("E'abc'"))).isNull();
    }
}
