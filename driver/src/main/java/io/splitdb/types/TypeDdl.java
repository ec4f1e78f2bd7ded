package io.splitdb.types;

import io.splitdb.types.LogicalType.Kind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads a column type as MySQL DDL writes it, resolving synonyms the way the server does. */
final class TypeDdl {

    private static final Set<String> SPATIAL = Set.of("GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
            "MULTIPOLYGON", "GEOMETRYCOLLECTION", "GEOMCOLLECTION");
    private static final Set<String> OTHER_UNSUPPORTED = Set.of("VECTOR", "UUID", "INET4", "INET6", "XMLTYPE", "ROW", "SYS_REFCURSOR");

    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private int pos;

    private TypeDdl(String text) {
        this.text = text;
    }

    static LogicalType parse(String ddl) throws SQLException {
        if (ddl == null || ddl.isBlank()) {
            throw TypeErrors.syntax("empty column type");
        }
        TypeDdl p = new TypeDdl(ddl.trim());
        p.tokenize();
        return p.type();
    }

    // ---------------------------------------------------------------- tokens

    private void tokenize() throws SQLException {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'' || c == '"') {
                i = quoted(i, c);
            } else if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end < 0) {
                    throw garbage();
                }
                tokens.add(text.substring(i + 1, end));
                i = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(text.substring(start, i));
            } else {
                throw garbage();
            }
        }
    }

    /** A quoted member: kept with a leading quote mark so it cannot be taken for a keyword. */
    private int quoted(int start, char quote) throws SQLException {
        StringBuilder sb = new StringBuilder("'");
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                sb.append(unescape(text.charAt(i + 1)));
                i += 2;
            } else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                sb.append(quote);
                i += 2;
            } else if (c == quote) {
                tokens.add(sb.toString());
                return i + 1;
            } else {
                sb.append(c);
                i++;
            }
        }
        throw garbage();
    }

    private static char unescape(char c) {
        switch (c) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case '0': return '\0';
            case 'b': return '\b';
            case 'Z': return '\u001A';
            default: return c;
        }
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String peekUpper() {
        String t = peek();
        return t == null || t.startsWith("'") ? t : t.toUpperCase(Locale.ROOT);
    }

    private boolean accept(String word) {
        if (word.equals(peekUpper())) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String word) throws SQLException {
        if (!accept(word)) {
            throw garbage();
        }
    }

    private String next() throws SQLException {
        String t = peek();
        if (t == null) {
            throw garbage();
        }
        pos++;
        return t;
    }

    private SQLException garbage() {
        return TypeErrors.syntax("not a column type: " + text);
    }

    // ---------------------------------------------------------------- grammar

    private LogicalType type() throws SQLException {
        String name = next().toUpperCase(Locale.ROOT);
        if (name.startsWith("'")) {
            throw garbage();
        }
        Decl d = new Decl();
        switch (name) {
            case "BOOL": case "BOOLEAN": d.kind = Kind.TINYINT; d.length = 1; break;
            case "TINYINT": case "INT1": integer(d, Kind.TINYINT); break;
            case "SMALLINT": case "INT2": integer(d, Kind.SMALLINT); break;
            case "MEDIUMINT": case "MIDDLEINT": case "INT3": integer(d, Kind.MEDIUMINT); break;
            case "INT": case "INTEGER": case "INT4": integer(d, Kind.INT); break;
            case "BIGINT": case "INT8": integer(d, Kind.BIGINT); break;
            case "SERIAL": d.kind = Kind.BIGINT; d.unsigned = true; break;
            case "DECIMAL": case "DEC": case "NUMERIC": case "FIXED": decimal(d); break;
            case "FLOAT": floatType(d); break;
            case "FLOAT4": d.kind = Kind.FLOAT; realArgs(d); break;
            case "FLOAT8": case "REAL": d.kind = Kind.DOUBLE; realArgs(d); break;
            case "DOUBLE": accept("PRECISION"); d.kind = Kind.DOUBLE; realArgs(d); break;
            case "BIT": d.kind = Kind.BIT; d.length = optionalArg(1, 1, 64); break;
            case "YEAR": year(d); break;
            case "DATE": d.kind = Kind.DATE; break;
            case "TIME": temporal(d, Kind.TIME); break;
            case "DATETIME": temporal(d, Kind.DATETIME); break;
            case "TIMESTAMP": temporal(d, Kind.TIMESTAMP); break;
            case "CHAR": case "CHARACTER": character(d, false); break;
            case "NCHAR": nationalCharacter(d); break;
            case "NATIONAL":
                d.charset = "utf8mb3";
                if (accept("VARCHAR")) {
                    character(d, true);
                } else if (accept("CHAR") || accept("CHARACTER")) {
                    character(d, false);
                } else {
                    throw garbage();
                }
                break;
            case "VARCHAR": case "VARCHARACTER": d.kind = Kind.VARCHAR; d.length = requiredArg(0, 65_535); break;
            case "NVARCHAR": d.kind = Kind.VARCHAR; d.charset = "utf8mb3"; d.length = requiredArg(0, 65_535); break;
            case "BINARY": d.kind = Kind.BINARY; d.length = optionalArg(1, 0, 255); break;
            case "VARBINARY": d.kind = Kind.VARBINARY; d.length = requiredArg(0, 65_535); break;
            case "TINYTEXT": d.kind = Kind.TINYTEXT; break;
            case "TEXT": d.kind = Kind.TEXT; d.length = optionalArg(-1, 0, Integer.MAX_VALUE); break;
            case "MEDIUMTEXT": d.kind = Kind.MEDIUMTEXT; break;
            case "LONGTEXT": d.kind = Kind.LONGTEXT; break;
            case "TINYBLOB": d.kind = Kind.TINYBLOB; break;
            case "BLOB": d.kind = Kind.BLOB; d.length = optionalArg(-1, 0, Integer.MAX_VALUE); break;
            case "MEDIUMBLOB": d.kind = Kind.MEDIUMBLOB; break;
            case "LONGBLOB": d.kind = Kind.LONGBLOB; break;
            case "LONG":
                d.kind = accept("VARBINARY") ? Kind.MEDIUMBLOB : Kind.MEDIUMTEXT;
                accept("VARCHAR");
                break;
            case "ENUM": d.kind = Kind.ENUM; members(d, 65_535); break;
            case "SET": d.kind = Kind.SET; members(d, 64); break;
            case "JSON": d.kind = Kind.JSON; break;
            default:
                if (SPATIAL.contains(name) || OTHER_UNSUPPORTED.contains(name)) {
                    throw TypeErrors.unsupportedType("columns of type " + name + " cannot be protected");
                }
                throw garbage();
        }
        attributes(d);
        if (pos != tokens.size()) {
            throw garbage();
        }
        return d.build();
    }

    private void integer(Decl d, Kind kind) throws SQLException {
        d.kind = kind;
        int width = optionalArg(-1, 0, 255);
        d.length = kind == Kind.TINYINT && width == 1 ? 1 : -1;
    }

    private void decimal(Decl d) throws SQLException {
        d.kind = Kind.DECIMAL;
        d.length = 10;
        d.scale = 0;
        if (accept("(")) {
            d.length = number(1, 65);
            if (accept(",")) {
                d.scale = number(0, 30);
            }
            expect(")");
            if (d.scale > d.length) {
                throw TypeErrors.syntax("DECIMAL scale exceeds its precision: " + text);
            }
        }
    }

    private void floatType(Decl d) throws SQLException {
        d.kind = Kind.FLOAT;
        if (accept("(")) {
            int p = number(0, 255);
            if (accept(",")) {
                d.length = p;
                d.scale = number(0, 30);
                checkReal(d);
            } else if (p > 53) {
                throw TypeErrors.syntax("FLOAT precision above 53: " + text);
            } else if (p > 24) {
                d.kind = Kind.DOUBLE;
            }
            expect(")");
        }
    }

    private void realArgs(Decl d) throws SQLException {
        if (accept("(")) {
            d.length = number(1, 255);
            expect(",");
            d.scale = number(0, 30);
            checkReal(d);
            expect(")");
        }
    }

    private void checkReal(Decl d) throws SQLException {
        if (d.length < 1 || d.scale > d.length) {
            throw TypeErrors.syntax("invalid floating-point precision: " + text);
        }
    }

    private void year(Decl d) throws SQLException {
        d.kind = Kind.YEAR;
        int width = optionalArg(4, 2, 4);
        if (width != 4) {
            throw TypeErrors.unsupportedType("YEAR(" + width + ") is not supported; use YEAR");
        }
    }

    private void temporal(Decl d, Kind kind) throws SQLException {
        d.kind = kind;
        d.scale = optionalArg(0, 0, 6);
    }

    private void character(Decl d, boolean varying) throws SQLException {
        boolean isVarying = varying || accept("VARYING");
        d.kind = isVarying ? Kind.VARCHAR : Kind.CHAR;
        d.length = isVarying ? requiredArg(0, 65_535) : optionalArg(1, 0, 255);
    }

    private void nationalCharacter(Decl d) throws SQLException {
        d.charset = "utf8mb3";
        character(d, accept("VARCHAR"));
    }

    private void members(Decl d, int max) throws SQLException {
        expect("(");
        d.members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        do {
            String m = next();
            if (!m.startsWith("'")) {
                throw garbage();
            }
            String member = stripTrailingSpaces(m.substring(1));
            if (member.contains(",") && d.kind == Kind.SET) {
                throw TypeErrors.syntax("SET members cannot contain ',': " + text);
            }
            if (!seen.add(member.toLowerCase(Locale.ROOT))) {
                throw TypeErrors.syntax("duplicate " + d.kind + " member: " + text);
            }
            d.members.add(member);
        } while (accept(","));
        expect(")");
        if (d.members.size() > max) {
            throw TypeErrors.syntax("too many " + d.kind + " members: " + text);
        }
    }

    private void attributes(Decl d) throws SQLException {
        while (peek() != null) {
            String word = peekUpper();
            pos++;
            switch (word) {
                case "UNSIGNED": numericOnly(d); d.unsigned = true; break;
                case "SIGNED": numericOnly(d); d.unsigned = false; break;
                case "ZEROFILL": numericOnly(d); throw TypeErrors.unsupportedType("ZEROFILL columns cannot be protected: " + text);
                case "CHARACTER": case "CHAR": expect("SET"); charset(d, next()); break;
                case "CHARSET": charset(d, next()); break;
                case "COLLATE": textOnly(d); d.collation = next().toLowerCase(Locale.ROOT); break;
                case "BINARY": textOnly(d); d.binaryCollation = true; break;
                case "ASCII": charset(d, "latin1"); break;
                case "UNICODE": charset(d, "ucs2"); break;
                case "BYTE": charset(d, "binary"); break;
                default: throw garbage();
            }
        }
    }

    private void numericOnly(Decl d) throws SQLException {
        if (!(d.kind.isInteger() || d.kind == Kind.DECIMAL || d.kind == Kind.FLOAT || d.kind == Kind.DOUBLE)) {
            throw garbage();
        }
    }

    private void textOnly(Decl d) throws SQLException {
        if (!d.kind.isText() || d.kind == Kind.JSON) {
            throw garbage();
        }
    }

    private void charset(Decl d, String name) throws SQLException {
        textOnly(d);
        String cs = Charsets.canonical(name);
        if (cs == null) {
            throw TypeErrors.unsupportedType("character set " + name + " is not supported for protected columns (use utf8mb4)");
        }
        d.charset = cs;
    }

    private int optionalArg(int absent, int min, int max) throws SQLException {
        if (!accept("(")) {
            return absent;
        }
        int n = number(min, max);
        expect(")");
        return n;
    }

    private int requiredArg(int min, int max) throws SQLException {
        expect("(");
        int n = number(min, max);
        expect(")");
        return n;
    }

    private int number(int min, int max) throws SQLException {
        String t = next();
        if (!t.chars().allMatch(Character::isDigit) || t.length() > 10) {
            throw garbage();
        }
        long n = Long.parseLong(t);
        if (n < min || n > max) {
            throw TypeErrors.syntax("length " + n + " out of range in column type: " + text);
        }
        return (int) n;
    }

    static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** What the grammar collected; {@link #build} applies MySQL's rules between attributes. */
    private final class Decl {
        Kind kind;
        int length = -1;
        int scale = -1;
        boolean unsigned;
        String charset;
        String collation;
        boolean binaryCollation;
        List<String> members;

        LogicalType build() throws SQLException {
            if (kind.isText() && kind != Kind.JSON) {
                resolveCharset();
            }
            if (kind == Kind.TINYINT && unsigned) {
                length = -1;
            }
            if (kind == Kind.TEXT || kind == Kind.BLOB) {
                sizeByLength();
            }
            if (kind == Kind.VARCHAR && (long) length * Charsets.maxBytesPerChar(charset) > 65_535) {
                throw TypeErrors.syntax("column length too big for VARCHAR (use TEXT): " + text);
            }
            return LogicalType.declared(kind, length, scale, unsigned, kind.isText() && kind != Kind.JSON ? charset : null, collation, members);
        }

        private void resolveCharset() throws SQLException {
            if (charset == null && collation != null) {
                charset = Charsets.ofCollation(collation);
                if (charset == null) {
                    throw TypeErrors.unsupportedType("collation " + collation + " is not supported for protected columns");
                }
            }
            if (charset == null) {
                charset = LogicalType.DEFAULT_CHARSET;
            }
            if (collation != null && !collation.equals("binary") && !charset.equals(Charsets.ofCollation(collation))) {
                throw TypeErrors.syntax("collation " + collation + " does not belong to character set " + charset);
            }
            if (binaryCollation && collation == null) {
                collation = charset + "_bin";
            }
            if ("binary".equals(charset)) {
                toBinary();
            }
        }

        /** CHAR(n) CHARACTER SET binary is BINARY(n), and so on. */
        private void toBinary() {
            switch (kind) {
                case CHAR: kind = Kind.BINARY; break;
                case VARCHAR: kind = Kind.VARBINARY; break;
                case TINYTEXT: kind = Kind.TINYBLOB; break;
                case TEXT: kind = Kind.BLOB; break;
                case MEDIUMTEXT: kind = Kind.MEDIUMBLOB; break;
                case LONGTEXT: kind = Kind.LONGBLOB; break;
                default: break;
            }
            charset = null;
            collation = null;
        }

        /** TEXT(n) and BLOB(n) become the smallest type that holds n characters or bytes. */
        private void sizeByLength() {
            if (length < 0) {
                return;
            }
            long bytes = (long) length * (kind == Kind.TEXT ? Charsets.maxBytesPerChar(charset) : 1);
            boolean text = kind == Kind.TEXT;
            kind = bytes <= 255 ? (text ? Kind.TINYTEXT : Kind.TINYBLOB)
                    : bytes <= 65_535 ? (text ? Kind.TEXT : Kind.BLOB)
                    : bytes <= 16_777_215 ? (text ? Kind.MEDIUMTEXT : Kind.MEDIUMBLOB)
                    : (text ? Kind.LONGTEXT : Kind.LONGBLOB);
            length = -1;
        }
    }
}
