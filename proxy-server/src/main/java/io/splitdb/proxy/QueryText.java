package io.splitdb.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The text of a COM_QUERY, from the bytes the client sent. Clients put binary values straight into
 * string literals ({@code _binary'...'} from PyMySQL, raw bytes from PHP's emulated prepares), and
 * such bytes are not UTF-8: decoding them as text would corrupt them. A string literal whose bytes
 * are not valid UTF-8 is therefore turned into the hexadecimal literal {@code X'...'} of the same
 * bytes, which MySQL reads as the same value; everything else is decoded as UTF-8.
 */
final class QueryText {
    private static final HexFormat HEX = HexFormat.of();

    private QueryText() {
    }

    /** The statement text in {@code payload} from {@code offset} to the end. */
    static String decode(byte[] payload, int offset) {
        StringBuilder sql = new StringBuilder(payload.length - offset);
        int plainStart = offset;
        int i = offset;
        int n = payload.length;
        while (i < n) {
            byte c = payload[i];
            if (c == '\'' || c == '"') {
                int end = afterQuoted(payload, i, c);
                String literal = utf8(payload, i, end);
                if (literal == null) {
                    sql.append(utf8OrLatin1(payload, plainStart, i));
                    dropBinaryIntroducer(sql);
                    sql.append("X'").append(HEX.formatHex(unescape(payload, i + 1, end - 1, c))).append('\'');
                    plainStart = end;
                }
                i = end;
            } else if (c == '`') {
                i = afterQuoted(payload, i, c);
            } else if (c == '#' || (c == '-' && i + 1 < n && payload[i + 1] == '-' && (i + 2 == n || payload[i + 2] <= ' '))) {
                while (i < n && payload[i] != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && payload[i + 1] == '*') {
                i += 2;
                while (i + 1 < n && !(payload[i] == '*' && payload[i + 1] == '/')) {
                    i++;
                }
                i = Math.min(n, i + 2);
            } else {
                i++;
            }
        }
        sql.append(utf8OrLatin1(payload, plainStart, n));
        return sql.toString();
    }

    /** {@code _binary'...'} becomes {@code X'...'}: a hexadecimal literal is a binary string already. */
    private static void dropBinaryIntroducer(StringBuilder sql) {
        int end = sql.length();
        int start = end - "_binary".length();
        if (start >= 0 && sql.substring(start, end).equalsIgnoreCase("_binary")
                && (start == 0 || !Character.isLetterOrDigit(sql.charAt(start - 1)) && sql.charAt(start - 1) != '_')) {
            sql.setLength(start);
        }
    }

    /** The index after the closing quote of the literal opened at {@code open} (the end of the payload if it is never closed). */
    private static int afterQuoted(byte[] p, int open, byte quote) {
        int i = open + 1;
        while (i < p.length) {
            if (p[i] == '\\' && quote != '`') {
                i += 2;
            } else if (p[i] == quote) {
                if (i + 1 < p.length && p[i + 1] == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return p.length;
    }

    /** The bytes a string literal's body stands for, with MySQL's backslash escapes and doubled quotes resolved. */
    private static byte[] unescape(byte[] p, int from, int to, byte quote) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            byte c = p[i];
            if (c == '\\' && i + 1 < to) {
                byte e = p[i + 1];
                switch (e) {
                    case '0' -> out.write(0);
                    case 'b' -> out.write(8);
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'Z' -> out.write(26);
                    case '%', '_' -> {
                        out.write('\\'); // MySQL keeps the backslash of \% and \_
                        out.write(e);
                    }
                    default -> out.write(e);
                }
                i += 2;
            } else if (c == quote && i + 1 < to && p[i + 1] == quote) {
                out.write(c);
                i += 2;
            } else {
                out.write(c);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** The bytes as UTF-8, or null if they are not valid UTF-8. */
    private static String utf8(byte[] p, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(p, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Text outside string literals: UTF-8 where valid (identifiers, keywords, comments). */
    private static String utf8OrLatin1(byte[] p, int from, int to) {
        String s = utf8(p, from, to);
        return s != null ? s : new String(p, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
