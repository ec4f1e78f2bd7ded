package io.splitdb.types;

import io.splitdb.types.LogicalType.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;

/**
 * Brings a row value to the canonical class of its type. Rows hold canonical values, but this also
 * accepts what Connector/J's {@code getObject} returns (java.sql.Date, Timestamp, Time, Boolean for
 * TINYINT(1), byte[] for BIT), so rows filled from a backend's {@code getObject} still convert.
 */
final class Canonical {

    private Canonical() {
    }

    static Object of(Object v, LogicalType type) {
        if (v == null || v instanceof ServerText) {
            return v;
        }
        Kind kind = type.kind();
        switch (kind) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT:
                return Assign.IntRange.box(type, integer(v, type));
            case DECIMAL: return decimal(v, type);
            case FLOAT: return number(v, type).floatValue();
            case DOUBLE: return number(v, type).doubleValue();
            case BIT: return bit(v, type);
            case YEAR: return year(v, type);
            case DATE: return date(v, type);
            case DATETIME: return dateTime(v, type);
            case TIMESTAMP: return instant(v, type);
            case TIME: return time(v, type);
            case NULL: return null;
            default:
                if (type.isText()) {
                    return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
                }
                return v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : bytes(v, type);
        }
    }

    private static BigInteger integer(Object v, LogicalType type) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            return b;
        } else if (v instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        } else if (v instanceof BigDecimal d) {
            return d.setScale(0, RoundingMode.HALF_UP).toBigInteger();
        } else if (v instanceof Number n) {
            return BigInteger.valueOf(n.longValue());
        }
        throw wrong(v, type);
    }

    private static BigDecimal decimal(Object v, LogicalType type) {
        BigDecimal d = v instanceof BigDecimal b ? b : v instanceof BigInteger i ? new BigDecimal(i)
                : v instanceof Number n ? new BigDecimal(n.toString()) : null;
        if (d == null) {
            throw wrong(v, type);
        }
        int scale = type.fractionDigits();
        return scale >= 0 && d.scale() != scale ? d.setScale(scale, RoundingMode.HALF_UP) : d;
    }

    private static Number number(Object v, LogicalType type) {
        if (v instanceof Number n) {
            return n;
        }
        throw wrong(v, type);
    }

    private static Long bit(Object v, LogicalType type) {
        if (v instanceof Long l) {
            return l;
        } else if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        } else if (v instanceof byte[] b) {
            long l = 0;
            for (byte x : b) {
                l = l << 8 | x & 0xff;
            }
            return l;
        } else if (v instanceof Number n) {
            return n.longValue();
        }
        throw wrong(v, type);
    }

    private static Integer year(Object v, LogicalType type) {
        if (v instanceof Integer i) {
            return i;
        } else if (v instanceof Number n) {
            return n.intValue();
        } else if (v instanceof java.sql.Date d) {
            return d.toLocalDate().getYear();
        } else if (v instanceof LocalDate d) {
            return d.getYear();
        }
        throw wrong(v, type);
    }

    private static LocalDate date(Object v, LogicalType type) {
        if (v instanceof LocalDate d) {
            return d;
        } else if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        } else if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toLocalDate();
        } else if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        throw wrong(v, type);
    }

    private static LocalDateTime dateTime(Object v, LogicalType type) {
        if (v instanceof LocalDateTime t) {
            return t;
        } else if (v instanceof Timestamp t) {
            return t.toLocalDateTime();
        } else if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        } else if (v instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay();
        }
        throw wrong(v, type);
    }

    private static Instant instant(Object v, LogicalType type) {
        if (v instanceof Instant i) {
            return i;
        } else if (v instanceof Timestamp t) {
            return t.toInstant();
        } else if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        } else if (v instanceof ZonedDateTime t) {
            return t.toInstant();
        } else if (v instanceof LocalDateTime t) {
            return MysqlTemporal.toInstant(t, ZoneId.systemDefault());
        } else if (v instanceof java.util.Date d && !(v instanceof java.sql.Date) && !(v instanceof Time)) {
            return d.toInstant();
        }
        throw wrong(v, type);
    }

    private static Duration time(Object v, LogicalType type) {
        if (v instanceof Duration d) {
            return d;
        } else if (v instanceof Time t) {
            Calendar c = Calendar.getInstance();
            c.setTimeInMillis(t.getTime());
            return Duration.ofMillis(((c.get(Calendar.HOUR_OF_DAY) * 60L + c.get(Calendar.MINUTE)) * 60 + c.get(Calendar.SECOND)) * 1000
                    + c.get(Calendar.MILLISECOND));
        } else if (v instanceof LocalTime t) {
            return Duration.ofNanos(t.toNanoOfDay());
        }
        throw wrong(v, type);
    }

    private static byte[] bytes(Object v, LogicalType type) {
        if (v instanceof byte[] b) {
            return b;
        }
        throw wrong(v, type);
    }

    private static IllegalArgumentException wrong(Object v, LogicalType type) {
        return new IllegalArgumentException("a " + v.getClass().getName() + " is not a value of a " + type.ddl() + " column");
    }
}
