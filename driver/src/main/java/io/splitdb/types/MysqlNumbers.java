package io.splitdb.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/** How MySQL reads numbers out of strings and writes floating-point numbers as text. */
final class MysqlNumbers {

    /** FLT_DIG: MySQL writes a FLOAT with this many significant digits. */
    private static final MathContext FLOAT_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);
    /** MAX_DECPT_FOR_F_FORMAT (DBL_DIG): beyond this many integer digits my_gcvt switches to the 'e' format. */
    private static final int MAX_DECPT_FOR_F_FORMAT = 15;
    /** Beyond 10^400 no column holds the number; below 10^-400 every column holds zero. */
    private static final int MAX_EXPONENT = 400;

    private MysqlNumbers() {
    }

    /**
     * The numeric prefix of a string as MySQL's string-to-number conversions read it: leading
     * white space, a sign, digits with an optional point, an optional exponent.
     *
     * @param value the number read (null if no digits were found)
     * @param end   index just after the number (or of the first character that is not white space, if none)
     * @param overflow true if the exponent is too large for any column
     */
    record Prefix(BigDecimal value, int end, boolean overflow, boolean minus) {
        boolean found() {
            return value != null || overflow;
        }

        /** The value as a double, keeping the sign of a negative zero as my_strtod does. */
        double asDouble() {
            double d = value.doubleValue();
            return d == 0 && minus ? -0.0 : d;
        }
    }

    static Prefix prefix(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        int start = i;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        String intDigits = s.substring(intStart, i);
        String fracDigits = "";
        if (i < n && s.charAt(i) == '.') {
            int fracStart = i + 1;
            int j = fracStart;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            if (j > fracStart || !intDigits.isEmpty()) {
                fracDigits = s.substring(fracStart, j);
                i = j;
            }
        }
        if (intDigits.isEmpty() && fracDigits.isEmpty()) {
            return new Prefix(null, start, false, negative);
        }
        BigDecimal mantissa = new BigDecimal((negative ? "-" : "") + (intDigits.isEmpty() ? "0" : intDigits)
                + (fracDigits.isEmpty() ? "" : "." + fracDigits));
        long exponent = 0;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            boolean expNegative = false;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                expNegative = s.charAt(j) == '-';
                j++;
            }
            int expStart = j;
            while (j < n && isDigit(s.charAt(j))) {
                exponent = Math.min(exponent * 10 + (s.charAt(j) - '0'), Integer.MAX_VALUE);
                j++;
            }
            if (j > expStart) {
                i = j;
                exponent = expNegative ? -exponent : exponent;
            } else {
                exponent = 0;
            }
        }
        if (mantissa.signum() == 0) {
            return new Prefix(BigDecimal.ZERO, i, false, negative);
        }
        if (exponent > MAX_EXPONENT) {
            return new Prefix(null, i, true, negative);
        }
        if (exponent < -MAX_EXPONENT) {
            return new Prefix(BigDecimal.ZERO, i, false, negative);
        }
        return new Prefix(mantissa.scaleByPowerOfTen((int) exponent), i, false, negative);
    }

    /** True if only white space follows {@code from}: what MySQL accepts after a number without a warning. */
    static boolean onlySpaces(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal MySQL converts a double to (the shortest that reads back as the same double). */
    static BigDecimal shortest(double d) {
        if (d == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** The 6 significant digits MySQL writes for a FLOAT. */
    static BigDecimal floatDigits(float f) {
        if (f == 0) {
            return BigDecimal.ZERO;
        }
        return new BigDecimal((double) f).round(FLOAT_DIGITS).stripTrailingZeros();
    }

    /** The number a client reads back for a stored FLOAT (its text has 6 significant digits). */
    static double floatAsRead(float f) {
        return floatDigits(f).doubleValue();
    }

    /** my_gcvt: MySQL's text of a DOUBLE ({@code asFloat=false}) or FLOAT column value without fixed decimals. */
    static String gcvt(double d, boolean asFloat) {
        return gcvt(d, asFloat, 310);
    }

    /**
     * my_gcvt with a field width: the text MySQL stores for a double in a character column of
     * {@code width} characters, with as many significant digits as fit; null if none fit (the
     * server's "Data too long").
     */
    static String gcvt(double x, boolean asFloat, int width) {
        boolean negative = x < 0;
        int w = negative ? width - 1 : width;
        if (x == 0) {
            return 1 / x < 0 ? "-0" : "0"; // dtoa keeps the sign of a negative zero
        }
        double abs = Math.abs(x);
        Digits d = mode4(abs, asFloat ? Math.min(w, 6) : w);
        int len = d.digits.length();
        int decpt = d.decpt;
        int expLen = 1 + (decpt >= 101 || decpt <= -99 ? 1 : 0) + (decpt >= 11 || decpt <= -9 ? 1 : 0);
        boolean haveSpace = (decpt <= 0 ? len - decpt + 2 : decpt < len ? len + 1 : decpt) <= w;
        boolean forceE = decpt <= 0 && w <= 2 - decpt && w >= 3 + expLen;
        boolean fixed = (haveSpace || decpt <= w && (decpt >= -1 || decpt == -2 && (len > 1 || !forceE)) && !forceE)
                && (!haveSpace || decpt >= -MAX_DECPT_FOR_F_FORMAT + 1 && (decpt <= MAX_DECPT_FOR_F_FORMAT || len > decpt));
        StringBuilder sb = new StringBuilder(negative ? "-" : "");
        if (fixed) {
            int ww = w - ((decpt < len ? 1 : 0) + (decpt <= 0 ? 1 - decpt : 0));
            if (ww < len) {
                if (ww < decpt) {
                    return null;
                }
                d = mode5(abs, ww - decpt);
                len = d.digits.length();
                decpt = d.decpt;
            }
            if (len == 0) {
                return sb.append('0').toString();
            }
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(d.digits);
            } else if (decpt < len) {
                sb.append(d.digits, 0, decpt).append('.').append(d.digits, decpt, len);
            } else {
                sb.append(d.digits).append("0".repeat(decpt - len));
            }
            return sb.toString();
        }
        int exponent = decpt - 1;
        int ww = w - (exponent < 0 ? 1 : 0) - 1 - expLen - (len > 1 ? 1 : 0);
        if (ww <= 0) {
            return null;
        }
        if (ww < len) {
            d = mode4(abs, ww);
            exponent = d.decpt - 1;
        }
        sb.append(d.digits.charAt(0));
        if (d.digits.length() > 1) {
            sb.append('.').append(d.digits, 1, d.digits.length());
        }
        return sb.append('e').append(exponent).toString();
    }

    /** dtoa's digits (no leading or trailing zeros) and decimal point position ("0" at 1 for zero). */
    private record Digits(String digits, int decpt) {
        static Digits of(BigDecimal v) {
            if (v.signum() == 0) {
                return new Digits("0", 1);
            }
            BigDecimal s = v.stripTrailingZeros();
            String digits = s.unscaledValue().toString();
            return new Digits(digits, digits.length() - s.scale());
        }
    }

    /** dtoa mode 4: the shortest digits that read back, or the value rounded to {@code n} significant digits if those are fewer. */
    private static Digits mode4(double abs, int n) {
        BigDecimal shortest = shortest(abs);
        if (shortest.signum() == 0 || shortest.stripTrailingZeros().precision() <= n) {
            return Digits.of(shortest);
        }
        return Digits.of(new BigDecimal(abs).round(new MathContext(Math.max(1, n), RoundingMode.HALF_EVEN)));
    }

    /** dtoa mode 5: rounded to {@code k} digits after the point; no digits at all if that is zero. */
    private static Digits mode5(double abs, int k) {
        BigDecimal r = new BigDecimal(abs).setScale(k, RoundingMode.HALF_EVEN);
        return r.signum() == 0 ? new Digits("", 1 - k) : Digits.of(r);
    }

    /** my_fcvt: a FLOAT(M,D) or DOUBLE(M,D) value written with exactly D decimals. */
    static String fixed(double d, int decimals) {
        return new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** MySQL's rint() (round half to even), as used when a double is stored in an integer column. */
    static BigInteger rint(double d) {
        return new BigDecimal(Math.rint(d)).toBigInteger();
    }
}
