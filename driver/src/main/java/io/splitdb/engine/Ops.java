package io.splitdb.engine;

import io.splitdb.crypto.CollationKeys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.Arrays;

/** MySQL's arithmetic and LIKE on single values; NULL in gives NULL out. */
final class Ops {

    private Ops() {
    }

    enum Arith { ADD, SUB, MUL, DIV, INTDIV, MOD }

    static Object arith(Arith op, Object a, Object b, Ty result) throws SQLException {
        if (a == null || b == null) {
            return null;
        }
        Object x = Values.number(a);
        Object y = Values.number(b);
        if (op == Arith.INTDIV) {
            if (Values.truth(y) == Boolean.FALSE) {
                return null;
            }
            if (x instanceof Long l && y instanceof Long m) {
                if (l == Long.MIN_VALUE && m == -1) {
                    throw outOfRange(a, b, "DIV");
                }
                return l / m;
            }
            BigDecimal q = Values.toDecimal(x).divide(Values.toDecimal(y), 0, RoundingMode.DOWN);
            return Values.toLong(q);
        }
        switch (result.kind()) {
            case DOUBLE: {
                double p = ((Number) x).doubleValue();
                double q = ((Number) y).doubleValue();
                double r;
                switch (op) {
                    case ADD: r = p + q; break;
                    case SUB: r = p - q; break;
                    case MUL: r = p * q; break;
                    case DIV:
                        if (q == 0) {
                            return null;
                        }
                        r = p / q;
                        break;
                    default:
                        if (q == 0) {
                            return null;
                        }
                        r = p % q;
                }
                if (Double.isInfinite(r) || Double.isNaN(r)) {
                    // the operands are (possibly protected) values: the message names the operation only
                    throw new SQLException("DOUBLE value is out of range in '" + op + "'", "22003");
                }
                return r;
            }
            case LONG: {
                long p = (Long) x;
                long q = (Long) y;
                try {
                    switch (op) {
                        case ADD: return Math.addExact(p, q);
                        case SUB: return Math.subtractExact(p, q);
                        case MUL: return Math.multiplyExact(p, q);
                        default:
                            return q == 0 ? null : p % q;
                    }
                } catch (ArithmeticException e) {
                    throw outOfRange(a, b, op.name());
                }
            }
            default: {
                BigDecimal p = Values.toDecimal(x);
                BigDecimal q = Values.toDecimal(y);
                BigDecimal r;
                switch (op) {
                    case ADD: r = p.add(q); break;
                    case SUB: r = p.subtract(q); break;
                    case MUL: r = p.multiply(q); break;
                    case DIV:
                        if (q.signum() == 0) {
                            return null;
                        }
                        r = p.divide(q, result.scale(), RoundingMode.HALF_UP);
                        break;
                    default:
                        if (q.signum() == 0) {
                            return null;
                        }
                        r = p.remainder(q);
                }
                return r.setScale(Math.max(r.scale() < 0 ? 0 : 0, result.scale()), RoundingMode.HALF_UP);
            }
        }
    }

    private static SQLException outOfRange(Object a, Object b, String op) {
        return new SQLException("BIGINT value is out of range in '" + op + "'", "22003");
    }

    /** The result type of MOD/% (which keeps the larger scale, not the sum). */
    static Ty modType(Ty a, Ty b) {
        if (!Ty.exact(a) || !Ty.exact(b)) {
            return Ty.DOUBLE;
        }
        return a.kind() == Ty.Kind.DECIMAL || b.kind() == Ty.Kind.DECIMAL ? Ty.decimal(Math.max(a.scale(), b.scale())) : Ty.LONG;
    }

    static Object negate(Object v, Ty t) throws SQLException {
        Object n = Values.number(v);
        if (n == null) {
            return null;
        }
        if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw new SQLException("BIGINT value is out of range in '-'", "22003");
            }
            return -l;
        }
        if (n instanceof Double d) {
            return -d;
        }
        return ((BigDecimal) n).negate();
    }

    /**
     * LIKE under a collation: {@code %} any run, {@code _} one character, {@code escape} makes the
     * next character literal; characters compare as the collation compares them.
     */
    static boolean like(String value, String pattern, char escape, String collation) {
        int[] v = value.codePoints().toArray();
        int[] p = pattern.codePoints().toArray();
        boolean binary = collation != null && collation.toLowerCase(java.util.Locale.ROOT).endsWith("_bin");
        return match(v, 0, p, 0, escape, collation, binary);
    }

    private static boolean match(int[] v, int i, int[] p, int j, char escape, String collation, boolean binary) {
        while (j < p.length) {
            int c = p[j];
            if (c == '%') {
                while (j < p.length && p[j] == '%') {
                    j++;
                }
                if (j == p.length) {
                    return true;
                }
                for (int k = i; k <= v.length; k++) {
                    if (match(v, k, p, j, escape, collation, binary)) {
                        return true;
                    }
                }
                return false;
            }
            if (i >= v.length) {
                return false;
            }
            if (c == '_') {
                i++;
                j++;
                continue;
            }
            if (c == escape && j + 1 < p.length) {
                j++;
                c = p[j];
            }
            if (!sameChar(v[i], c, collation, binary)) {
                return false;
            }
            i++;
            j++;
        }
        return i == v.length;
    }

    private static boolean sameChar(int a, int b, String collation, boolean binary) {
        if (a == b) {
            return true;
        }
        if (binary) {
            return false;
        }
        // a space compares equal to nothing under PAD SPACE keys; LIKE compares it as a character
        if (Character.isWhitespace(a) || Character.isWhitespace(b)) {
            return false;
        }
        return Arrays.equals(charKey(a, collation), charKey(b, collation));
    }

    /** Collation keys of single characters, kept: LIKE compares the same few characters over and over. */
    private static final java.util.Map<String, java.util.Map<Integer, byte[]>> CHAR_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private static byte[] charKey(int codePoint, String collation) {
        java.util.Map<Integer, byte[]> keys = CHAR_KEYS.computeIfAbsent(collation == null ? "" : collation,
                c -> new java.util.concurrent.ConcurrentHashMap<>());
        return keys.computeIfAbsent(codePoint, cp -> CollationKeys.equalityKey(new String(Character.toChars(cp)), collation));
    }
}
