package io.splitdb.types;

import com.mysql.cj.MysqlType;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.exceptions.CJException;
import com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping;
import com.mysql.cj.protocol.a.MysqlTextValueDecoder;
import com.mysql.cj.protocol.a.result.ByteArrayRow;
import com.mysql.cj.result.BigDecimalValueFactory;
import com.mysql.cj.result.BooleanValueFactory;
import com.mysql.cj.result.ByteValueFactory;
import com.mysql.cj.result.DoubleValueFactory;
import com.mysql.cj.result.DurationValueFactory;
import com.mysql.cj.result.Field;
import com.mysql.cj.result.FloatValueFactory;
import com.mysql.cj.result.IntegerValueFactory;
import com.mysql.cj.result.LocalDateTimeValueFactory;
import com.mysql.cj.result.LocalDateValueFactory;
import com.mysql.cj.result.LocalTimeValueFactory;
import com.mysql.cj.result.LongValueFactory;
import com.mysql.cj.result.OffsetDateTimeValueFactory;
import com.mysql.cj.result.OffsetTimeValueFactory;
import com.mysql.cj.result.ShortValueFactory;
import com.mysql.cj.result.SqlDateValueFactory;
import com.mysql.cj.result.SqlTimeValueFactory;
import com.mysql.cj.result.SqlTimestampValueFactory;
import com.mysql.cj.result.StringValueFactory;
import com.mysql.cj.result.UtilCalendarValueFactory;
import com.mysql.cj.result.UuidValueFactory;
import com.mysql.cj.result.ValueFactory;
import com.mysql.cj.result.ZonedDateTimeValueFactory;
import io.splitdb.types.LogicalType.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Converts the values held in a result row to what each {@link java.sql.ResultSet} getter returns,
 * exactly as MySQL Connector/J 9 does with default properties over the text protocol: the value is
 * written as the server would send it and run through Connector/J's own decoder and value
 * factories with the column definition of {@code type}. {@code type} is never null; a null value
 * gives null, or 0/false from the primitive getters (the caller tracks wasNull).
 *
 * <p>Row values are canonical (see {@link LogicalType}); what Connector/J's {@code getObject}
 * returns is accepted too, and so is a {@link ServerText}. Failed conversions throw SQLException
 * with Connector/J's SQLState (22018 unsupported conversion, 22003 out of range, S1009 bad value),
 * naming the types, never the value.
 */
public final class JdbcValues {

    private static final PropertySet PROPS = LogicalType.DEFAULT_PROPERTIES;
    private static final MysqlTextValueDecoder DECODER = new MysqlTextValueDecoder();

    private JdbcValues() {
    }

    // ---------------------------------------------------------------- getters

    public static String getString(Object v, LogicalType type) throws SQLException {
        if (v == null) {
            return null;
        }
        Object c = Canonical.of(v, type);
        // UTF-8 text comes back as stored; other character sets go through their bytes, as Connector/J
        // decodes them (a latin1 0x81 becomes U+FFFD in Java's windows-1252)
        boolean utf8 = type.charset() == null || type.charset().startsWith("utf8");
        String s = type.isText() && utf8 && c instanceof String str ? str : convert(c, type, new StringValueFactory(PROPS), String.class);
        if (s != null && type.wire().zeroFill() && type.kind() != Kind.YEAR) {
            s = "0".repeat((int) Math.max(0, type.wire().length() - s.length())) + s;
        }
        return s;
    }

    public static boolean getBoolean(Object v, LogicalType type) throws SQLException {
        Boolean b = v == null ? null : convert(v, type, new BooleanValueFactory(PROPS), Boolean.class);
        return b != null && b;
    }

    public static byte getByte(Object v, LogicalType type) throws SQLException {
        Byte b = v == null ? null : convert(v, type, new ByteValueFactory(PROPS), Byte.class);
        return b == null ? 0 : b;
    }

    public static short getShort(Object v, LogicalType type) throws SQLException {
        Short s = v == null ? null : convert(v, type, new ShortValueFactory(PROPS), Short.class);
        return s == null ? 0 : s;
    }

