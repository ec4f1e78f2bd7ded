package io.splitdb.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * How MySQL reads dates and times out of strings and numbers (str_to_datetime, str_to_time,
 * number_to_datetime, number_to_time under NO_ZERO_DATE and NO_ZERO_IN_DATE), rounds their
 * fractions to a column's precision, and writes them as text.
 */
final class MysqlTemporal {

    /** TIME's range: ±838:59:59. */
    static final long MAX_TIME_MICROS = (838L * 3600 + 59 * 60 + 59) * 1_000_000L;
    /** TIMESTAMP's range: 1970-01-01 00:00:01 to 2038-01-19 03:14:07.999999 UTC. */
    static final Instant MIN_TIMESTAMP = Instant.ofEpochSecond(1);
    static final Instant MAX_TIMESTAMP = Instant.ofEpochSecond(Integer.MAX_VALUE, 999_999_000);
    private static final int YY_PART_YEAR = 70;

    private MysqlTemporal() {
    }

    /**
     * A date-time as read, before it is rounded to a column. {@code micros} holds the first six
     * fraction digits; {@code roundUp} is true if the digits after them round up (MySQL 8 looks at
     * three more).
     */
    record Parts(int year, int month, int day, int hour, int minute, int second, int micros, boolean roundUp) {
        /** A valid date; with {@code allowZero} also the zero date and dates with a zero month or day (no NO_ZERO_DATE, NO_ZERO_IN_DATE). */
        boolean validDate(boolean allowZero) {
            if (zeroInDate()) {
                return allowZero && month <= 12 && day <= 31 && year <= 9999;
            }
            return month <= 12 && year <= 9999 && day <= LocalDate.of(year, month, 1).lengthOfMonth();
        }

        boolean zeroInDate() {
            return month == 0 || day == 0;
        }

        boolean allZero() {
            return year == 0 && month == 0 && day == 0 && hour == 0 && minute == 0 && second == 0 && micros == 0;
        }

        boolean validTime() {
            return hour <= 23 && minute <= 59 && second <= 59;
        }
    }

    // ---------------------------------------------------------------- date-times

    /** str_to_datetime; null if the server would refuse it. */
    static Parts parseDateTime(String s, boolean allowZero) {
        int i = skipSpaces(s, 0);
        int end = s.length();
        while (end > i && MysqlNumbers.isSpace(s.charAt(end - 1))) {
            end--;
        }
        String t = s.substring(i, end);
        if (t.isEmpty()) {
            return null;
        }
        int firstNonDigit = 0;
        while (firstNonDigit < t.length() && Character.isDigit(t.charAt(firstNonDigit))) {
            firstNonDigit++;
        }
        Parts p = firstNonDigit == t.length() || t.charAt(firstNonDigit) == '.' ? packedDigits(t, firstNonDigit) : delimited(t);
        return p != null && p.validDate(allowZero) && p.validTime() ? p : null;
    }

    /** YYYYMMDD[HHMMSS][.fraction] and the two-digit-year forms. */
    private static Parts packedDigits(String t, int digits) {
        String d = t.substring(0, digits);
        int yearLength = digits == 4 || digits == 8 || digits >= 14 ? 4 : 2;
        if (digits < yearLength + 4 || digits > 14) {
            return null;
        }
        int[] f = new int[6];
        int pos = 0;
        for (int field = 0; field < 6 && pos < digits; field++) {
            int len = Math.min(field == 0 ? yearLength : 2, digits - pos);
            f[field] = Integer.parseInt(d.substring(pos, pos + len));
            pos += len;
        }
        Fraction fr = fraction(t, digits);
        if (fr == null) {
            return null;
        }
        int year = yearLength == 2 ? twoDigitYear(f, fr.micros) : f[0];
        return new Parts(year, f[1], f[2], f[3], f[4], f[5], fr.micros, fr.roundUp);
    }

