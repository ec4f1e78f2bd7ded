package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code <}, {@code <=}, {@code >}, {@code >=} between a decrypted value and a bound, where the
 * driver can reproduce MySQL's comparison exactly: integer and DECIMAL columns against exact
 * numbers, DATE and DATETIME columns against dates and date-times written canonically. Anything
 * else (a string that is not a plain number, FLOAT columns, TIMESTAMP and its time zone, text and
 * its collation) is refused with SQLState 0A000 rather than compared approximately.
 */
public final class RangeComparison {
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?");

    private RangeComparison() {
    }

    /** Whether ranges on this column are compared in the driver at all. */
    public static boolean supports(ColumnInfo column) {
        String base = column.type().baseName().toUpperCase(Locale.ROOT);
        return base.equals("DECIMAL") || base.equals("DATE") || base.equals("DATETIME")
                || (column.type().isNumeric() && !base.equals("FLOAT") && !base.equals("DOUBLE") && !base.equals("BIT"));
    }

    static int compare(ColumnInfo column, Object value, Object bound) throws SQLException {
        if (value instanceof LocalDate || value instanceof LocalDateTime) {
            Object b = temporal(bound);
            if (b == null) {
                throw refuse(column);
            }
            if (value instanceof LocalDate d && b instanceof LocalDateTime) {
                return d.atStartOfDay().compareTo((LocalDateTime) b);
            }
            if (value instanceof LocalDateTime t && b instanceof LocalDate d) {
                return t.compareTo(d.atStartOfDay());
            }
            if (value instanceof LocalDate d) {
                return d.compareTo((LocalDate) b);
            }
            return ((LocalDateTime) value).compareTo((LocalDateTime) b);
        }
        BigDecimal v = exact(value);
        BigDecimal b = exact(bound);
        if (v == null || b == null) {
            throw refuse(column);
        }
        return v.compareTo(b);
    }

    private static BigDecimal exact(Object o) {
        if (o instanceof BigDecimal d) {
            return d;
        }
        if (o instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return BigDecimal.valueOf(((Number) o).longValue());
        }
        if (o instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (o instanceof String s && NUMBER.matcher(s).matches()) {
            return new BigDecimal(s);
        }
        return null;
    }

    private static Object temporal(Object o) {
        if (o instanceof LocalDate || o instanceof LocalDateTime) {
            return o;
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (o instanceof String s) {
            try {
                if (DATE.matcher(s).matches()) {
                    return LocalDate.parse(s);
                }
                if (DATETIME.matcher(s).matches()) {
                    return LocalDateTime.parse(s.replace(' ', 'T'));
                }
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static SQLFeatureNotSupportedException refuse(ColumnInfo column) {
        return new SQLFeatureNotSupportedException("splitdb does not compare protected column " + column.name()
                + " with a value of this kind (ranges take exact numbers, and dates as 'YYYY-MM-DD[ hh:mm:ss]')", "0A000");
    }
}
