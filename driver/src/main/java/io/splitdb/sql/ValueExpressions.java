package io.splitdb.sql;

import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Column;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;

/**
 * Expressions whose value the driver can know before sending anything: parameters (including
 * lifted literals), literals, NULL, and a sign in front of one of those. Protected columns can
 * only take such values until the driver evaluates expressions itself.
 */
final class ValueExpressions {

    private ValueExpressions() {
    }

    /** True for {@code DEFAULT} in a VALUES list or SET. */
    static boolean isDefault(Expression e) {
        return e instanceof Column c && c.getTable() == null && "DEFAULT".equalsIgnoreCase(c.getColumnName());
    }

    /** The source of {@code e}'s value, or null if the driver cannot know it without evaluating SQL. */
    static ValueSource source(Expression e) {
        if (e instanceof JdbcParameter p) {
            return BackendSqlWriter.sourceOf(p);
        }
        if (e instanceof NullValue) {
            return ValueSource.constant(null);
        }
        if (e instanceof StringValue s) {
            String prefix = s.getPrefix() == null ? "" : s.getPrefix().toUpperCase(java.util.Locale.ROOT);
            if (prefix.equals("B")) {
                byte[] bits = bitBytes(s.getValue());
                return bits == null ? null : ValueSource.constant(bits);
            }
            // N'..' is an ordinary string; other prefixes (E'..', Q'..') are not MySQL's
            return prefix.isEmpty() || prefix.equals("N") ? ValueSource.constant(unescape(s.getValue())) : null;
        }
        if (e instanceof LongValue l) {
            String text = l.getStringValue();
            return ValueSource.constant(text.length() < 19 ? (Object) Long.valueOf(text) : new BigDecimal(text));
        }
        if (e instanceof net.sf.jsqlparser.expression.HexValue h) {
            byte[] bytes = hexBytes(h.getValue());
            return bytes == null ? null : ValueSource.constant(bytes);
        }
        if (e instanceof DoubleValue d) {
            String text = d.toString().trim();
            if (text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                return ValueSource.constant(new BigDecimal(text));  // 2.5 is an exact DECIMAL literal in MySQL
            }
            // 1e2 is a DOUBLE literal: MySQL converts it unlike the decimal text a bound double sends
            return ValueSource.constant(new io.splitdb.types.ValueCodec.DoubleLiteral(d.getValue()));
        }
        if (e instanceof SignedExpression s && (s.getSign() == '-' || s.getSign() == '+')) {
            ValueSource inner = source(s.getExpression());
            if (inner == null) {
                return null;
            }
            return s.getSign() == '+' ? inner : args -> negate(inner.resolve(args));
        }
        return null;
    }

    /** The binary string MySQL makes of {@code b'101'}: the bits right-aligned in whole bytes; null if not binary digits. */
    static byte[] bitBytes(String digits) {
        if (!digits.matches("[01]*")) {
            return null;
        }
        byte[] bytes = new byte[(digits.length() + 7) / 8];
        if (bytes.length == 0) {
            return bytes;
        }
        byte[] value = new BigInteger(digits, 2).toByteArray();
        int copy = Math.min(value.length, bytes.length);
        System.arraycopy(value, value.length - copy, bytes, bytes.length - copy, copy);
        return bytes;
    }

    /** The bytes of {@code x'0AFF'} or {@code 0x0AFF}; null for anything else. */
    static byte[] hexBytes(String text) {
        String literal = text.trim();
        String digits;
        if ((literal.startsWith("x'") || literal.startsWith("X'")) && literal.endsWith("'")) {
            digits = literal.substring(2, literal.length() - 1);
        } else if (literal.startsWith("0x")) {
            digits = literal.substring(2);
            if (digits.length() % 2 == 1) {
                digits = "0" + digits;
            }
        } else {
            return null;
        }
        try {
            return java.util.HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Object negate(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
        }
        if (v instanceof Integer i) {
            return -(long) i;
        }
        if (v instanceof BigDecimal d) {
            return d.negate();
        }
        if (v instanceof BigInteger b) {
            return b.negate();
        }
        if (v instanceof Double d) {
            return -d;
        }
        if (v instanceof Float f) {
            return -f;
        }
        if (v instanceof io.splitdb.types.ValueCodec.DoubleLiteral d) {
            return new io.splitdb.types.ValueCodec.DoubleLiteral(-d.value());
        }
        try {
            return new BigDecimal(v.toString().trim()).negate();
        } catch (NumberFormatException e) {
            throw new SQLException("cannot negate a non-numeric value", "22018");
        }
    }

    /** A quoted literal's text as MySQL reads it ('' and backslash escapes). */
    static String unescape(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char e = raw.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    case '%', '_' -> sb.append('\\').append(e);
                    default -> sb.append(e);
                }
            } else if (c == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
                sb.append('\'');
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