    public static int getInt(Object v, LogicalType type) throws SQLException {
        Integer i = v == null ? null : convert(v, type, new IntegerValueFactory(PROPS), Integer.class);
        return i == null ? 0 : i;
    }

    public static long getLong(Object v, LogicalType type) throws SQLException {
        Long l = v == null ? null : convert(v, type, new LongValueFactory(PROPS), Long.class);
        return l == null ? 0 : l;
    }

    public static float getFloat(Object v, LogicalType type) throws SQLException {
        Float f = v == null ? null : convert(v, type, new FloatValueFactory(PROPS), Float.class);
        return f == null ? 0 : f;
    }

    public static double getDouble(Object v, LogicalType type) throws SQLException {
        Double d = v == null ? null : convert(v, type, new DoubleValueFactory(PROPS), Double.class);
        return d == null ? 0 : d;
    }

    public static BigDecimal getBigDecimal(Object v, LogicalType type) throws SQLException {
        return v == null ? null : convert(v, type, new BigDecimalValueFactory(PROPS), BigDecimal.class);
    }

    /** The deprecated {@code getBigDecimal(int, int)}: the value set to {@code scale} (half up if needed). */
    public static BigDecimal getBigDecimal(Object v, LogicalType type, int scale) throws SQLException {
        return v == null ? null : convert(v, type, new BigDecimalValueFactory(PROPS, scale), BigDecimal.class);
    }

    /** Connector/J's getBigInteger: the text of {@link #getString} read as an integer. */
    public static BigInteger getBigInteger(Object v, LogicalType type) throws SQLException {
        String s = getString(v, type);
        if (s == null) {
            return null;
        }
        try {
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw failure("S1009", type, BigInteger.class);
        }
    }

    /** The bytes the server sent: the text of numbers and dates, the column's encoding of strings, the bits of BIT. */
    public static byte[] getBytes(Object v, LogicalType type) throws SQLException {
        if (v == null) {
            return null;
        }
        Object c = Canonical.of(v, type);
        return ServerText.of(c, type, true).clone();
    }

    public static Date getDate(Object v, LogicalType type, Calendar cal) throws SQLException {
        if (v == null) {
            return null;
        }
        TimeZone tz = cal != null ? cal.getTimeZone() : TimeZone.getDefault();
        return convert(v, type, new SqlDateValueFactory(PROPS, cal, tz), Date.class);
    }

    public static Time getTime(Object v, LogicalType type, Calendar cal) throws SQLException {
        if (v == null) {
            return null;
        }
        TimeZone tz = cal != null ? cal.getTimeZone() : TimeZone.getDefault();
        return convert(v, type, new SqlTimeValueFactory(PROPS, cal, tz), Time.class);
    }

    public static Timestamp getTimestamp(Object v, LogicalType type, Calendar cal) throws SQLException {
        if (v == null) {
            return null;
        }
        TimeZone tz = TimeZone.getDefault();
        return convert(v, type, new SqlTimestampValueFactory(PROPS, cal, tz, tz), Timestamp.class);
    }

    /**
     * What {@code getObject(int)} returns: Boolean for TINYINT(1) and BIT(1), byte[] for BIT(n>1),
     * Integer/Long/BigInteger by integer type, java.sql.Date for DATE and YEAR, java.sql.Time for TIME,
     * java.sql.Timestamp for TIMESTAMP, LocalDateTime for DATETIME, String, byte[] ...
     */
    public static Object getObject(Object v, LogicalType type) throws SQLException {
        if (v == null) {
            return null;
        }
        Field f = type.columnDefinition().getFields()[0];
        MysqlType t = f.getMysqlType();
        switch (t) {
            case BIT:
                if (f.isBinary() || f.isBlob() || !f.isSingleBit()) {
                    return getBytes(v, type);
                }
                return getBoolean(v, type);
            case BOOLEAN: return getBoolean(v, type);
            case TINYINT: return (int) getByte(v, type);
            case TINYINT_UNSIGNED: case SMALLINT: case SMALLINT_UNSIGNED: case MEDIUMINT: case MEDIUMINT_UNSIGNED: case INT:
                return getInt(v, type);
            case INT_UNSIGNED: case BIGINT: return getLong(v, type);
            case BIGINT_UNSIGNED: return getBigInteger(v, type);
            case DECIMAL: case DECIMAL_UNSIGNED: return decimalObject(v, type);
            case FLOAT: case FLOAT_UNSIGNED: return getFloat(v, type);
            case DOUBLE: case DOUBLE_UNSIGNED: return getDouble(v, type);
            case GEOMETRY: case BINARY: case VARBINARY: case TINYBLOB: case BLOB: case MEDIUMBLOB: case LONGBLOB: case VECTOR:
                return getBytes(v, type);
            case YEAR: case DATE: return getDate(v, type, null);
            case TIME: return getTime(v, type, null);
            case TIMESTAMP: return getTimestamp(v, type, null);
            case DATETIME: return convert(v, type, new LocalDateTimeValueFactory(PROPS), LocalDateTime.class);
            default: return getString(v, type);
        }
    }

