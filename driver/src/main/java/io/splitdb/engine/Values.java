package io.splitdb.engine;

import io.splitdb.crypto.CollationKeys;
import io.splitdb.types.JdbcValues;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * MySQL's conversions between value kinds, as the driver applies them to decrypted values: numbers
 * from strings and dates, truth values, comparison across kinds, and the text of a value.
 * Values are Long, BigDecimal, Double, String, byte[], LocalDate, LocalDateTime, Duration or null;
 * other forms a row may hold (Integer, BigInteger, Instant, ...) are accepted and normalised.
 */
final class Values {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    /** The value in one of the forms the engine computes with. */
    static Object normal(Object v) {
        if (v == null || v instanceof Long || v instanceof String || v instanceof BigDecimal || v instanceof Double
                || v instanceof LocalDate || v instanceof LocalDateTime || v instanceof Duration || v instanceof byte[]) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
        }
        if (v instanceof Float f) {
            return Double.parseDouble(f.toString());
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneId.systemDefault());
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Time t) {
            return Duration.ofNanos(t.toLocalTime().toNanoOfDay());
        }
        if (v instanceof LocalTime t) {
            return Duration.ofNanos(t.toNanoOfDay());
        }
        if (v instanceof java.util.Date d) {
            return LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault());
        }
        if (v instanceof io.splitdb.types.ServerText t) {
            return t.toString();
        }
        return v.toString();
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof BigDecimal || v instanceof Double;
    }

    static boolean isTemporal(Object v) {
        return v instanceof LocalDate || v instanceof LocalDateTime || v instanceof Duration;
    }

    /** The value as a number (Long, BigDecimal or Double) in a numeric context. */
    static Object number(Object v) {
        v = normal(v);
        if (v == null || isNumber(v)) {
            return v;
        }
        if (v instanceof String s) {
            return parseDouble(s);
        }
        if (v instanceof byte[] b) {
            return parseDouble(new String(b, StandardCharsets.ISO_8859_1));
        }
        if (v instanceof LocalDate d) {
            return (long) d.getYear() * 10000 + d.getMonthValue() * 100 + d.getDayOfMonth();
        }
        if (v instanceof LocalDateTime t) {
            long whole = ((long) t.getYear() * 10000 + t.getMonthValue() * 100 + t.getDayOfMonth()) * 1000000L
                    + t.getHour() * 10000L + t.getMinute() * 100L + t.getSecond();
            return t.getNano() == 0 ? (Object) whole : BigDecimal.valueOf(whole).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros();
        }
        if (v instanceof Duration d) {
            long s = Math.abs(d.getSeconds());
            long whole = (s / 3600) * 10000 + (s % 3600 / 60) * 100 + s % 60;
            return d.isNegative() ? -whole : whole;
        }
        return 0L;
    }

    /** MySQL's string-to-number: the longest numeric prefix, 0 if none (MySQL warns; no error). */
    static double parseDouble(String s) {
        String t = s.stripLeading();
        int i = 0;
        int n = t.length();
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < n && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(t.charAt(i))) {
                i++;
            }
        }
        if (i == digitsStart || (i == digitsStart + 1 && t.charAt(digitsStart) == '.')) {
            return 0;
        }
        int mantissaEnd = i;
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (t.charAt(j) == '+' || t.charAt(j) == '-')) {
                j++;
            }
            int expStart = j;
            while (j < n && Character.isDigit(t.charAt(j))) {
                j++;
            }
            if (j > expStart) {
                mantissaEnd = j;
            }
        }
        try {
            return Double.parseDouble(t.substring(0, mantissaEnd));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static double toDouble(Object v) {
        Object n = number(v);
        return n == null ? 0 : ((Number) n).doubleValue();
    }

    static BigDecimal toDecimal(Object v) {
        Object n = number(v);
        if (n instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (n instanceof Double d) {
            return new BigDecimal(Double.toString(d));
        }
        return (BigDecimal) n;
    }

    /** The value as a whole number, rounded half away from zero as MySQL does. */
    static long toLong(Object v) throws SQLException {
        Object n = number(v);
        if (n instanceof Long l) {
            return l;
        }
        BigDecimal d = n instanceof Double x ? new BigDecimal(Double.toString(x)) : (BigDecimal) n;
        BigDecimal r = d.setScale(0, RoundingMode.HALF_UP);
        if (r.compareTo(LONG_MIN) < 0 || r.compareTo(LONG_MAX) > 0) {
            throw new SQLException("BIGINT value is out of range", "22003");
        }
        return r.longValue();
    }

    /** SQL truth: null for NULL, else whether the value is non-zero as a number. */
    static Boolean truth(Object v) {
        Object n = number(v);
        if (n == null) {
            return null;
        }
        if (n instanceof Long l) {
            return l != 0;
        }
        if (n instanceof Double d) {
            return d != 0;
        }
        return ((BigDecimal) n).signum() != 0;
    }

    static Long bool(Boolean b) {
        return b == null ? null : (b ? 1L : 0L);
    }

    /**
     * Compares two non-null values as MySQL compares them: text by collation, numbers exactly
     * unless one is approximate, dates as dates, mixed text and numbers as doubles.
     */
    static int compare(Object a, Object b, String collation) {
        a = normal(a);
        b = normal(b);
        if (a instanceof String x && b instanceof String y) {
            return Arrays.compareUnsigned(CollationKeys.equalityKey(x, collation), CollationKeys.equalityKey(y, collation));
        }
        if (a instanceof byte[] || b instanceof byte[]) {
            return Arrays.compareUnsigned(bytes(a), bytes(b));
        }
        if (isTemporal(a) || isTemporal(b)) {
            Integer c = compareTemporal(a, b);
            if (c != null) {
                return c;
            }
        }
        if ((a instanceof Long || a instanceof BigDecimal) && (b instanceof Long || b instanceof BigDecimal)) {
            if (a instanceof Long x && b instanceof Long y) {
                return Long.compare(x, y);
            }
            return toDecimal(a).compareTo(toDecimal(b));
        }
        return Double.compare(toDouble(a) + 0.0, toDouble(b) + 0.0);
    }

    private static Integer compareTemporal(Object a, Object b) {
        if (a instanceof Duration x && b instanceof Duration y) {
            return x.compareTo(y);
        }
        // a TIME compared with text reads the text as a TIME ('10:30' is 10:30:00), as MySQL does
        if (a instanceof Duration x && b instanceof String y && parseTime(y) != null) {
            return x.compareTo(parseTime(y));
        }
        if (a instanceof String x && b instanceof Duration y && parseTime(x) != null) {
            return parseTime(x).compareTo(y);
        }
        LocalDateTime x = dateTime(a);
        LocalDateTime y = dateTime(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        return null;
    }

    /** A date or datetime value or text as a datetime, or null if it is neither. */
    static LocalDateTime dateTime(Object v) {
        v = normal(v);
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (v instanceof String s) {
            return parseDateTime(s);
        }
        return null;
    }

    static LocalDate date(Object v) {
        LocalDateTime t = dateTime(v);
        return t == null ? null : t.toLocalDate();
    }

    static LocalDateTime parseDateTime(String s) {
        String t = s.trim();
        try {
            if (t.length() <= 10) {
                String[] p = t.split("[-/.]");
                if (p.length == 3) {
                    return LocalDate.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])).atStartOfDay();
                }
                if (t.length() == 8 && t.chars().allMatch(Character::isDigit)) {
                    return LocalDate.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(4, 6)),
                            Integer.parseInt(t.substring(6, 8))).atStartOfDay();
                }
                return null;
            }
            return LocalDateTime.parse(t.replace(' ', 'T'));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern TIME_TEXT = java.util.regex.Pattern.compile(
            "\\s*(-)?(?:(\\d+) )?(\\d+):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,6}))?)?\\s*");

    /** Text in MySQL's TIME forms ('[-][D ]H:MM[:SS[.ffffff]]') as a duration, or null if it is not one. */
    static Duration parseTime(String s) {
        java.util.regex.Matcher m = TIME_TEXT.matcher(s);
        if (!m.matches()) {
            return null;
        }
        long seconds = (m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 86400) + Long.parseLong(m.group(3)) * 3600
                + Long.parseLong(m.group(4)) * 60 + (m.group(5) == null ? 0 : Long.parseLong(m.group(5)));
        long nanos = m.group(6) == null ? 0 : Long.parseLong((m.group(6) + "00000000").substring(0, 9));
        Duration d = Duration.ofSeconds(seconds, nanos);
        return m.group(1) != null ? d.negated() : d;
    }

    /**
     * A DOUBLE as MySQL writes it in a string context (CONCAT, CAST AS CHAR, LIKE): the shortest
     * digits that read back to the value, in positional notation for exponents from -14 to 15
     * and as {@code 1.5e300} outside (my_gcvt), not Java's {@code 1.5E300} or {@code 100.0}.
     */
    static String doubleText(double d) {
        boolean negative = d < 0 || d == 0 && 1 / d < 0;
        if (d == 0) {
            return negative ? "-0" : "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int len = digits.length();
        int decpt = len - b.scale();
        StringBuilder sb = new StringBuilder(negative ? "-" : "");
        if (decpt >= -14 && (decpt <= 15 || len > decpt)) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt < len) {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, len);
            } else {
                sb.append(digits).append("0".repeat(decpt - len));
            }
        } else {
            sb.append(digits.charAt(0));
            if (len > 1) {
                sb.append('.').append(digits, 1, len);
            }
            sb.append('e').append(decpt - 1);
        }
        return sb.toString();
    }

    static byte[] bytes(Object v) {
        v = normal(v);
        return v instanceof byte[] b ? b : text(v).getBytes(StandardCharsets.UTF_8);
    }

    /** The text of a value, as MySQL writes it (CONCAT, comparisons with text, string functions). */
    static String text(Object v) {
        v = normal(v);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return doubleText(d);
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        try {
            Ty t = Ty.ofValue(v, null);
            if (t.kind() == Ty.Kind.DATETIME && v instanceof LocalDateTime dt && dt.getNano() != 0) {
                t = new Ty(Ty.Kind.DATETIME, 6, null);
            }
            if (t.kind() == Ty.Kind.TIME && v instanceof Duration d && d.getNano() != 0) {
                t = new Ty(Ty.Kind.TIME, 6, null);
            }
            return JdbcValues.getString(v, t.logical());
        } catch (SQLException e) {
            return v.toString();
        }
    }

    /** {@code v} converted to a value of type {@code t} (CASE branches, UNION columns, CAST). */
    static Object coerce(Object v, Ty t) throws SQLException {
        v = normal(v);
        if (v == null) {
            return null;
        }
        switch (t.kind()) {
            case LONG: return v instanceof Long ? v : toLong(v);
            case DECIMAL: return toDecimal(v).setScale(t.scale(), RoundingMode.HALF_UP);
            case DOUBLE: return toDouble(v);
            case STRING: return text(v);
            case BINARY: return bytes(v);
            case DATE: return isTemporal(v) || v instanceof String ? date(v) : v;
            case DATETIME: return isTemporal(v) || v instanceof String ? dateTime(v) : v;
            default: return v;
        }
    }

    /**
     * A key equal for values MySQL treats as equal (GROUP BY, DISTINCT, UNION): text by collation
     * key, numbers by value whatever their scale.
     */
    static Object key(Object v, String collation) {
        v = normal(v);
        if (v == null) {
            return NullKey.NULL;
        }
        if (v instanceof String s) {
            return java.nio.ByteBuffer.wrap(CollationKeys.equalityKey(s, collation));
        }
        if (v instanceof byte[] b) {
            return java.nio.ByteBuffer.wrap(b);
        }
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (v instanceof Double d) {
            return d == 0 ? BigDecimal.ZERO : new BigDecimal(Double.toString(d)).stripTrailingZeros();
        }
        return v;
    }

    private enum NullKey { NULL }
}
