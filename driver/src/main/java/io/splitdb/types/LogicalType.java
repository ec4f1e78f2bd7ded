package io.splitdb.types;

import com.mysql.cj.CharsetMapping;
import com.mysql.cj.MysqlType;
import com.mysql.cj.conf.DefaultPropertySet;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.protocol.a.NativeProtocol;
import com.mysql.cj.result.DefaultColumnDefinition;
import com.mysql.cj.result.Field;
import com.mysql.cj.util.LazyString;
import net.sf.jsqlparser.statement.create.table.ColDataType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A column's logical SQL type as the application declared it (or as a backend reported it for
 * computed columns). Immutable; equal types have equal {@link #ddl()}.
 *
 * <p>Besides the declaration it holds the column definition a MySQL server sends for such a column
 * (protocol type, flags, length, decimals, collation), from which the result-set metadata and
 * every getter conversion follow the way Connector/J 9 derives them with default properties.
 *
 * <p>The Java class a value of each type has inside the driver ({@link ValueCodec#normalize}) is
 * its lossless canonical form, which is not always what {@code getObject} returns
 * ({@link JdbcValues#getObject(Object, LogicalType)} converts): TINYINT(1) and BOOLEAN hold an
 * {@code Integer}, BIT a {@code Long} (the unsigned bits), YEAR an {@code Integer}, DATE a
 * {@code LocalDate}, DATETIME a {@code LocalDateTime}, TIMESTAMP an {@code Instant}, TIME a
 * {@code Duration}, FLOAT the {@code Float} MySQL stores (its text has 6 significant digits). The
 * other integer types hold Integer, Long (INT UNSIGNED, BIGINT) or BigInteger (BIGINT UNSIGNED),
 * DECIMAL a BigDecimal at the column's scale, DOUBLE a Double, character types, ENUM, SET and JSON
 * a String, binary types a byte[]. A zero date (MariaDB only) is held as {@link ServerText}.
 */
public final class LogicalType {

    /** The declared type, synonyms resolved. */
    enum Kind {
        TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, BIT, YEAR, DATE, TIME, DATETIME, TIMESTAMP,
        CHAR, VARCHAR, TINYTEXT, TEXT, MEDIUMTEXT, LONGTEXT, BINARY, VARBINARY, TINYBLOB, BLOB, MEDIUMBLOB, LONGBLOB,
        ENUM, SET, JSON,
        /** The type of a NULL literal in a select list (backend metadata only). */
        NULL,
        /** Spatial, VECTOR and other types only read straight from a backend; values are bytes. */
        OTHER;

        boolean isInteger() {
            return ordinal() <= BIGINT.ordinal();
        }

        boolean isTemporal() {
            return this == YEAR || this == DATE || this == TIME || this == DATETIME || this == TIMESTAMP;
        }

        boolean isText() {
            return this == CHAR || this == VARCHAR || this == TINYTEXT || this == TEXT || this == MEDIUMTEXT || this == LONGTEXT
                    || this == ENUM || this == SET || this == JSON;
        }

        boolean isBinary() {
            return this == BINARY || this == VARBINARY || this == TINYBLOB || this == BLOB || this == MEDIUMBLOB || this == LONGBLOB
                    || this == OTHER;
        }

        /** Storage limit in bytes of the TEXT and BLOB families. */
        long capacity() {
            switch (this) {
                case TINYTEXT: case TINYBLOB: return 255;
                case TEXT: case BLOB: return 65_535;
                case MEDIUMTEXT: case MEDIUMBLOB: return 16_777_215;
                case LONGTEXT: case LONGBLOB: case JSON: return 4_294_967_295L;
                default: return -1;
            }
        }
    }

    static final String DEFAULT_CHARSET = "utf8mb4";
    /** Connector/J's defaults, for deriving metadata exactly as it does. */
    static final PropertySet DEFAULT_PROPERTIES = defaultProperties();

    private static final short UNSIGNED_FLAG = 32;
    private static final short ZEROFILL_FLAG = 64;
    private static final short BINARY_FLAG = 128;
    private static final short BLOB_FLAG = 16;
    private static final short ENUM_FLAG = 256;
    private static final short SET_FLAG = 2048;
    private static final int BINARY_COLLATION = 63;

    private final Kind kind;
    private final int length;
    private final int scale;
    private final boolean unsigned;
    private final String charset;
    private final String collation;
    private final List<String> members;
    private final Wire wire;
    private final Meta meta;
    private final com.mysql.cj.protocol.ColumnDefinition definition;

    /** What a server sends in the column definition packet (after Connector/J's length and decimals adjustments). */
    record Wire(int protocolType, short flags, long length, int decimals, int collationIndex, String encoding, MysqlType mysqlType) {
        Field field() {
            LazyString table = new LazyString("t");
            LazyString column = new LazyString("v");
            return new Field(new LazyString(""), table, table, column, column, length, protocolType, flags, decimals,
                    collationIndex, encoding, mysqlType);
        }

        boolean zeroFill() {
            return (flags & ZEROFILL_FLAG) != 0;
        }
    }

    /** What Connector/J's ResultSetMetaData reports. */
    private record Meta(int jdbcType, String typeName, String className, int precision, int scale, int displaySize) {
    }

    private LogicalType(Kind kind, int length, int scale, boolean unsigned, String charset, String collation, List<String> members,
                        Wire wire, Meta meta) {
        this.kind = kind;
        this.length = length;
        this.scale = scale;
        this.unsigned = unsigned;
        this.charset = charset;
        this.collation = collation;
        this.members = members == null ? List.of() : List.copyOf(members);
        this.wire = wire;
        this.meta = meta;
        this.definition = new DefaultColumnDefinition(new Field[] {wire.field()});
    }

    // ---------------------------------------------------------------- construction

    /**
     * Parses a column type as written in DDL: {@code "varchar(100)"}, {@code "DECIMAL(10, 2) UNSIGNED"},
     * {@code "enum('a','b')"}, {@code "char(2) character set ascii"}, {@code "boolean"} ...
     *
     * @throws java.sql.SQLSyntaxErrorException (42000) if it is not a type
     * @throws java.sql.SQLFeatureNotSupportedException (0A000) for types the driver does not protect (spatial, ZEROFILL, ...)
     */
    public static LogicalType parse(String typeDdl) throws SQLException {
        return TypeDdl.parse(typeDdl);
    }

    /** The type of a column in JSqlParser's CREATE TABLE AST (attributes JSqlParser keeps in the column specs are missed; see the overload). */
    public static LogicalType fromColumnDefinition(ColDataType t) throws SQLException {
        if (t.getArrayData() != null && !t.getArrayData().isEmpty()) {
            throw TypeErrors.unsupportedType("array types are not supported: " + t);
        }
        return parse(t.toString());
    }

    /**
     * The type of a column in JSqlParser's CREATE TABLE AST, including UNSIGNED, ZEROFILL, CHARACTER SET,
     * COLLATE and BINARY when JSqlParser put them among the column specs.
     */
    public static LogicalType fromColumnDefinition(net.sf.jsqlparser.statement.create.table.ColumnDefinition column) throws SQLException {
        StringBuilder ddl = new StringBuilder(column.getColDataType().toString());
        List<String> specs = column.getColumnSpecs();
        if (specs != null) {
            for (int i = 0; i < specs.size(); i++) {
                String spec = specs.get(i).toUpperCase(Locale.ROOT);
                switch (spec) {
                    case "UNSIGNED": case "SIGNED": case "ZEROFILL": case "BINARY": case "ASCII": case "UNICODE":
                        ddl.append(' ').append(spec);
                        break;
                    case "CHARSET": case "COLLATE":
                        if (i + 1 < specs.size()) {
                            ddl.append(' ').append(spec).append(' ').append(specs.get(++i));
                        }
                        break;
                    case "CHARACTER":
                        if (i + 2 < specs.size() && "SET".equalsIgnoreCase(specs.get(i + 1))) {
                            ddl.append(" CHARACTER SET ").append(specs.get(i + 2));
                            i += 2;
                        }
                        break;
                    case "DEFAULT": case "COMMENT": case "ON":
                        i++; // the value after it is no type attribute
                        break;
                    default:
                        break;
                }
            }
        }
        if (column.getColDataType().getArrayData() != null && !column.getColDataType().getArrayData().isEmpty()) {
            throw TypeErrors.unsupportedType("array types are not supported: " + column.getColDataType());
        }
        return parse(ddl.toString());
    }

    /**
     * The type of a column read straight from a backend. With Connector/J's metadata the column
     * definition the server sent is kept as is, so getters convert exactly as Connector/J does.
     */
    public static LogicalType fromMetadata(ResultSetMetaData md, int column) throws SQLException {
        Meta meta = new Meta(md.getColumnType(column), md.getColumnTypeName(column), md.getColumnClassName(column),
                md.getPrecision(column), md.getScale(column), md.getColumnDisplaySize(column));
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            Field f = md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields()[column - 1];
            Wire wire = new Wire(f.getMysqlTypeId(), f.getFlags(), f.getLength(), f.getDecimals(), f.getCollationIndex(),
                    f.getEncoding(), f.getMysqlType());
            return fromWire(wire, meta);
        }
        LogicalType guessed = guessFromName(meta);
        return new LogicalType(guessed.kind, guessed.length, guessed.scale, guessed.unsigned, guessed.charset, null, List.of(),
                guessed.wire, meta);
    }

    /** A declared type: the server's column definition and Connector/J's metadata follow from it. */
    static LogicalType declared(Kind kind, int length, int scale, boolean unsigned, String charset, String collation,
                                List<String> members) {
        Wire wire = wireFor(kind, length, scale, unsigned, charset, members);
        return new LogicalType(kind, length, scale, unsigned, charset, collation, members, wire, metaOf(wire));
    }

    // ---------------------------------------------------------------- the contract

    /** Canonical DDL that {@link #parse} reads back to an equal type: "VARCHAR(100)", "DECIMAL(10,2) UNSIGNED", "ENUM('a','b')". */
    public String ddl() {
        StringBuilder sb = new StringBuilder(baseName());
        switch (kind) {
            case TINYINT:
                if (length == 1) {
                    sb.append("(1)");
                }
                break;
            case DECIMAL: case BIT: case CHAR: case VARCHAR: case BINARY: case VARBINARY:
                sb.append('(').append(length).append(kind == Kind.DECIMAL ? "," + scale : "").append(')');
                break;
            case FLOAT: case DOUBLE:
                if (scale >= 0) {
                    sb.append('(').append(length).append(',').append(scale).append(')');
                }
                break;
            case TIME: case DATETIME: case TIMESTAMP:
                if (scale > 0) {
                    sb.append('(').append(scale).append(')');
                }
                break;
            case ENUM: case SET:
                sb.append('(');
                for (int i = 0; i < members.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append('\'').append(members.get(i).replace("\\", "\\\\").replace("'", "''")).append('\'');
                }
                sb.append(')');
                break;
            default:
                break;
        }
        if (unsigned) {
            sb.append(" UNSIGNED");
        }
        if (charset != null && !DEFAULT_CHARSET.equals(charset) && kind.isText() && kind != Kind.JSON) {
            sb.append(" CHARACTER SET ").append(charset);
        }
        if (collation != null) {
            sb.append(" COLLATE ").append(collation);
        }
        return sb.toString();
    }

    /** "VARCHAR", "INT", "DECIMAL", "ENUM", ... (upper case, no arguments, no UNSIGNED). */
    public String baseName() {
        return kind == Kind.OTHER ? wire.mysqlType().getName() : kind.name();
    }

    /** {@link java.sql.Types} as Connector/J's {@code getColumnType} reports it (BIT for TINYINT(1)). */
    public int jdbcType() {
        return meta.jdbcType();
    }

    /** As Connector/J's {@code getColumnTypeName} reports it: "INT UNSIGNED", "BIT" for TINYINT(1), "CHAR" for ENUM and SET. */
    public String jdbcTypeName() {
        return meta.typeName();
    }

    /** As Connector/J's {@code getColumnClassName} reports it. */
    public String javaClassName() {
        return meta.className();
    }

    public int precision() {
        return meta.precision();
    }

    public int scale() {
        return meta.scale();
    }

    public int displaySize() {
        return meta.displaySize();
    }

    public boolean unsigned() {
        return unsigned;
    }

    /** Character types, ENUM, SET and JSON: equality follows a collation. */
    public boolean isText() {
        return kind.isText();
    }

    public boolean isBinary() {
        return kind.isBinary();
    }

    /** Integer types, DECIMAL, FLOAT, DOUBLE and BIT. */
    public boolean isNumeric() {
        return kind.isInteger() || kind == Kind.DECIMAL || kind == Kind.FLOAT || kind == Kind.DOUBLE || kind == Kind.BIT;
    }

    /** DATE, TIME, DATETIME, TIMESTAMP and YEAR. */
    public boolean isTemporal() {
        return kind.isTemporal();
    }

    /**
     * Upper bound on the length of {@link ValueCodec#encode} for this type, or -1 for the TEXT, BLOB
     * and JSON families (store those as BLOBs).
     */
    public int maxEncodedBytes() {
        switch (kind) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT: case DOUBLE: case BIT: case TIME:
                return 9;
            case DATETIME: case TIMESTAMP:
                return 1 + 19 + fraction(scale); // a MariaDB zero date is kept as its text
            case DATE:
                return 11;
            case FLOAT:
                return 5;
            case YEAR:
                return 3;
            case DECIMAL:
                return 2 + BigInteger.TEN.pow(length).toByteArray().length;
            case CHAR: case VARCHAR:
                return 1 + length * utf8BytesPerChar();
            case BINARY: case VARBINARY:
                return 1 + length;
            case TINYTEXT:
                // utf8mb4 and utf8mb3 text is UTF-8 already; a latin1 character may take 3 UTF-8 bytes
                return 1 + (int) (charset.startsWith("utf8") ? kind.capacity() : kind.capacity() * utf8BytesPerChar());
            case TINYBLOB:
                return 1 + (int) kind.capacity();
            case ENUM:
                return 1 + members.stream().mapToInt(m -> m.getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
            case SET:
                return members.size() + members.stream().mapToInt(m -> m.getBytes(StandardCharsets.UTF_8).length).sum();
            case NULL:
                return 1;
            default:
                return -1;
        }
    }

    // ---------------------------------------------------------------- additions

    /** Declared length: characters (CHAR, VARCHAR), bytes (BINARY, VARBINARY), bits (BIT), digits (DECIMAL, FLOAT(M,D)); 1 for TINYINT(1); else -1. */
    public int length() {
        return length;
    }

    /** Fractional-second digits of TIME, DATETIME and TIMESTAMP (0..6), digits after the point of DECIMAL and FLOAT(M,D); else -1. */
    public int fractionDigits() {
        return scale;
    }

    /** The column's MySQL character set (utf8mb4, utf8mb3, latin1, ascii) for character types, else null. */
    public String charset() {
        return charset;
    }

    /** The collation as declared, or null for the character set's default. */
    public String collation() {
        return collation;
    }

    /** ENUM and SET members in declaration order (trailing spaces removed, as MySQL does); empty otherwise. */
    public List<String> members() {
        return members;
    }

    /** TINYINT(1) and BOOLEAN: Connector/J reports BIT and returns Boolean from getObject. */
    public boolean isBooleanLike() {
        return kind == Kind.TINYINT && length == 1 && !unsigned;
    }

    Kind kind() {
        return kind;
    }

    Wire wire() {
        return wire;
    }

    com.mysql.cj.protocol.ColumnDefinition columnDefinition() {
        return definition;
    }

    int bitBytes() {
        return (length + 7) / 8;
    }

    /** Most UTF-8 bytes one character of this column's character set takes (a latin1 '€' is 3). */
    private int utf8BytesPerChar() {
        return "ascii".equals(charset) ? 1 : "utf8mb4".equals(charset) ? 4 : 3;
    }

    /**
     * Equal types declare the same column and convert values alike: the server's key and
     * nullability flags and its collation number do not count.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof LogicalType t && kind == t.kind && length == t.length && scale == t.scale && unsigned == t.unsigned
                && Objects.equals(charset, t.charset) && Objects.equals(collation, t.collation) && members.equals(t.members)
                && meta.equals(t.meta) && wire.mysqlType() == t.wire.mysqlType() && wire.protocolType() == t.wire.protocolType()
                && wire.zeroFill() == t.wire.zeroFill();
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, length, scale, unsigned, charset, collation, members, meta);
    }

    @Override
    public String toString() {
        return ddl();
    }

    // ---------------------------------------------------------------- server column definitions

    private static Wire wireFor(Kind kind, int length, int scale, boolean unsigned, String charset, List<String> members) {
        short sign = unsigned ? UNSIGNED_FLAG : 0;
        int mb = charset == null ? 1 : Charsets.maxBytesPerChar(charset);
        int textCollation = charset == null ? BINARY_COLLATION : Charsets.collationIndex(charset);
        switch (kind) {
            case TINYINT: return wire(MysqlType.FIELD_TYPE_TINY, sign, length == 1 ? 1 : unsigned ? 3 : 4, 0, BINARY_COLLATION);
            case SMALLINT: return wire(MysqlType.FIELD_TYPE_SHORT, sign, 6, 0, BINARY_COLLATION);
            case MEDIUMINT: return wire(MysqlType.FIELD_TYPE_INT24, sign, 9, 0, BINARY_COLLATION);
            case INT: return wire(MysqlType.FIELD_TYPE_LONG, sign, 11, 0, BINARY_COLLATION);
            case BIGINT: return wire(MysqlType.FIELD_TYPE_LONGLONG, sign, 20, 0, BINARY_COLLATION);
            case DECIMAL:
                return wire(MysqlType.FIELD_TYPE_NEWDECIMAL, sign, length + (scale > 0 ? 1 : 0) + (unsigned ? 0 : 1), scale, BINARY_COLLATION);
            case FLOAT: return wire(MysqlType.FIELD_TYPE_FLOAT, sign, scale < 0 ? 12 : length, scale < 0 ? 31 : scale, BINARY_COLLATION);
            case DOUBLE: return wire(MysqlType.FIELD_TYPE_DOUBLE, sign, scale < 0 ? 22 : length, scale < 0 ? 31 : scale, BINARY_COLLATION);
            case BIT: return wire(MysqlType.FIELD_TYPE_BIT, UNSIGNED_FLAG, length, 0, BINARY_COLLATION);
            case YEAR: return wire(MysqlType.FIELD_TYPE_YEAR, (short) (UNSIGNED_FLAG | ZEROFILL_FLAG), 4, 0, BINARY_COLLATION);
            case DATE: return wire(MysqlType.FIELD_TYPE_DATE, BINARY_FLAG, 10, 0, BINARY_COLLATION);
            case TIME: return wire(MysqlType.FIELD_TYPE_TIME, BINARY_FLAG, 10 + fraction(scale), scale, BINARY_COLLATION);
            case DATETIME: return wire(MysqlType.FIELD_TYPE_DATETIME, BINARY_FLAG, 19 + fraction(scale), scale, BINARY_COLLATION);
            case TIMESTAMP: return wire(MysqlType.FIELD_TYPE_TIMESTAMP, BINARY_FLAG, 19 + fraction(scale), scale, BINARY_COLLATION);
            case CHAR: return wire(MysqlType.FIELD_TYPE_STRING, (short) 0, (long) length * mb, 0, textCollation);
            case VARCHAR: return wire(MysqlType.FIELD_TYPE_VAR_STRING, (short) 0, (long) length * mb, 0, textCollation);
            case BINARY: return wire(MysqlType.FIELD_TYPE_STRING, BINARY_FLAG, length, 0, BINARY_COLLATION);
            case VARBINARY: return wire(MysqlType.FIELD_TYPE_VAR_STRING, BINARY_FLAG, length, 0, BINARY_COLLATION);
            case TINYTEXT: case TEXT: case MEDIUMTEXT: case LONGTEXT:
                return wire(blobProtocolType(kind), BLOB_FLAG, kind.capacity(), 0, textCollation);
            case TINYBLOB: case BLOB: case MEDIUMBLOB: case LONGBLOB:
                return wire(blobProtocolType(kind), (short) (BLOB_FLAG | BINARY_FLAG), kind.capacity(), 0, BINARY_COLLATION);
            case ENUM:
                return wire(MysqlType.FIELD_TYPE_STRING, ENUM_FLAG, (long) mb * members.stream().mapToInt(LogicalType::chars).max().orElse(0),
                        0, textCollation);
            case SET:
                return wire(MysqlType.FIELD_TYPE_STRING, SET_FLAG,
                        (long) mb * (members.size() - 1 + members.stream().mapToInt(LogicalType::chars).sum()), 0, textCollation);
            case JSON: return wire(MysqlType.FIELD_TYPE_JSON, (short) (BLOB_FLAG | BINARY_FLAG), kind.capacity(), 0, BINARY_COLLATION);
            case NULL: return wire(MysqlType.FIELD_TYPE_NULL, BINARY_FLAG, 0, 0, BINARY_COLLATION);
            default: return wire(MysqlType.FIELD_TYPE_GEOMETRY, (short) (BLOB_FLAG | BINARY_FLAG), 4_294_967_295L, 0, BINARY_COLLATION);
        }
    }

    private static int fraction(int fsp) {
        return fsp > 0 ? fsp + 1 : 0;
    }

    private static int chars(String s) {
        return s.codePointCount(0, s.length());
    }

    private static int blobProtocolType(Kind kind) {
        switch (kind) {
            case TINYTEXT: case TINYBLOB: return MysqlType.FIELD_TYPE_TINY_BLOB;
            case MEDIUMTEXT: case MEDIUMBLOB: return MysqlType.FIELD_TYPE_MEDIUM_BLOB;
            case LONGTEXT: case LONGBLOB: return MysqlType.FIELD_TYPE_LONG_BLOB;
            default: return MysqlType.FIELD_TYPE_BLOB;
        }
    }

    /** Runs the server's column definition through Connector/J's type detection and length adjustments. */
    private static Wire wire(int protocolType, short flags, long length, int decimals, int collationIndex) {
        String encoding = CharsetMapping.getStaticJavaEncodingForCollationIndex(collationIndex);
        LazyString table = new LazyString("t");
        MysqlType type = NativeProtocol.findMysqlType(DEFAULT_PROPERTIES, protocolType, flags, length, table, table, collationIndex, encoding);
        long adjusted = length;
        int dec = decimals;
        switch (type) {
            case TINYINT: case TINYINT_UNSIGNED: case SMALLINT: case SMALLINT_UNSIGNED: case MEDIUMINT: case MEDIUMINT_UNSIGNED:
            case INT: case INT_UNSIGNED: case BIGINT: case BIGINT_UNSIGNED: case BOOLEAN:
                adjusted = type.getPrecision();
                break;
            case DECIMAL:
                adjusted = length - 1 - (decimals > 0 ? 1 : 0);
                break;
            case DECIMAL_UNSIGNED:
                adjusted = length - (decimals > 0 ? 1 : 0);
                break;
            case FLOAT: case FLOAT_UNSIGNED: case DOUBLE: case DOUBLE_UNSIGNED:
                dec = decimals == 31 ? 0 : decimals;
                break;
            default:
                break;
        }
        return new Wire(protocolType, flags, adjusted, dec, collationIndex, encoding, type);
    }

    /** Connector/J's ResultSetMetaData rules (yearIsDateType=true). */
    private static Meta metaOf(Wire wire) {
        MysqlType type = wire.mysqlType();
        int clamped = (int) Math.min(wire.length(), Integer.MAX_VALUE);
        int perChar = Charsets.maxBytesPerCharOfCollation(wire.collationIndex());
        int precision;
        switch (type) {
            case TINYBLOB: case BLOB: case MEDIUMBLOB: case LONGBLOB:
                precision = clamped;
                break;
            default:
                precision = type.isDecimal() ? clamped : clamped / perChar;
        }
        return new Meta(type.getJdbcType(), type.getName(), type.getClassName(), precision, type.isDecimal() ? wire.decimals() : 0,
                clamped / perChar);
    }

    private static LogicalType fromWire(Wire wire, Meta meta) {
        MysqlType t = wire.mysqlType();
        boolean uns = (wire.flags() & UNSIGNED_FLAG) != 0;
        String charset = Charsets.charsetOfCollation(wire.collationIndex(), wire.encoding());
        int perChar = Charsets.maxBytesPerCharOfCollation(wire.collationIndex());
        int len = (int) Math.min(wire.length(), Integer.MAX_VALUE);
        Kind kind;
        int length = -1;
        int scale = -1;
        switch (t) {
            case BIT:
                if (wire.protocolType() == MysqlType.FIELD_TYPE_TINY) {
                    kind = Kind.TINYINT;
                    length = 1;
                } else {
                    kind = Kind.BIT;
                    length = len;
                }
                uns = false;
                break;
            case BOOLEAN: kind = Kind.TINYINT; length = 1; break;
            case TINYINT: case TINYINT_UNSIGNED: kind = Kind.TINYINT; break;
            case SMALLINT: case SMALLINT_UNSIGNED: kind = Kind.SMALLINT; break;
            case MEDIUMINT: case MEDIUMINT_UNSIGNED: kind = Kind.MEDIUMINT; break;
            case INT: case INT_UNSIGNED: kind = Kind.INT; break;
            case BIGINT: case BIGINT_UNSIGNED: kind = Kind.BIGINT; break;
            case DECIMAL: case DECIMAL_UNSIGNED: kind = Kind.DECIMAL; length = len; scale = wire.decimals(); break;
            case FLOAT: case FLOAT_UNSIGNED: case DOUBLE: case DOUBLE_UNSIGNED:
                kind = t == MysqlType.FLOAT || t == MysqlType.FLOAT_UNSIGNED ? Kind.FLOAT : Kind.DOUBLE;
                if (wire.decimals() > 0) {
                    length = len;
                    scale = wire.decimals();
                }
                break;
            case YEAR: kind = Kind.YEAR; uns = false; break;
            case DATE: kind = Kind.DATE; uns = false; break;
            case TIME: kind = Kind.TIME; scale = wire.decimals(); uns = false; break;
            case DATETIME: kind = Kind.DATETIME; scale = wire.decimals(); uns = false; break;
            case TIMESTAMP: kind = Kind.TIMESTAMP; scale = wire.decimals(); uns = false; break;
            case CHAR: case ENUM: case SET: kind = Kind.CHAR; length = len / perChar; uns = false; break;
            case VARCHAR: kind = Kind.VARCHAR; length = len / perChar; uns = false; break;
            case BINARY: kind = Kind.BINARY; length = len; uns = false; break;
            case VARBINARY: kind = Kind.VARBINARY; length = len; uns = false; break;
            case TINYTEXT: kind = Kind.TINYTEXT; uns = false; break;
            case TEXT: kind = Kind.TEXT; uns = false; break;
            case MEDIUMTEXT: kind = Kind.MEDIUMTEXT; uns = false; break;
            case LONGTEXT: kind = Kind.LONGTEXT; uns = false; break;
            case TINYBLOB: kind = Kind.TINYBLOB; uns = false; break;
            case BLOB: kind = Kind.BLOB; uns = false; break;
            case MEDIUMBLOB: kind = Kind.MEDIUMBLOB; uns = false; break;
            case LONGBLOB: kind = Kind.LONGBLOB; uns = false; break;
            case JSON: kind = Kind.JSON; uns = false; break;
            case NULL: kind = Kind.NULL; uns = false; break;
            default: kind = Kind.OTHER; uns = false; break;
        }
        String cs = kind.isText() && kind != Kind.JSON ? charset : null;
        return new LogicalType(kind, length, scale, uns, cs, null, List.of(), wire, meta);
    }

    /** Without Connector/J's metadata: the reported type name, precision and scale decide. */
    private static LogicalType guessFromName(Meta meta) throws SQLException {
        String name = meta.typeName() == null ? "" : meta.typeName().toUpperCase(Locale.ROOT);
        boolean uns = name.endsWith(" UNSIGNED");
        String base = uns ? name.substring(0, name.length() - " UNSIGNED".length()) : name;
        String ddl;
        switch (base) {
            case "BIT":
                ddl = meta.jdbcType() == Types.BIT && meta.precision() <= 1 ? "TINYINT(1)" : "BIT(" + Math.max(1, meta.precision()) + ")";
                break;
            case "DECIMAL": ddl = "DECIMAL(" + Math.max(1, meta.precision()) + "," + meta.scale() + ")"; break;
            case "CHAR": case "VARCHAR": case "BINARY": case "VARBINARY": ddl = base + "(" + meta.precision() + ")"; break;
            case "TIME": case "DATETIME": case "TIMESTAMP":
                int fsp = Math.max(0, meta.precision() - (base.equals("TIME") ? 10 : 19) - 1);
                ddl = base + "(" + Math.min(fsp, 6) + ")";
                break;
            case "NULL": return declared(Kind.NULL, -1, -1, false, null, null, List.of());
            default: ddl = base;
        }
        try {
            return parse(ddl + (uns ? " UNSIGNED" : ""));
        } catch (SQLException e) {
            return declared(Kind.OTHER, -1, -1, false, null, null, List.of());
        }
    }

    private static PropertySet defaultProperties() {
        DefaultPropertySet props = new DefaultPropertySet();
        // a connection negotiates utf8mb4; binary-collation columns are decoded with it
        props.getStringProperty(com.mysql.cj.conf.PropertyKey.characterEncoding).setValue("UTF-8");
        return props;
    }
}
