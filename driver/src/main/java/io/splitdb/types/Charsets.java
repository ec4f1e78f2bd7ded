package io.splitdb.types;

import com.mysql.cj.CharsetMapping;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.Locale;
import java.util.Map;

/** The MySQL character sets a protected text column may use, and what the driver needs to know of them. */
final class Charsets {

    private static final Map<String, Integer> MAX_BYTES = Map.of("utf8mb4", 4, "utf8mb3", 3, "latin1", 1, "ascii", 1, "binary", 1);
    /** A collation of each character set Connector/J knows, for the column definition the server would send. */
    private static final Map<String, Integer> COLLATION = Map.of("utf8mb4", 255, "utf8mb3", 33, "latin1", 8, "ascii", 11, "binary", 63);
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private Charsets() {
    }

    /** The supported name of {@code name} (utf8 means utf8mb3), or null if the driver does not support it. */
    static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("utf8")) {
            n = "utf8mb3";
        }
        return MAX_BYTES.containsKey(n) ? n : null;
    }

    /** The character set a collation name belongs to (utf8mb4_0900_ai_ci: utf8mb4). */
    static String ofCollation(String collation) {
        String c = collation.toLowerCase(Locale.ROOT);
        if (c.equals("binary")) {
            return "binary";
        }
        int underscore = c.indexOf('_');
        return canonical(underscore < 0 ? c : c.substring(0, underscore));
    }

    static int maxBytesPerChar(String charset) {
        return MAX_BYTES.getOrDefault(charset, 4);
    }

    static int collationIndex(String charset) {
        return COLLATION.getOrDefault(charset, 255);
    }

    static int maxBytesPerCharOfCollation(int collationIndex) {
        if (collationIndex == 63) {
            return 1;
        }
        String cs = CharsetMapping.getStaticMysqlCharsetNameForCollationIndex(collationIndex);
        return cs == null ? 4 : MAX_BYTES.getOrDefault(cs, cs.startsWith("utf16") || cs.startsWith("utf32") ? 4 : 1);
    }

    /** The MySQL character set of a collation the server sent, falling back on the Java encoding Connector/J chose. */
    static String charsetOfCollation(int collationIndex, String javaEncoding) {
        String cs = CharsetMapping.getStaticMysqlCharsetNameForCollationIndex(collationIndex);
        if (cs != null) {
            return cs;
        }
        return javaEncoding != null && javaEncoding.toUpperCase(Locale.ROOT).contains("1252") ? "latin1" : "utf8mb4";
    }

    /** True if every character of {@code s} exists in the column's character set. */
    static boolean representable(String s, String charset) {
        switch (charset) {
            case "ascii":
                return s.chars().allMatch(c -> c < 0x80);
            case "utf8mb3":
                return s.codePoints().allMatch(c -> c < 0x10000);
            case "latin1": {
                // MySQL's latin1 is cp1252 with its five holes mapped to the same C1 controls
                CharsetEncoder encoder = CP1252.newEncoder();
                return s.chars().allMatch(c -> encoder.canEncode((char) c) || c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D);
            }
            default:
                return true;
        }
    }

    /** The characters of bytes in the column's character set, malformed ones replaced. */
    static String decodeLenient(byte[] b, String charset) {
        switch (charset == null ? "utf8mb4" : charset) {
            case "ascii": return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
            case "latin1": {
                StringBuilder sb = new StringBuilder(b.length);
                for (byte x : b) {
                    int c = x & 0xff;
                    boolean hole = c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
                    sb.append(hole ? (char) c : new String(new byte[] {x}, CP1252).charAt(0));
                }
                return sb.toString();
            }
            default: return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The index (in characters) of the first character the column's character set lacks, or -1. */
    static int firstUnrepresentable(String s, String charset) {
        int index = 0;
        for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i)), index++) {
            if (!representable(new String(Character.toChars(s.codePointAt(i))), charset)) {
                return index;
            }
        }
        return -1;
    }

    /** The index (in characters) of the first malformed sequence of bytes in the column's character set, or -1. */
    static int firstMalformed(byte[] b, String charset) {
        if ("latin1".equals(charset) || "ascii".equals(charset)) {
            return -1;
        }
        int max = "utf8mb3".equals(charset) ? 3 : 4;
        int index = 0;
        int i = 0;
        while (i < b.length) {
            int n = utf8Length(b, i);
            if (n < 0 || n > max) {
                return index;
            }
            i += n;
            index++;
        }
        return -1;
    }

    /** The length of the well-formed UTF-8 sequence at {@code i}, or -1. */
    private static int utf8Length(byte[] b, int i) {
        int c = b[i] & 0xff;
        int n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : -1;
        if (n < 0 || i + n > b.length) {
            return -1;
        }
        for (int k = 1; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return -1;
            }
        }
        int second = b[i + 1 < b.length ? i + 1 : i] & 0xff;
        if (c == 0xe0 && second < 0xa0 || c == 0xed && second > 0x9f || c == 0xf0 && second < 0x90 || c == 0xf4 && second > 0x8f) {
            return -1; // overlong, surrogate, or beyond U+10FFFF
        }
        return n;
    }

    /** True if the bytes are well formed in the column's character set (any byte is latin1). */
    static boolean wellFormed(byte[] b, String charset) {
        switch (charset == null ? "utf8mb4" : charset) {
            case "latin1": case "ascii":
                // single-byte character sets: the server copies any byte (an ascii column keeps 0xA2)
                return true;
            default: {
                try {
                    String s = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(b)).toString();
                    return !"utf8mb3".equals(charset) || representable(s, charset);
                } catch (java.nio.charset.CharacterCodingException e) {
                    return false;
                }
            }
        }
    }

    /** Bytes {@code s} takes in the column's character set. */
    static long byteLength(String s, String charset) {
        switch (charset) {
            case "ascii": case "latin1": case "binary":
                return s.length();
            default: {
                long n = 0;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : Character.isLowSurrogate(c) ? 0 : 3;
                }
                return n;
            }
        }
    }

    /** The bytes a server sends for {@code s} in the column's character set (Connector/J decodes them with the field's encoding). */
    static byte[] encode(String s, String charset) {
        switch (charset == null ? "utf8mb4" : charset) {
            case "ascii": return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            case "latin1": return latin1(s);
            default: return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static byte[] latin1(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            byte[] b = String.valueOf(c).getBytes(CP1252);
            out[i] = c >= 0x80 && c <= 0x9F && (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) ? (byte) c : b[0];
        }
        return out;
    }
}
