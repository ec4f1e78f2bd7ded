package io.splitdb.proxy.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Set;

/**
 * COM_STMT_EXECUTE: the statement id, cursor flags, and the parameters in the binary protocol (a
 * NULL bitmap, the types when the client sends them anew, then each non-NULL value). Values become
 * the Java objects {@code PreparedStatement.setObject} takes.
 */
public record StmtExecute(long statementId, int flags, int[] types, Object[] values) {
    /** Blob types: their values are bytes, not text. */
    private static final Set<Integer> BYTES = Set.of(0xF9, 0xFA, 0xFB, ColumnType.BLOB, 0xFF);

    /** The statement id of a COM_STMT_EXECUTE payload (to find its parameter count). */
    public static long statementId(byte[] payload) {
        if (payload.length < 5) {
            throw new MalformedPacketException("COM_STMT_EXECUTE shorter than a statement id");
        }
        return new PayloadReader(Arrays.copyOfRange(payload, 1, 5)).fixedInt(4);
    }

    /**
     * Decodes a COM_STMT_EXECUTE payload (command byte included).
     *
     * @param parameters   the statement's parameter count
     * @param boundTypes   the types of the previous execution, used when the client does not send them again (null if none)
     * @param longData     parameters whose value came with COM_STMT_SEND_LONG_DATA (their values are not in this packet)
     */
    public static StmtExecute decode(byte[] payload, int parameters, int[] boundTypes, boolean[] longData) {
        PayloadReader r = new PayloadReader(Arrays.copyOfRange(payload, 1, payload.length));
        long id = r.fixedInt(4);
        int flags = r.int1();
        r.fixedInt(4); // iteration count, always 1
        int[] types = boundTypes;
        Object[] values = new Object[parameters];
        if (parameters == 0) {
            return new StmtExecute(id, flags, new int[0], values);
        }
        byte[] nulls = r.bytes((parameters + 7) / 8);
        boolean newTypes = r.int1() == 1;
        if (newTypes) {
            types = new int[parameters];
            for (int i = 0; i < parameters; i++) {
                types[i] = (int) r.fixedInt(2); // type, and 0x80 in the second byte for UNSIGNED
            }
        }
        if (types == null) {
            throw new MalformedPacketException("COM_STMT_EXECUTE without parameter types, and none bound before");
        }
        for (int i = 0; i < parameters; i++) {
            boolean isNull = (nulls[i / 8] & (1 << (i % 8))) != 0;
            if (isNull || (longData != null && longData[i])) {
                continue;
            }
            values[i] = value(r, types[i] & 0xFF, (types[i] & 0x8000) != 0);
        }
        return new StmtExecute(id, flags, types, values);
    }

    private static Object value(PayloadReader r, int type, boolean unsigned) {
        return switch (type) {
            case ColumnType.NULL -> null;
            case ColumnType.TINY -> unsigned ? (Object) (long) r.int1() : (Object) (long) (byte) r.int1();
            case ColumnType.SHORT, ColumnType.YEAR -> unsigned ? (Object) r.fixedInt(2) : (Object) (long) (short) r.fixedInt(2);
            case ColumnType.LONG, ColumnType.INT24 -> unsigned ? (Object) r.fixedInt(4) : (Object) (long) (int) r.fixedInt(4);
            case ColumnType.LONGLONG -> {
                long v = r.fixedInt(8);
                yield unsigned && v < 0 ? new BigInteger(Long.toUnsignedString(v)) : (Object) v;
            }
            case ColumnType.FLOAT -> Float.intBitsToFloat((int) r.fixedInt(4));
            case ColumnType.DOUBLE -> Double.longBitsToDouble(r.fixedInt(8));
            case ColumnType.DECIMAL, ColumnType.NEWDECIMAL -> new BigDecimal(new String(r.lenencBytes(), StandardCharsets.US_ASCII));
            case ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP -> dateTime(r, type == ColumnType.DATE);
            case ColumnType.TIME -> time(r);
            default -> {
                byte[] bytes = r.lenencBytes();
                yield BYTES.contains(type) ? bytes : new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }

    /** A DATE / DATETIME: length 0 (zero date), 4 (date), 7 (+ time) or 11 (+ microseconds). */
    private static Object dateTime(PayloadReader r, boolean dateOnly) {
        int length = r.int1();
        if (length == 0) {
            return dateOnly ? "0000-00-00" : "0000-00-00 00:00:00";
        }
        int year = (int) r.fixedInt(2);
        int month = r.int1();
        int day = r.int1();
        int hour = 0;
        int minute = 0;
        int second = 0;
        int micros = 0;
        if (length >= 7) {
            hour = r.int1();
            minute = r.int1();
            second = r.int1();
        }
        if (length >= 11) {
            micros = (int) r.fixedInt(4);
        }
        if (dateOnly || length == 4) {
            return dateOnly ? (Object) LocalDate.of(year, month, day) : LocalDateTime.of(year, month, day, 0, 0);
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
    }

    /** A TIME: length 0, 8 or 12; as text, since TIME spans -838:59:59 to 838:59:59. */
    private static String time(PayloadReader r) {
        int length = r.int1();
        if (length == 0) {
            return "00:00:00";
        }
        boolean negative = r.int1() == 1;
        long days = r.fixedInt(4);
        int hour = r.int1();
        int minute = r.int1();
        int second = r.int1();
        int micros = length >= 12 ? (int) r.fixedInt(4) : 0;
        String s = String.format("%s%02d:%02d:%02d", negative ? "-" : "", days * 24 + hour, minute, second);
        return micros == 0 ? s : s + String.format(".%06d", micros);
    }
}
