package io.splitdb.proxy;

import io.splitdb.proxy.protocol.ColumnType;
import io.splitdb.proxy.protocol.PayloadWriter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A result value in the binary protocol, in the form of the MySQL type its column definition
 * announces: fixed-width little-endian integers and IEEE floats, length-prefixed dates and times,
 * everything else a length-encoded string. Dates and times are taken from their text, so no time
 * zone conversion touches them.
 */
final class BinaryValues {
    private BinaryValues() {
    }

    /** Column {@code i} of the current row as {@code type} (from {@link ColumnTypes#mysqlType}); null for SQL NULL. */
    static byte[] encode(ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case ColumnType.TINY, ColumnType.SHORT, ColumnType.YEAR, ColumnType.LONG, ColumnType.INT24, ColumnType.LONGLONG -> {
                String s = rs.getString(i);
                if (s == null) {
                    return null;
                }
                long v = integer(s);
                int width = switch (type) {
                    case ColumnType.TINY -> 1;
                    case ColumnType.SHORT, ColumnType.YEAR -> 2;
                    case ColumnType.LONG, ColumnType.INT24 -> 4;
                    default -> 8;
                };
                return new PayloadWriter().fixedInt(v, width).toByteArray();
            }
            case ColumnType.FLOAT -> {
                float f = rs.getFloat(i);
                return rs.wasNull() ? null : new PayloadWriter().fixedInt(Float.floatToIntBits(f) & 0xFFFFFFFFL, 4).toByteArray();
            }
            case ColumnType.DOUBLE -> {
                double d = rs.getDouble(i);
                return rs.wasNull() ? null : new PayloadWriter().fixedInt(Double.doubleToLongBits(d), 8).toByteArray();
            }
            case ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP -> {
                String s = rs.getString(i);
                return s == null ? null : dateTime(s);
            }
            case ColumnType.TIME -> {
                String s = rs.getString(i);
                return s == null ? null : time(s);
            }
            case ColumnType.BIT, ColumnType.BLOB -> {
                byte[] b = rs.getBytes(i);
                return b == null ? null : new PayloadWriter().lenencString(b).toByteArray();
            }
            default -> {
                byte[] b = ColumnTypes.isBinary(rs.getMetaData().getColumnType(i)) ? rs.getBytes(i) : text(rs.getString(i));
                return b == null ? null : new PayloadWriter().lenencString(b).toByteArray();
            }
        }
    }

    private static byte[] text(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** An integer column's value from its text: YEAR may read as a date, BIGINT UNSIGNED above 2^63 wraps as MySQL sends it. */
    private static long integer(String s) {
        String t = s.length() > 4 && s.charAt(4) == '-' ? s.substring(0, 4) : s; // YEAR read as "2024-01-01"
        if (t.equalsIgnoreCase("true")) {
            return 1;
        }
        if (t.equalsIgnoreCase("false")) {
            return 0;
        }
        return new BigDecimal(t).toBigInteger().longValue();
    }

    /** "yyyy-MM-dd[ HH:mm:ss[.ffffff]]" as length 4, 7 or 11 and the fields. */
    private static byte[] dateTime(String s) {
        int year = Integer.parseInt(s.substring(0, 4));
        int month = Integer.parseInt(s.substring(5, 7));
        int day = Integer.parseInt(s.substring(8, 10));
        PayloadWriter w = new PayloadWriter();
        if (s.length() < 19) {
            return w.int1(4).fixedInt(year, 2).int1(month).int1(day).toByteArray();
        }
        int hour = Integer.parseInt(s.substring(11, 13));
        int minute = Integer.parseInt(s.substring(14, 16));
        int second = Integer.parseInt(s.substring(17, 19));
        int micros = s.length() > 20 ? micros(s.substring(20)) : 0;
        if (micros == 0) {
            return w.int1(7).fixedInt(year, 2).int1(month).int1(day).int1(hour).int1(minute).int1(second).toByteArray();
        }
        return w.int1(11).fixedInt(year, 2).int1(month).int1(day).int1(hour).int1(minute).int1(second).fixedInt(micros, 4).toByteArray();
    }

    /** "[-]H+:mm:ss[.ffffff]" as length 8 or 12: sign, days, hours, minutes, seconds, microseconds. */
    private static byte[] time(String s) {
        boolean negative = s.startsWith("-");
        String t = negative ? s.substring(1) : s;
        String[] parts = t.split(":");
        long hours = Long.parseLong(parts[0]);
        int minutes = Integer.parseInt(parts[1]);
        String[] sec = parts[2].split("\\.");
        int seconds = Integer.parseInt(sec[0]);
        int micros = sec.length > 1 ? micros(sec[1]) : 0;
        PayloadWriter w = new PayloadWriter().int1(micros == 0 ? 8 : 12).int1(negative ? 1 : 0)
                .fixedInt(hours / 24, 4).int1((int) (hours % 24)).int1(minutes).int1(seconds);
        if (micros != 0) {
            w.fixedInt(micros, 4);
        }
        return w.toByteArray();
    }

    private static int micros(String fraction) {
        String f = (fraction + "000000").substring(0, 6);
        return Integer.parseInt(f);
    }
}