    /** Fields separated by punctuation; date and time separated by white space or 'T'; a fraction only after seconds. */
    private static Parts delimited(String t) {
        int[] f = new int[6];
        int count = 0;
        int yearDigits = 0;
        int i = 0;
        Fraction fr = new Fraction(0, false);
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            int len = i - start;
            if (len == 0 || len > (count == 0 ? 4 : 2)) {
                return null;
            }
            if (count == 0) {
                yearDigits = len;
            }
            f[count++] = Integer.parseInt(t.substring(start, i));
            if (i == t.length()) {
                break;
            }
            char sep = t.charAt(i);
            if (count == 6) {
                fr = fraction(t, i);
                break;
            }
            if (count == 3) {
                if (sep != ' ' && sep != 'T' && sep != 't') {
                    return null;
                }
                i++;
                while (i < t.length() && t.charAt(i) == ' ') {
                    i++;
                }
            } else {
                if (Character.isLetterOrDigit(sep) || Character.isWhitespace(sep)) {
                    return null;
                }
                while (i < t.length() && !Character.isLetterOrDigit(t.charAt(i)) && !Character.isWhitespace(t.charAt(i))) {
                    i++;
                }
            }
        }
        if (fr == null || count < 3) {
            return null;
        }
        int year = yearDigits == 2 ? twoDigitYear(f, fr.micros) : f[0];
        return new Parts(year, f[1], f[2], f[3], f[4], f[5], fr.micros, fr.roundUp);
    }

    private record Fraction(int micros, boolean roundUp) {
    }

    /** The digits after the point at {@code dot} (if any): six kept, the next three decide MySQL 8's rounding. */
    private static Fraction fraction(String t, int dot) {
        if (dot >= t.length()) {
            return new Fraction(0, false);
        }
        if (t.charAt(dot) != '.') {
            return null;
        }
        int i = dot + 1;
        int micros = 0;
        int digits = 0;
        int nanos = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            int d = t.charAt(i) - '0';
            if (digits < 6) {
                micros = micros * 10 + d;
            } else if (digits < 9) {
                nanos = nanos * 10 + d;
            }
            digits++;
            i++;
        }
        if (i != t.length()) {
            return null;
        }
        for (int k = digits; k < 6; k++) {
            micros *= 10;
        }
        for (int k = Math.max(digits, 6); k < 9; k++) {
            nanos *= 10;
        }
        return new Fraction(micros, nanos >= 500);
    }

    /** A two-digit year: 70..99 is 19YY, else 20YY; an all-zero value keeps year 0. (A one-digit year stays as written.) */
    private static int twoDigitYear(int[] fields, int micros) {
        int yy = fields[0];
        if (micros == 0 && java.util.Arrays.stream(fields).allMatch(f -> f == 0)) {
            return 0;
        }
        return yy < YY_PART_YEAR ? 2000 + yy : 1900 + yy;
    }

    /**
     * number_to_datetime: 20240102, 240102, 20240102030405 ... A fraction counts only after a time
     * of day (20240102.5 is midnight); 0 is the zero date.
     */
    static Parts dateTimeFromNumber(BigDecimal n, boolean allowZero) {
        if (n.signum() < 0) {
            return null;
        }
        BigInteger whole = n.toBigInteger();
        if (whole.bitLength() > 62) {
            return null;
        }
        long nr = whole.longValue();
        if (nr == 0) {
            Fraction fr = numberFraction(n);
            return allowZero ? new Parts(0, 0, 0, 0, 0, 0, fr.micros, fr.roundUp) : null;
        }
        boolean dateOnly = nr <= 99_991_231L;
        if (nr < 101) {
            return null;
        } else if (nr <= (YY_PART_YEAR - 1) * 10_000L + 1231L) {
            nr = (nr + 20_000_000L) * 1_000_000L;
        } else if (nr < YY_PART_YEAR * 10_000L + 101L) {
            return null;
        } else if (nr <= 991_231L) {
            nr = (nr + 19_000_000L) * 1_000_000L;
        } else if (nr < 10_000_101L) {
            return null;
        } else if (nr <= 99_991_231L) {
            nr = nr * 1_000_000L;
        } else if (nr < 101_000_000L) {
            return null;
        } else if (nr <= (YY_PART_YEAR - 1) * 10_000_000_000L + 1_231_235_959L) {
            nr = nr + 20_000_000_000_000L;
        } else if (nr < YY_PART_YEAR * 10_000_000_000L + 101_000_000L) {
            return null;
        } else if (nr <= 991_231_235_959L) {
            nr = nr + 19_000_000_000_000L;
        } else if (nr > 99_991_231_235_959L) {
            return null;
        }
        long date = nr / 1_000_000L;
        long time = nr % 1_000_000L;
        Fraction fr = dateOnly ? new Fraction(0, false) : numberFraction(n);
        Parts p = new Parts((int) (date / 10_000), (int) (date / 100 % 100), (int) (date % 100),
                (int) (time / 10_000), (int) (time / 100 % 100), (int) (time % 100), fr.micros, fr.roundUp);
        return p.validDate(allowZero) && p.validTime() ? p : null;
    }

    private static Fraction numberFraction(BigDecimal n) {
        BigDecimal frac = n.abs().subtract(new BigDecimal(n.abs().toBigInteger()));
        BigDecimal nanos = frac.movePointRight(9).setScale(0, RoundingMode.DOWN);
        int ns = nanos.intValue();
        return new Fraction(ns / 1000, ns % 1000 >= 500);
    }

    /**
     * Rounds (MySQL) or cuts (MariaDB) the fraction to {@code fsp} digits; null if that carries
     * past year 9999.
     */
    static LocalDateTime toLocal(Parts p, int fsp, boolean round) {
        LocalDateTime base = LocalDateTime.of(p.year(), p.month(), p.day(), p.hour(), p.minute(), p.second());
        long micros = adjustMicros(p.micros(), p.roundUp(), fsp, round);
        LocalDateTime t = base.plusNanos(micros * 1000);
        return t.getYear() > 9999 ? null : t;
    }

    private static long adjustMicros(long micros, boolean roundUp, int fsp, boolean round) {
        long m = micros + (round && roundUp ? 1 : 0);
        long unit = pow10(6 - fsp);
        long kept = m / unit * unit;
        if (round && m - kept >= unit / 2 && unit > 1) {
            kept += unit;
        }
        return kept;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    // ---------------------------------------------------------------- times

    /** A TIME as read: signed, in microseconds, with MySQL 8's round-up flag for digits beyond six. */
    record TimeParts(long micros, boolean roundUp) {
    }

    /** str_to_time; null if MySQL would refuse it. Range is checked after rounding. */
    static TimeParts parseTime(String s) {
        int i = skipSpaces(s, 0);
        int end = s.length();
        while (end > i && MysqlNumbers.isSpace(s.charAt(end - 1))) {
            end--;
        }
        String t = s.substring(i, end);
        boolean negative = t.startsWith("-");
        String body = negative || t.startsWith("+") ? t.substring(1) : t;
        if (body.length() >= 12) {
            Parts dt = parseDateTime(body, false);
            if (dt != null) {
                long m = ((dt.hour() * 60L + dt.minute()) * 60 + dt.second()) * 1_000_000L + dt.micros();
                return new TimeParts(negative ? -m : m, dt.roundUp());
            }
        }
        long[] f = new long[4]; // days, hours, minutes, seconds
        int pos = 0;
        int start = pos;
        while (pos < body.length() && Character.isDigit(body.charAt(pos))) {
            pos++;
        }
        if (pos == start || pos - start > 12) {
            return null;
        }
        long first = Long.parseLong(body.substring(start, pos));
        int afterDays = pos;
        while (pos < body.length() && body.charAt(pos) == ' ') {
            pos++;
        }
        int state;
        if (pos > afterDays && pos < body.length() && Character.isDigit(body.charAt(pos))) {
            f[0] = first;
            state = 1;
        } else if (pos == afterDays && pos + 1 < body.length() && body.charAt(pos) == ':' && Character.isDigit(body.charAt(pos + 1))) {
            f[1] = first;
            state = 2;
            pos++;
        } else {
            pos = afterDays;
            f[1] = first / 10_000;
            f[2] = first / 100 % 100;
            f[3] = first % 100;
            state = 4;
        }
        while (state < 4) {
            start = pos;
            while (pos < body.length() && Character.isDigit(body.charAt(pos))) {
                pos++;
            }
            if (pos == start || pos - start > 2 && state > 1) {
                return null;
            }
            f[state++] = Long.parseLong(body.substring(start, pos));
            if (pos + 1 >= body.length() || body.charAt(pos) != ':' || !Character.isDigit(body.charAt(pos + 1))) {
                break;
            }
            pos++;
        }
        Fraction fr = fraction(body, pos);
        if (fr == null || f[2] >= 60 || f[3] >= 60 || f[0] > 34) {
            return null;
        }
        long m = (((f[0] * 24 + f[1]) * 60 + f[2]) * 60 + f[3]) * 1_000_000L + fr.micros;
        return new TimeParts(negative ? -m : m, fr.roundUp);
    }

    /** number_to_time: HHMMSS[.fraction], or a full date-time number whose time is taken. */
    static TimeParts timeFromNumber(BigDecimal n) {
        BigDecimal abs = n.abs();
        if (abs.compareTo(BigDecimal.valueOf(8_385_959)) > 0) {
            if (abs.compareTo(BigDecimal.valueOf(10_000_000_000L)) >= 0 && n.signum() > 0) {
                Parts dt = dateTimeFromNumber(n, false);
                if (dt == null) {
                    return null;
                }
                return new TimeParts(((dt.hour() * 60L + dt.minute()) * 60 + dt.second()) * 1_000_000L + dt.micros(), dt.roundUp());
            }
            return null;
        }
        long nr = abs.longValue();
        long minutes = nr / 100 % 100;
        long seconds = nr % 100;
        if (minutes >= 60 || seconds >= 60) {
            return null;
        }
        Fraction fr = numberFraction(n);
        long m = ((nr / 10_000 * 60 + minutes) * 60 + seconds) * 1_000_000L + fr.micros;
        return new TimeParts(n.signum() < 0 ? -m : m, fr.roundUp);
    }

    /**
     * Rounds (MySQL, away from zero) or cuts (MariaDB) a TIME to {@code fsp} digits; null if out of
     * range: ±838:59:59 on MySQL, ±838:59:59.999999 on MariaDB.
     */
    static Duration toDuration(TimeParts t, int fsp, boolean round) {
        long magnitude = Math.abs(t.micros());
        long whole = magnitude / 1_000_000 * 1_000_000;
        long adjusted = whole + adjustMicros(magnitude - whole, t.roundUp(), fsp, round);
        if (adjusted > MAX_TIME_MICROS + (round ? 0 : 999_999)) {
            return null;
        }
        return Duration.ofNanos((t.micros() < 0 ? -adjusted : adjusted) * 1000);
    }

    // ---------------------------------------------------------------- TIMESTAMP and time zones

    /**
     * The instant a server stores for a local date-time in the session time zone: an ambiguous
     * fall-back time takes the earlier offset (MariaDB 11.4, verified); null for a time in a
     * spring-forward gap, which strict mode refuses (MariaDB: 1292; without strict mode it warns
     * 1299 and stores the end of the gap).
     */
    static Instant toInstantStrict(LocalDateTime local, ZoneId zone) {
        return zone.getRules().getValidOffsets(local).isEmpty() ? null : toInstant(local, zone);
    }

    /** As {@link #toInstantStrict}, but a time in a gap moves to the end of the gap ("the start of the next real hour"). */
    static Instant toInstant(LocalDateTime local, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (!offsets.isEmpty()) {
            return local.toInstant(offsets.get(0));
        }
        ZoneOffsetTransition gap = rules.getTransition(local);
        return gap.getInstant().plusNanos(local.getNano());
    }

    static boolean inTimestampRange(Instant i) {
        return !i.isBefore(MIN_TIMESTAMP) && !i.isAfter(MAX_TIMESTAMP);
    }

    // ---------------------------------------------------------------- text

    /** The text of a date-time with a zero month or day, fraction cut to {@code fsp} digits (as MariaDB stores it). */
    static String zeroDateText(Parts p, boolean withTime, int fsp) {
        StringBuilder sb = new StringBuilder(26);
        date(sb, p.year(), p.month(), p.day());
        if (withTime) {
            time(sb.append(' '), p.hour(), p.minute(), p.second());
            fraction(sb, p.micros(), fsp);
        }
        return sb.toString();
    }

    static String date(LocalDate d) {
        return date(new StringBuilder(10), d.getYear(), d.getMonthValue(), d.getDayOfMonth()).toString();
    }

    static String dateTime(LocalDateTime t, int fsp) {
        StringBuilder sb = new StringBuilder(26);
        date(sb, t.getYear(), t.getMonthValue(), t.getDayOfMonth());
        time(sb.append(' '), t.getHour(), t.getMinute(), t.getSecond());
        return fraction(sb, t.getNano() / 1000, fsp).toString();
    }

    /** MySQL's text of a TIME: at least two hour digits, '-' for negative values. */
    static String time(Duration d, int fsp) {
        long micros = Math.abs(d.toNanos() / 1000);
        long seconds = micros / 1_000_000;
        StringBuilder sb = new StringBuilder(18);
        if (d.isNegative()) {
            sb.append('-');
        }
        time(sb, seconds / 3600, (int) (seconds / 60 % 60), (int) (seconds % 60));
        return fraction(sb, micros % 1_000_000, fsp).toString();
    }

    private static StringBuilder date(StringBuilder sb, int year, int month, int day) {
        return pad(pad(pad(sb, year, 4).append('-'), month, 2).append('-'), day, 2);
    }

    private static StringBuilder time(StringBuilder sb, long hours, int minutes, int seconds) {
        return pad(pad(pad(sb, hours, 2).append(':'), minutes, 2).append(':'), seconds, 2);
    }

    private static StringBuilder fraction(StringBuilder sb, long micros, int fsp) {
        if (fsp <= 0) {
            return sb;
        }
        sb.append('.');
        long digits = micros;
        for (int i = 6; i > fsp; i--) {
            digits /= 10;
        }
        return pad(sb, digits, fsp);
    }

    /** {@code value} with leading zeros to {@code width} digits. */
    static StringBuilder pad(StringBuilder sb, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    static LocalDateTime local(Instant i, ZoneId zone) {
        try {
            return LocalDateTime.ofInstant(i, zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("instant out of range", e);
        }
    }

    private static int skipSpaces(String s, int from) {
        int i = from;
        while (i < s.length() && MysqlNumbers.isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