    private static BigDecimal decimalObject(Object v, LogicalType type) throws SQLException {
        String s = getString(v, type);
        if (s.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw failure("S1009", type, BigDecimal.class);
        }
    }

    /**
     * What {@code getObject(int, Class)} returns. Connector/J refuses {@code Object.class}; here it
     * means {@link #getObject(Object, LogicalType)}.
     */
    @SuppressWarnings("unchecked")
    public static <T> T getObject(Object v, LogicalType type, Class<T> target) throws SQLException {
        if (target == null) {
            throw new SQLException("Type parameter can not be null", "S1009");
        }
        if (target == Object.class) {
            return (T) getObject(v, type);
        }
        if (v == null) {
            return null;
        }
        return (T) objectAs(v, type, target);
    }

    private static Object objectAs(Object v, LogicalType type, Class<?> target) throws SQLException {
        TimeZone tz = TimeZone.getDefault();
        if (target == String.class) {
            return getString(v, type);
        } else if (target == BigDecimal.class) {
            return getBigDecimal(v, type);
        } else if (target == BigInteger.class) {
            return getBigInteger(v, type);
        } else if (target == Boolean.class || target == Boolean.TYPE) {
            return convert(v, type, new BooleanValueFactory(PROPS), Boolean.class);
        } else if (target == Byte.class || target == Byte.TYPE) {
            return convert(v, type, new ByteValueFactory(PROPS), Byte.class);
        } else if (target == Short.class || target == Short.TYPE) {
            return convert(v, type, new ShortValueFactory(PROPS), Short.class);
        } else if (target == Integer.class || target == Integer.TYPE) {
            return convert(v, type, new IntegerValueFactory(PROPS), Integer.class);
        } else if (target == Long.class || target == Long.TYPE) {
            return convert(v, type, new LongValueFactory(PROPS), Long.class);
        } else if (target == Float.class || target == Float.TYPE) {
            return convert(v, type, new FloatValueFactory(PROPS), Float.class);
        } else if (target == Double.class || target == Double.TYPE) {
            return convert(v, type, new DoubleValueFactory(PROPS), Double.class);
        } else if (target == byte[].class) {
            return getBytes(v, type);
        } else if (target == Date.class) {
            return getDate(v, type, null);
        } else if (target == Time.class) {
            return getTime(v, type, null);
        } else if (target == Timestamp.class) {
            return getTimestamp(v, type, null);
        } else if (target == java.util.Date.class) {
            return java.util.Date.from(getTimestamp(v, type, null).toInstant());
        } else if (target == Calendar.class) {
            return convert(v, type, new UtilCalendarValueFactory(PROPS, tz, tz), Calendar.class);
        } else if (target == LocalDate.class) {
            return convert(v, type, new LocalDateValueFactory(PROPS), LocalDate.class);
        } else if (target == LocalDateTime.class) {
            return convert(v, type, new LocalDateTimeValueFactory(PROPS), LocalDateTime.class);
        } else if (target == LocalTime.class) {
            return convert(v, type, new LocalTimeValueFactory(PROPS), LocalTime.class);
        } else if (target == OffsetDateTime.class) {
            return convert(v, type, new OffsetDateTimeValueFactory(PROPS, tz, tz), OffsetDateTime.class);
        } else if (target == OffsetTime.class) {
            return convert(v, type, new OffsetTimeValueFactory(PROPS, tz), OffsetTime.class);
        } else if (target == ZonedDateTime.class) {
            return convert(v, type, new ZonedDateTimeValueFactory(PROPS, tz, tz), ZonedDateTime.class);
        } else if (target == Duration.class) {
            return convert(v, type, new DurationValueFactory(PROPS), Duration.class);
        } else if (target == UUID.class) {
            return convert(v, type, new UuidValueFactory(PROPS), UUID.class);
        }
        throw new SQLException("Conversion not supported for type " + target.getName(), "S1009");
    }

