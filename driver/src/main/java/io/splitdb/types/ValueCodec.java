package io.splitdb.types;

import io.splitdb.types.LogicalType.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Canonical conversion and encoding of protected values.
 *
 * <p>{@link #normalize} gives the value MySQL would store, in its canonical class (see
 * {@link LogicalType}); {@link #encode} writes it as deterministic bytes, one tag byte naming the
 * storage class and then a fixed layout, and {@link #decode} reads them back to an equal value.
 */
public final class ValueCodec {

    private static final byte NULL = 0x00;
    private static final byte SIGNED64 = 0x11;
    private static final byte UNSIGNED64 = 0x12;
    private static final byte DECIMAL = 0x13;
    private static final byte FLOAT32 = 0x14;
    private static final byte FLOAT64 = 0x15;
    private static final byte BITS = 0x16;
    private static final byte YEAR = 0x17;
    private static final byte DATE = 0x18;
    private static final byte DATETIME = 0x19;
    private static final byte TIMESTAMP = 0x1A;
    private static final byte TIME = 0x1B;
    private static final byte TEXT = 0x1C;
    private static final byte BYTES = 0x1D;
    /** A zero date (MariaDB): the server's text of it. */
    private static final byte ZERO_DATE = 0x1E;

    private ValueCodec() {
    }

    /**
     * An approximate-number literal lifted out of SQL text ({@code 1.5E3}). MySQL converts it as a
     * DOUBLE: rint() into integer columns, "1500" into character columns. A bound {@code Double} is
     * different: Connector/J writes {@code setDouble(2.5)} as the decimal literal 2.5.
     */
    public record DoubleLiteral(double value) {
    }

    /**
     * What plain MySQL (strict mode) stores for {@code value} assigned to a column of this type, as
     * the canonical row value. {@code value} is what the application bound with a setter or
     * setObject (String, Integer, Long, BigDecimal, Double, Float, Boolean, byte[], java.sql.Date,
     * Time, Timestamp, the java.time types, BigInteger, Short, Byte), or a literal the driver lifted
     * out of the SQL text (String, Long, BigDecimal, Double, byte[] for x'..'), and reaches the
     * server as Connector/J would write it. Errors carry the SQLState and vendor code the
     * application would see from Connector/J: 22001 (a {@link java.sql.DataTruncation}) for out of
     * range (1264), too long (1406), incorrect values (1366) and dates (1292); 01000 for garbage after
     * a number and unknown ENUM/SET members (1265). Messages name the column, never the value.
     * The result's class is the type's canonical class (see {@link LogicalType}); what
     * {@code getObject} returns for it comes from {@link JdbcValues#getObject(Object, LogicalType)}.
     * {@link Flavor#MYSQL} rules apply (fractions round; zero dates are refused).
     */
    public static Object normalize(LogicalType type, Object value, String columnLabel) throws SQLException {
        return normalize(type, value, columnLabel, Flavor.MYSQL);
    }

    /** As {@link #normalize(LogicalType, Object, String)}, following {@code flavor}'s rules where MySQL and MariaDB differ. */
    public static Object normalize(LogicalType type, Object value, String columnLabel, Flavor flavor) throws SQLException {
        if (value == null) {
            return null;
        }
        return Assign.value(type, Literal.of(value, columnLabel), columnLabel, flavor);
    }

    /** Deterministic canonical bytes of a normalized value; null gives a distinct NULL marker. */
    public static byte[] encode(LogicalType type, Object normalized) {
        if (normalized == null) {
            return new byte[] {NULL};
        }
        Object v = Canonical.of(normalized, type);
        Kind kind = type.kind();
        if (v instanceof ServerText t) {
            if (kind != Kind.DATE && kind != Kind.DATETIME && kind != Kind.TIMESTAMP) {
                throw new IllegalArgumentException("server text is a value of date columns only, not of " + type.ddl());
            }
            return tagged(ZERO_DATE, t.unsafeBytes());
        }
        switch (kind) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT:
                return v instanceof BigInteger b ? fixed(UNSIGNED64, b.longValue()) : fixed(SIGNED64, ((Number) v).longValue());
            case DECIMAL: {
                BigDecimal d = (BigDecimal) v;
                byte[] unscaled = d.unscaledValue().toByteArray();
                return ByteBuffer.allocate(2 + unscaled.length).put(DECIMAL).put((byte) d.scale()).put(unscaled).array();
            }
            case FLOAT: return ByteBuffer.allocate(5).put(FLOAT32).putInt(Float.floatToRawIntBits((Float) v)).array();
            case DOUBLE: return fixed(FLOAT64, Double.doubleToRawLongBits((Double) v));
            case BIT: return fixed(BITS, (Long) v);
            case YEAR: return ByteBuffer.allocate(3).put(YEAR).putShort((short) (int) (Integer) v).array();
            case DATE: return ByteBuffer.allocate(5).put(DATE).putInt((int) ((LocalDate) v).toEpochDay()).array();
            case DATETIME: return fixed(DATETIME, micros((LocalDateTime) v));
            case TIMESTAMP: return fixed(TIMESTAMP, micros((Instant) v));
            case TIME: return fixed(TIME, ((Duration) v).toNanos() / 1000);
            case NULL: return new byte[] {NULL};
            default:
                if (type.isText()) {
                    return tagged(TEXT, ((String) v).getBytes(StandardCharsets.UTF_8));
                }
                return tagged(BYTES, (byte[]) v);
        }
    }

    /** Inverse of {@link #encode}: null for the NULL marker; SQLState XX001 naming the column if the bytes are not a value of this type. */
    public static Object decode(LogicalType type, byte[] encoded, String columnLabel) throws SQLException {
        if (encoded == null || encoded.length == 0) {
            throw TypeErrors.malformed(columnLabel, "empty");
        }
        if (encoded[0] == NULL) {
            if (encoded.length != 1) {
                throw TypeErrors.malformed(columnLabel, "trailing bytes after NULL");
            }
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(encoded, 1, encoded.length - 1);
        try {
            Object v = decodeValue(type, encoded[0], in, columnLabel);
            if (in.hasRemaining()) {
                throw TypeErrors.malformed(columnLabel, "trailing bytes");
            }
            return v;
        } catch (java.nio.BufferUnderflowException | ArithmeticException | java.time.DateTimeException e) {
            throw TypeErrors.malformed(columnLabel, "truncated or out of range");
        }
    }

    private static Object decodeValue(LogicalType type, byte tag, ByteBuffer in, String column) throws SQLException {
        Kind kind = type.kind();
        if (tag == ZERO_DATE && (kind == Kind.DATE || kind == Kind.DATETIME || kind == Kind.TIMESTAMP)) {
            byte[] text = new byte[in.remaining()];
            in.get(text);
            if (text.length < 10 || text[4] != '-' || text[7] != '-') {
                throw TypeErrors.malformed(column, "zero date");
            }
            return new ServerText(text);
        }
        switch (kind) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT: {
                boolean big = kind == Kind.BIGINT && type.unsigned();
                expect(tag, big ? UNSIGNED64 : SIGNED64, column);
                long l = in.getLong();
                BigInteger v = big ? ServerText.unsigned(l) : BigInteger.valueOf(l);
                BigInteger[] range = Assign.IntRange.of(type);
                if (v.compareTo(range[0]) < 0 || v.compareTo(range[1]) > 0) {
                    throw TypeErrors.malformed(column, "integer out of the type's range");
                }
                return Assign.IntRange.box(type, v);
            }
            case DECIMAL: {
                expect(tag, DECIMAL, column);
                int scale = in.get();
                if (scale != type.fractionDigits() || !in.hasRemaining()) {
                    throw TypeErrors.malformed(column, "decimal scale");
                }
                byte[] unscaled = new byte[in.remaining()];
                in.get(unscaled);
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            case FLOAT: expect(tag, FLOAT32, column); return Float.intBitsToFloat(in.getInt());
            case DOUBLE: expect(tag, FLOAT64, column); return Double.longBitsToDouble(in.getLong());
            case BIT: {
                expect(tag, BITS, column);
                long l = in.getLong();
                if (type.length() < 64 && l >>> type.length() != 0) {
                    throw TypeErrors.malformed(column, "more bits than the column holds");
                }
                return l;
            }
            case YEAR: expect(tag, YEAR, column); return (int) in.getShort();
            case DATE: expect(tag, DATE, column); return LocalDate.ofEpochDay(in.getInt());
            case DATETIME: {
                expect(tag, DATETIME, column);
                long m = in.getLong();
                return LocalDateTime.ofEpochSecond(Math.floorDiv(m, 1_000_000), Math.floorMod(m, 1_000_000) * 1000, ZoneOffset.UTC);
            }
            case TIMESTAMP: {
                expect(tag, TIMESTAMP, column);
                long m = in.getLong();
                return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000), Math.floorMod(m, 1_000_000) * 1000);
            }
            case TIME: expect(tag, TIME, column); return Duration.ofNanos(Math.multiplyExact(in.getLong(), 1000));
            case NULL: throw TypeErrors.malformed(column, "a NULL-typed column holds only NULL");
            default: {
                byte[] rest = new byte[in.remaining()];
                in.get(rest);
                if (type.isText()) {
                    expect(tag, TEXT, column);
                    return utf8(rest, column);
                }
                expect(tag, BYTES, column);
                return rest;
            }
        }
    }

    /**
     * The form MySQL's {@code =} compares, for the blind index and for equality in the driver.
     * Text types (character types, ENUM, SET, JSON): the UTF-8 of the normalized string, to which
     * the caller applies the column's collation. Binary types: the bytes (BINARY(n) as padded).
     * Numbers: the exact decimal value without trailing zeros ("7", "1.5", and FLOAT's stored
     * binary value), so DECIMAL 1.50 and 1.5 match. DATE "2024-01-02"; DATETIME with six fraction
     * digits; TIMESTAMP its UTC microseconds, TIME its signed microseconds; YEAR and BIT their number.
     * NULL (which equals nothing) gives a single zero byte.
     */
    public static byte[] equalityForm(LogicalType type, Object normalized) {
        if (normalized == null) {
            return new byte[] {0};
        }
        Object v = Canonical.of(normalized, type);
        if (v instanceof ServerText t) {
            return t.bytes();
        }
        Kind kind = type.kind();
        String form;
        switch (kind) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT: case YEAR:
                form = v.toString();
                break;
            case DECIMAL: form = exact((BigDecimal) v); break;
            case FLOAT: form = exact(new BigDecimal((double) (Float) v)); break;
            case DOUBLE: form = exact(new BigDecimal((Double) v)); break;
            case BIT: form = Long.toUnsignedString((Long) v); break;
            case DATE: form = MysqlTemporal.date((LocalDate) v); break;
            case DATETIME: form = MysqlTemporal.dateTime((LocalDateTime) v, 6); break;
            case TIMESTAMP: form = Long.toString(micros((Instant) v)); break;
            case TIME: form = Long.toString(((Duration) v).toNanos() / 1000); break;
            default:
                return type.isText() ? ((String) v).getBytes(StandardCharsets.UTF_8) : ((byte[]) v).clone();
        }
        return form.getBytes(StandardCharsets.US_ASCII);
    }

    private static String exact(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static long micros(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
    }

    private static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    private static byte[] fixed(byte tag, long value) {
        return ByteBuffer.allocate(9).put(tag).putLong(value).array();
    }

    private static byte[] tagged(byte tag, byte[] payload) {
        byte[] out = new byte[payload.length + 1];
        out[0] = tag;
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    private static void expect(byte tag, byte wanted, String column) throws SQLException {
        if (tag != wanted) {
            throw TypeErrors.malformed(column, "encoded as another type");
        }
    }

    private static String utf8(byte[] bytes, String column) throws SQLException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw TypeErrors.malformed(column, "invalid UTF-8");
        }
    }
}
