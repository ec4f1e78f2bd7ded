package io.splitdb.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Calendar;

/**
 * A value as the server receives it in statement text: what Connector/J's client-side prepared
 * statement writes for a Java object (default properties, JVM time zone), or a literal the
 * driver lifted out of the SQL. The server then converts it to the column's type.
 */
final class Literal {

    /** The SQL literal classes MySQL converts differently. */
    enum Kind {
        /** An integer literal. */
        INT,
        /** An exact decimal literal such as 1.50. */
        DECIMAL,
        /** An approximate literal such as 1.5E3. */
        DOUBLE,
        /** A quoted string in the connection character set (utf8mb4). */
        STRING,
        /** A binary string (x'..', _binary'..'). */
        BINARY
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME_OPTIONAL_MICROS = new DateTimeFormatterBuilder().appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).toFormatter();
    private static final DateTimeFormatter DATETIME_OPTIONAL_MICROS = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).toFormatter();

    final Kind kind;
    final BigInteger integer;
    final BigDecimal decimal;
    final double real;
    final String string;
    final byte[] bytes;

    private Literal(Kind kind, BigInteger integer, BigDecimal decimal, double real, String string, byte[] bytes) {
        this.kind = kind;
        this.integer = integer;
        this.decimal = decimal;
        this.real = real;
        this.string = string;
        this.bytes = bytes;
    }

    private static final BigInteger MIN_SIGNED = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** An integer literal; beyond the BIGINT ranges MySQL reads the digits as a DECIMAL literal. */
    static Literal integer(BigInteger v) {
        if (v.compareTo(MIN_SIGNED) < 0 || v.compareTo(MAX_UNSIGNED) > 0) {
            return decimal(new BigDecimal(v));
        }
        return new Literal(Kind.INT, v, new BigDecimal(v), v.doubleValue(), null, null);
    }

    static Literal decimal(BigDecimal v) {
        return new Literal(Kind.DECIMAL, null, v, v.doubleValue(), null, null);
    }

    static Literal real(double v) {
        return new Literal(Kind.DOUBLE, null, null, v, null, null);
    }

    static Literal string(String v) {
        return new Literal(Kind.STRING, null, null, 0, wellFormed(v), null);
    }

    static Literal binary(byte[] v) {
        return new Literal(Kind.BINARY, null, null, 0, null, v);
    }

    /** The literal Connector/J sends for a value bound with setObject (or the matching setXxx). */
    static Literal of(Object v, String column) throws SQLException {
        if (v instanceof String s) {
            return string(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return integer(BigInteger.valueOf(((Number) v).longValue()));
        } else if (v instanceof BigInteger b) {
            return integer(b);
        } else if (v instanceof BigDecimal d) {
            // Connector/J writes toPlainString(): without a point MySQL reads an integer literal
            return d.scale() <= 0 ? integer(d.toBigIntegerExact()) : decimal(d);
        } else if (v instanceof Double d) {
            return approximate(Double.toString(d), d, column);
        } else if (v instanceof Float f) {
            return approximate(Float.toString(f), Double.parseDouble(Float.toString(f)), column);
        } else if (v instanceof Boolean b) {
            return integer(b ? BigInteger.ONE : BigInteger.ZERO);
        } else if (v instanceof byte[] b) {
            return binary(b);
        } else if (v instanceof ServerText t) {
            return string(new String(t.unsafeBytes(), StandardCharsets.ISO_8859_1));
        } else if (v instanceof ValueCodec.DoubleLiteral d) {
            if (Double.isNaN(d.value()) || Double.isInfinite(d.value())) {
                throw TypeErrors.outOfRange(column);
            }
            return real(d.value());
        }
        return temporal(v, column);
    }

    /** Double.toString text: a decimal literal unless it has an exponent (Connector/J writes 1.0E+20). */
    private static Literal approximate(String text, double value, String column) throws SQLException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw TypeErrors.outOfRange(column);
        }
        return text.indexOf('E') >= 0 ? real(value) : decimal(new BigDecimal(text));
    }

    private static Literal temporal(Object v, String column) throws SQLException {
        ZoneId zone = ZoneId.systemDefault();
        if (v instanceof Timestamp ts) {
            return string(timestamp(ts.toLocalDateTime()));
        } else if (v instanceof java.sql.Date d) {
            return string(DATE.format(d.toLocalDate()));
        } else if (v instanceof Time t) {
            return string(time(t));
        } else if (v instanceof java.util.Date d) {
            return string(timestamp(Timestamp.from(d.toInstant()).toLocalDateTime()));
        } else if (v instanceof LocalDate d) {
            return string(DATE.format(d));
        } else if (v instanceof LocalDateTime t) {
            return string(DATETIME_OPTIONAL_MICROS.format(toMicros(t)));
        } else if (v instanceof LocalTime t) {
            return string(TIME_OPTIONAL_MICROS.format(toMicros(LocalDate.EPOCH.atTime(t)).toLocalTime()));
        } else if (v instanceof OffsetDateTime t) {
            return string(timestamp(Timestamp.valueOf(t.atZoneSameInstant(zone).toLocalDateTime()).toLocalDateTime()));
        } else if (v instanceof ZonedDateTime t) {
            return string(timestamp(Timestamp.valueOf(t.withZoneSameInstant(zone).toLocalDateTime()).toLocalDateTime()));
        } else if (v instanceof Instant i) {
            return string(timestamp(Timestamp.valueOf(LocalDateTime.ofInstant(i, zone)).toLocalDateTime()));
        } else if (v instanceof OffsetTime t) {
            LocalTime local = t.withOffsetSameInstant(zone.getRules().getOffset(Instant.now())).toLocalTime();
            return string(TIME_OPTIONAL_MICROS.format(toMicros(LocalDate.EPOCH.atTime(local)).toLocalTime()));
        } else if (v instanceof Duration d) {
            return string(duration(d));
        } else if (v instanceof Calendar c) {
            return string(timestamp(LocalDateTime.ofInstant(c.toInstant(), c.getTimeZone().toZoneId())));
        }
        throw TypeErrors.unsupportedValue(v.getClass(), column);
    }

    /** 'yyyy-MM-dd HH:mm:ss' and, if any, the microseconds rounded half up, trailing zeros dropped. */
    private static String timestamp(LocalDateTime t) {
        LocalDateTime m = toMicros(t);
        String base = MysqlTemporal.dateTime(m, 0);
        if (m.getNano() == 0) {
            return base;
        }
        String micros = MysqlTemporal.pad(new StringBuilder(6), m.getNano() / 1000, 6).toString();
        int end = micros.length();
        while (micros.charAt(end - 1) == '0') {
            end--;
        }
        return base + "." + micros.substring(0, end);
    }

    /** java.sql.Time: HH:mm:ss, with .SSS if it has milliseconds (sendFractionalSecondsForTime). */
    private static String time(Time t) {
        Calendar c = Calendar.getInstance();
        c.setTimeInMillis(t.getTime());
        Duration d = Duration.ofSeconds((c.get(Calendar.HOUR_OF_DAY) * 60L + c.get(Calendar.MINUTE)) * 60 + c.get(Calendar.SECOND));
        int millis = c.get(Calendar.MILLISECOND);
        String base = MysqlTemporal.time(d, 0);
        return millis == 0 ? base : base + "." + MysqlTemporal.pad(new StringBuilder(3), millis, 3);
    }

    /** Connector/J's TimeUtil.adjustNanosPrecision to 6 digits, rounding half up. */
    private static LocalDateTime toMicros(LocalDateTime t) {
        int nanos = (int) Math.round(t.getNano() / 1000.0) * 1000;
        if (nanos > 999_999_999) {
            return t.withNano(0).plusSeconds(1);
        }
        return t.withNano(nanos);
    }

    /**
     * Connector/J's TimeUtil.getDurationString after rounding to microseconds: "26:3:4.5", "-1:0:0";
     * mirrored with its flaws (PT5S becomes '5S', which MySQL refuses; PT2M5S becomes '2:5', two hours).
     */
    private static String duration(Duration d) {
        int nanos = (int) Math.round(d.getNano() / 1000.0) * 1000;
        Duration x = nanos > 999_999_999 ? d.withNanos(0).plusSeconds(1) : d.withNanos(nanos);
        String s = (x.isNegative() ? "-" + x.abs() : x.toString()).replace("PT", "");
        if (s.contains("M")) {
            s = s.replace("H", ":");
            s = s.contains("S") ? s.replace("M", ":").replace("S", "") : s.replace("M", ":0");
        } else {
            s = s.replace("H", ":0:0");
        }
        return s;
    }

    /** What a Java string becomes in utf8mb4 text: Connector/J encodes an unpaired surrogate as '?'. */
    private static String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (!paired) {
                return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
        }
        return s;
    }

    /** The text of a number literal as MySQL would store it in a character column. */
    String numberText() {
        switch (kind) {
            case INT: return integer.toString();
            case DECIMAL: return decimal.toPlainString();
            default: return MysqlNumbers.gcvt(real, false);
        }
    }

    /** The literal's characters when a string is expected (binary strings read byte for byte). */
    String asString() {
        switch (kind) {
            case STRING: return string;
            case BINARY: return new String(bytes, StandardCharsets.ISO_8859_1);
            default: return numberText();
        }
    }

    /** The literal as a number when a number is expected from a number literal. */
    BigDecimal asDecimal() {
        switch (kind) {
            case INT: case DECIMAL: return decimal;
            default: return MysqlNumbers.shortest(real);
        }
    }

    boolean isNumber() {
        return kind == Kind.INT || kind == Kind.DECIMAL || kind == Kind.DOUBLE;
    }
}
