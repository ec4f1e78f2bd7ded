package io.splitdb.types;

import io.splitdb.types.LogicalType.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * A column value exactly as a MySQL server sends it in a text-protocol row. Rows hold it in place
 * of a canonical value where there is none: a zero date read from a backend whose SQL mode allows
 * them. {@link JdbcValues} converts it as Connector/J would (getString gives "0000-00-00",
 * getObject fails).
 */
public final class ServerText {

    private final byte[] bytes;

    public ServerText(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerText t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ServerText[" + bytes.length + " bytes]";
    }

    /**
     * What the server sends for a canonical value of {@code type}. With {@code exact} false a DOUBLE
     * may be written differently (Java's shortest text), which reads back as the same number.
     */
    static byte[] of(Object canonical, LogicalType type, boolean exact) {
        if (canonical instanceof ServerText t) {
            return t.bytes;
        }
        Kind kind = type.kind();
        switch (kind) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT:
                return ascii(canonical.toString());
            case DECIMAL:
                return ascii(((BigDecimal) canonical).toPlainString());
            case FLOAT: {
                float f = (Float) canonical;
                return ascii(type.fractionDigits() >= 0 ? MysqlNumbers.fixed(f, type.fractionDigits()) : MysqlNumbers.gcvt(f, true));
            }
            case DOUBLE: {
                double d = (Double) canonical;
                if (type.fractionDigits() >= 0) {
                    return ascii(MysqlNumbers.fixed(d, type.fractionDigits()));
                }
                return ascii(exact ? MysqlNumbers.gcvt(d, false) : Double.toString(d));
            }
            case BIT:
                return bits((Long) canonical, type.bitBytes());
            case YEAR:
                return ascii(MysqlTemporal.pad(new StringBuilder(4), (Integer) canonical, 4).toString());
            case DATE:
                return ascii(MysqlTemporal.date((LocalDate) canonical));
            case DATETIME:
                return ascii(MysqlTemporal.dateTime((LocalDateTime) canonical, type.fractionDigits()));
            case TIMESTAMP:
                return ascii(MysqlTemporal.dateTime(MysqlTemporal.local((Instant) canonical, ZoneId.systemDefault()), type.fractionDigits()));
            case TIME:
                return ascii(MysqlTemporal.time((Duration) canonical, type.fractionDigits()));
            case JSON:
                return ((String) canonical).getBytes(StandardCharsets.UTF_8);
            default:
                if (type.isText()) {
                    return Charsets.encode((String) canonical, type.charset());
                }
                return (byte[]) canonical;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bits(long value, int n) {
        byte[] b = new byte[Math.max(1, n)];
        long v = value;
        for (int i = b.length - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** The unsigned value of a BIT column's bytes. */
    static long bitValue(byte[] b) {
        long l = 0;
        for (byte x : b) {
            l = l << 8 | x & 0xff;
        }
        return l;
    }

    static BigInteger unsigned(long l) {
        return l >= 0 ? BigInteger.valueOf(l) : BigInteger.valueOf(l).add(BigInteger.ONE.shiftLeft(64));
    }
}