    // ---------------------------------------------------------------- reading a backend row

    /**
     * Reads column {@code column} of a backend's current row (Connector/J, text protocol: plain
     * statements or client-side prepared ones) into the canonical row value for {@code type},
     * without the losses of {@code getObject} (TINYINT(1) as Boolean, TIME beyond 24 hours, the
     * digits a FLOAT's text drops). A zero date, which has no canonical value, is kept as
     * {@link ServerText}.
     */
    public static Object read(ResultSet rs, int column, LogicalType type) throws SQLException {
        byte[] text = rs.getBytes(column);
        return text == null ? null : fromServerText(text, type);
    }

    /** The canonical value of {@code type} for the bytes a server sent in a text-protocol row. */
    public static Object fromServerText(byte[] text, LogicalType type) throws SQLException {
        try {
            return parseServerText(text, type);
        } catch (RuntimeException e) {
            return new ServerText(text);
        }
    }

    private static Object parseServerText(byte[] text, LogicalType type) throws SQLException {
        String ascii = new String(text, StandardCharsets.ISO_8859_1);
        switch (type.kind()) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT:
                return Assign.IntRange.box(type, new BigInteger(ascii.trim()));
            case DECIMAL: return Canonical.of(new BigDecimal(ascii.trim()), type);
            case FLOAT: return (float) Double.parseDouble(ascii);
            case DOUBLE: return Double.parseDouble(ascii);
            case BIT: return ServerText.bitValue(text);
            case YEAR: return Integer.parseInt(ascii);
            case DATE: return LocalDate.parse(ascii);
            case DATETIME: return decode(text, type, new LocalDateTimeValueFactory(PROPS));
            case TIMESTAMP: {
                TimeZone tz = TimeZone.getDefault();
                return decode(text, type, new SqlTimestampValueFactory(PROPS, null, tz, tz)).toInstant();
            }
            case TIME: return decode(text, type, new DurationValueFactory(PROPS));
            case NULL: return null;
            default:
                if (type.isText()) {
                    // single-byte text is kept byte for byte, so its getters decode it as Connector/J does
                    String cs = type.charset();
                    return "latin1".equals(cs) || "ascii".equals(cs) ? Charsets.decodeLenient(text, cs)
                            : decode(text, type, new StringValueFactory(PROPS));
                }
                return text.clone();
        }
    }

    // ---------------------------------------------------------------- Connector/J

    private static <T> T convert(Object v, LogicalType type, ValueFactory<T> vf, Class<?> target) throws SQLException {
        Object c = Canonical.of(v, type);
        try {
            return decode(ServerText.of(c, type, false), type, vf);
        } catch (CJException e) {
            throw failure(SQLExceptionsMapping.translateException(e).getSQLState(), type, target);
        } catch (NumberFormatException e) {
            // Connector/J lets this one escape unwrapped (getInt on 'true'); a JDBC caller expects an SQLException
            throw failure("22018", type, target);
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw failure("S1009", type, target);
        }
    }

    private static <T> T decode(byte[] text, LogicalType type, ValueFactory<T> vf) {
        ByteArrayRow row = new ByteArrayRow(new byte[][] {text}, null, DECODER);
        row.setMetadata(type.columnDefinition());
        return row.getValue(0, vf);
    }

    private static SQLException failure(String sqlState, LogicalType type, Class<?> target) {
        String what = "22003".equals(sqlState) ? "is outside the range of " : "cannot be converted to ";
        return new SQLException("a " + type.jdbcTypeName() + " value " + what + target.getName(), sqlState);
    }
}
