package io.splitdb.types;

import io.splitdb.types.LogicalType.Kind;
import io.splitdb.types.MysqlNumbers.Prefix;
import io.splitdb.types.MysqlTemporal.Parts;
import io.splitdb.types.MysqlTemporal.TimeParts;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.text.Collator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What MySQL (strict mode) stores when a literal is assigned to a column, as the driver's canonical value. */
final class Assign {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final LogicalType type;
    private final String column;
    private final Flavor flavor;

    private Assign(LogicalType type, String column, Flavor flavor) {
        this.type = type;
        this.column = column;
        this.flavor = flavor;
    }

    static Object value(LogicalType type, Literal lit, String column, Flavor flavor) throws SQLException {
        return new Assign(type, column, flavor).to(lit);
    }

    private Object to(Literal lit) throws SQLException {
        Kind kind = type.kind();
        switch (kind) {
            case TINYINT: case SMALLINT: case MEDIUMINT: case INT: case BIGINT: return integer(lit);
            case DECIMAL: return decimal(lit);
            case FLOAT: case DOUBLE: return real(lit);
            case BIT: return bit(lit);
            case YEAR: return year(lit);
            case DATE: case DATETIME: case TIMESTAMP: return dateTime(lit);
            case TIME: return time(lit);
            case ENUM: return enumMember(lit);
            case SET: return setMembers(lit);
            case JSON: return json(lit);
            case BINARY: case VARBINARY: case TINYBLOB: case BLOB: case MEDIUMBLOB: case LONGBLOB: case OTHER: return binary(lit);
            case NULL: throw TypeErrors.incorrect("string", column);
            default: return text(lit);
        }
    }

    // ---------------------------------------------------------------- numbers

    private Object integer(Literal lit) throws SQLException {
        BigInteger v;
        switch (lit.kind) {
            case INT: v = lit.integer; break;
            case DECIMAL: v = lit.decimal.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact(); break;
            case DOUBLE: v = MysqlNumbers.rint(lit.real); break;
            default: return integerInString(lit.asString());
        }
        if (type.unsigned() && lit.kind == Literal.Kind.DECIMAL && lit.decimal.signum() < 0) {
            throw TypeErrors.outOfRange(column); // the decimal -0.06 does not round into an unsigned column (the double -6E-2 does)
        }
        return inRange(v);
    }

    private Object inRange(BigInteger v) throws SQLException {
        BigInteger[] range = IntRange.of(type);
        if (v.compareTo(range[0]) < 0 || v.compareTo(range[1]) > 0) {
            throw TypeErrors.outOfRange(column);
        }
        return IntRange.box(type, v);
    }

    /** Field_long::store(char*): no number is 1366; out of range (1264) is checked before garbage after the number (1265). */
    private Object integerInString(String s) throws SQLException {
        Prefix p = MysqlNumbers.prefix(s);
        if (!p.found()) {
            throw TypeErrors.incorrect("integer", column);
        }
        if (p.overflow()) {
            throw TypeErrors.outOfRange(column);
        }
        Object v = inRange(p.value().setScale(0, RoundingMode.HALF_UP).toBigIntegerExact());
        if (!MysqlNumbers.onlySpaces(s, p.end())) {
            throw TypeErrors.dataTruncated(column);
        }
        return v;
    }

    private Object decimal(Literal lit) throws SQLException {
        BigDecimal v = lit.isNumber() ? lit.asDecimal() : numberInString(lit.asString(), "decimal");
        int scale = type.fractionDigits();
        BigDecimal rounded = v.setScale(scale, RoundingMode.HALF_UP);
        if (rounded.precision() - rounded.scale() > type.length() - scale && rounded.signum() != 0
                || type.unsigned() && v.signum() < 0) {
            throw TypeErrors.outOfRange(column);
        }
        return rounded.signum() == 0 ? BigDecimal.ZERO.setScale(scale) : rounded;
    }

    private Object real(Literal lit) throws SQLException {
        double d;
        if (lit.isNumber()) {
            d = lit.kind == Literal.Kind.DOUBLE ? lit.real : lit.decimal.doubleValue();
        } else {
            d = doubleInString(lit.asString());
        }
        if (Double.isInfinite(d) || type.unsigned() && d < 0) {
            throw TypeErrors.outOfRange(column);
        }
        if (type.fractionDigits() >= 0) {
            d = fixedDecimals(d);
        }
        if (type.kind() == Kind.FLOAT) {
            if (Math.abs(d) > Float.MAX_VALUE) {
                throw TypeErrors.outOfRange(column);
            }
            return (float) d;
        }
        return d;
    }

    /** FLOAT(M,D), DOUBLE(M,D): rint(x * 10^D) / 10^D, and at most M-D integer digits. */
    private double fixedDecimals(double d) throws SQLException {
        double scale = Math.pow(10, type.fractionDigits());
        double r = Math.rint(d * scale) / scale;
        double max = Math.pow(10, type.length() - type.fractionDigits()) - 1 / scale;
        if (Math.abs(r) > max) {
            throw TypeErrors.outOfRange(column);
        }
        return r;
    }

    private double doubleInString(String s) throws SQLException {
        Prefix p = MysqlNumbers.prefix(s);
        numberInString(s, "double");
        return p.asDouble();
    }

    /** The number at the start of a string; MySQL refuses strings without one, and garbage after it. */
    private BigDecimal numberInString(String s, String kind) throws SQLException {
        Prefix p = MysqlNumbers.prefix(s);
        if (!p.found()) {
            throw TypeErrors.incorrect(kind, column);
        }
        if (p.overflow()) {
            throw TypeErrors.outOfRange(column);
        }
        if (!MysqlNumbers.onlySpaces(s, p.end())) {
            throw TypeErrors.dataTruncated(column);
        }
        return p.value();
    }

    /**
     * Field_bit::store: an integer keeps its 64-bit pattern (-1 fills BIT(64)); a decimal is rounded
     * half up and must not be negative (1264); a double is cut toward zero and keeps its pattern;
     * strings give their bytes. More bits than the column holds: 1406.
     */
    private Object bit(Literal lit) throws SQLException {
        BigInteger v;
        switch (lit.kind) {
            case INT:
                v = lit.integer.signum() < 0 ? lit.integer.add(TWO_64) : lit.integer;
                break;
            case DECIMAL:
                if (lit.decimal.signum() < 0) {
                    throw TypeErrors.outOfRange(column);
                }
                v = lit.decimal.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
                if (v.bitLength() > 64) {
                    throw TypeErrors.outOfRange(column);
                }
                break;
            case DOUBLE:
                // (longlong) nr: cut toward zero, then the integer's bit pattern
                v = new BigDecimal(lit.real).toBigInteger();
                if (v.bitLength() > 63) {
                    throw TypeErrors.outOfRange(column);
                }
                v = v.signum() < 0 ? v.add(TWO_64) : v;
                break;
            case BINARY: v = new BigInteger(1, lit.bytes); break;
            default: v = new BigInteger(1, lit.string.getBytes(StandardCharsets.UTF_8));
        }
        if (v.bitLength() > type.length()) {
            throw TypeErrors.tooLong(column);
        }
        return v.longValue();
    }

    private Object year(Literal lit) throws SQLException {
        long n;
        if (lit.isNumber()) {
            // Field_year::store(double) refuses any negative double and cuts toward zero; a decimal rounds half up
            if (lit.kind == Literal.Kind.DOUBLE && lit.real < 0) {
                throw TypeErrors.outOfRange(column);
            }
            BigInteger v = lit.kind == Literal.Kind.DOUBLE ? new BigDecimal(lit.real).toBigInteger()
                    : lit.asDecimal().setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
            if (v.bitLength() > 31) {
                throw TypeErrors.outOfRange(column);
            }
            n = v.longValue();
            if (n == 0) {
                return 0;
            }
        } else {
            String s = lit.asString();
            BigDecimal v = numberInStringChecked(s);
            n = v.setScale(0, RoundingMode.HALF_UP).longValue();
            if (n < 0 || n >= 100 && n <= 1900 || n > 2155) {
                throw TypeErrors.outOfRange(column);
            }
            if (n == 0 && s.length() == 4) {
                return 0;
            }
        }
        if (n < 0 || n >= 100 && n <= 1900 || n > 2155) {
            throw TypeErrors.outOfRange(column);
        }
        return (int) (n < 70 ? 2000 + n : n < 100 ? 1900 + n : n);
    }

    /** Field_year::store(char*): as for integers, out of range before garbage. */
    private BigDecimal numberInStringChecked(String s) throws SQLException {
        Prefix p = MysqlNumbers.prefix(s);
        if (!p.found()) {
            throw TypeErrors.incorrect("integer", column);
        }
        if (p.overflow() || p.value().abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw TypeErrors.outOfRange(column);
        }
        long n = p.value().setScale(0, RoundingMode.HALF_UP).longValue();
        if (n < 0 || n >= 100 && n <= 1900 || n > 2155) {
            throw TypeErrors.outOfRange(column);
        }
        if (!MysqlNumbers.onlySpaces(s, p.end())) {
            throw TypeErrors.dataTruncated(column);
        }
        return p.value();
    }

    // ---------------------------------------------------------------- dates and times

    private Object dateTime(Literal lit) throws SQLException {
        Kind kind = type.kind();
        String what = kind == Kind.DATE ? "date" : "datetime";
        boolean allowZero = flavor == Flavor.MARIADB;
        Parts p = lit.isNumber() ? MysqlTemporal.dateTimeFromNumber(lit.asDecimal(), allowZero)
                : MysqlTemporal.parseDateTime(lit.asString(), allowZero);
        if (p == null || p.zeroInDate() && kind == Kind.TIMESTAMP && !p.allZero()) {
            throw TypeErrors.incorrectTemporal(what, column);
        }
        if (p.zeroInDate()) {
            // MariaDB's default SQL mode keeps zero dates; they have no java.time value
            return new ServerText(MysqlTemporal.zeroDateText(p, kind != Kind.DATE, Math.max(0, type.fractionDigits()))
                    .getBytes(StandardCharsets.US_ASCII));
        }
        if (kind == Kind.DATE) {
            return java.time.LocalDate.of(p.year(), p.month(), p.day());
        }
        LocalDateTime local = MysqlTemporal.toLocal(p, Math.max(0, type.fractionDigits()), flavor.roundsFractions());
        if (local == null) {
            throw TypeErrors.incorrectTemporal(what, column);
        }
        if (kind == Kind.DATETIME) {
            return local;
        }
        Instant instant = MysqlTemporal.toInstantStrict(local, ZoneId.systemDefault());
        if (instant == null || !MysqlTemporal.inTimestampRange(instant)) {
            throw TypeErrors.incorrectTemporal(what, column);
        }
        return instant;
    }

    private Object time(Literal lit) throws SQLException {
        TimeParts t = lit.isNumber() ? MysqlTemporal.timeFromNumber(lit.asDecimal()) : MysqlTemporal.parseTime(lit.asString());
        Duration d = t == null ? null : MysqlTemporal.toDuration(t, Math.max(0, type.fractionDigits()), flavor.roundsFractions());
        if (d == null) {
            throw TypeErrors.incorrectTemporal("time", column);
        }
        return d;
    }

    // ---------------------------------------------------------------- strings

    /**
     * A character the column's character set cannot hold, within the characters that fit, is
     * 1366; otherwise too many characters are 1406 (unless only spaces overflow).
     */
    private Object text(Literal lit) throws SQLException {
        String charset = type.charset();
        Kind kind = type.kind();
        boolean chars = kind == Kind.CHAR || kind == Kind.VARCHAR;
        long limitChars = chars ? type.length() : kind.capacity() / Charsets.maxBytesPerChar(charset);
        String s;
        int bad;
        if (lit.kind == Literal.Kind.BINARY) {
            // a binary string is taken as bytes of the column's character set, unconverted
            s = Charsets.decodeLenient(lit.bytes, charset);
            bad = Charsets.firstMalformed(lit.bytes, charset);
        } else {
            s = lit.kind == Literal.Kind.STRING ? lit.string : numberChars(lit, limitChars);
            bad = Charsets.firstUnrepresentable(s, charset);
        }
        if (bad >= 0 && bad < limitChars) {
            throw TypeErrors.incorrect("string", column);
        }
        s = chars ? fitChars(s, type.length()) : fitBytes(s, kind.capacity(), charset);
        if (bad >= 0) {
            throw TypeErrors.incorrect("string", column);
        }
        return kind == Kind.CHAR ? TypeDdl.stripTrailingSpaces(s) : s;
    }

    /** The characters a literal stands for where a string is expected: numbers as MySQL writes them, binary strings as UTF-8. */
    private String characters(Literal lit) throws SQLException {
        switch (lit.kind) {
            case STRING: return lit.string;
            case BINARY: return utf8(lit.bytes);
            default: return numberChars(lit, 310);
        }
    }

    /** A number's text in a column of {@code limit} characters: a double gets as many digits as fit (my_gcvt), or 1406. */
    private String numberChars(Literal lit, long limit) throws SQLException {
        if (lit.kind != Literal.Kind.DOUBLE) {
            return lit.numberText();
        }
        String s = MysqlNumbers.gcvt(lit.real, false, (int) Math.min(310, limit));
        if (s == null) {
            throw TypeErrors.tooLong(column);
        }
        return s;
    }

    private String utf8(byte[] bytes) throws SQLException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw TypeErrors.incorrect("string", column);
        }
    }

    /** At most {@code max} characters; MySQL cuts trailing spaces beyond the limit silently. */
    private String fitChars(String s, int max) throws SQLException {
        int count = s.codePointCount(0, s.length());
        if (count <= max) {
            return s;
        }
        int cut = s.offsetByCodePoints(0, max);
        if (!s.substring(cut).chars().allMatch(c -> c == ' ')) {
            throw TypeErrors.tooLong(column);
        }
        return s.substring(0, cut);
    }

    private String fitBytes(String s, long max, String charset) throws SQLException {
        if (Charsets.byteLength(s, charset) <= max) {
            return s;
        }
        String kept = TypeDdl.stripTrailingSpaces(s);
        if (Charsets.byteLength(kept, charset) > max) {
            throw TypeErrors.tooLong(column);
        }
        int end = kept.length();
        while (end < s.length() && Charsets.byteLength(s.substring(0, end + 1), charset) <= max) {
            end++;
        }
        return s.substring(0, end);
    }

    private Object enumMember(Literal lit) throws SQLException {
        List<String> members = type.members();
        if (lit.isNumber()) {
            long index = memberNumber(lit);
            if (index < 1 || index > members.size()) {
                throw TypeErrors.dataTruncated(column);
            }
            return members.get((int) index - 1);
        }
        String s = TypeDdl.stripTrailingSpaces(memberText(lit));
        for (String m : members) {
            if (same(m, s)) {
                return m;
            }
        }
        long number = signedDigits(s);
        if (number >= 0 && number < Integer.MAX_VALUE) {
            int index = (int) number;
            if (index >= 1 && index <= members.size()) {
                return members.get(index - 1);
            }
            if (index == 0 && flavor == Flavor.MARIADB) {
                return ""; // MariaDB stores the error value '' for the index 0 written as a string, even in strict mode
            }
        }
        throw TypeErrors.dataTruncated(column);
    }

    private Object setMembers(Literal lit) throws SQLException {
        List<String> members = type.members();
        long bits;
        if (lit.isNumber()) {
            bits = memberNumber(lit);
            if (bits < 0 || members.size() < 64 && bits >= 1L << members.size()) {
                throw TypeErrors.dataTruncated(column);
            }
        } else {
            bits = setBits(memberText(lit), members);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < members.size(); i++) {
            if ((bits & 1L << i) != 0) {
                sb.append(sb.length() == 0 ? "" : ",").append(members.get(i));
            }
        }
        return sb.toString();
    }

    private long setBits(String s, List<String> members) throws SQLException {
        if (s.isEmpty()) {
            return 0;
        }
        long bits = 0;
        for (String element : s.split(",", -1)) {
            String e = TypeDdl.stripTrailingSpaces(element);
            int found = -1;
            for (int i = 0; i < members.size() && found < 0; i++) {
                if (same(members.get(i), e)) {
                    found = i;
                }
            }
            if (found < 0) {
                long n = signedDigits(s);
                if (n >= 0 && (members.size() >= 64 || n < 1L << members.size())) {
                    return n;
                }
                throw TypeErrors.dataTruncated(column);
            }
            bits |= 1L << found;
        }
        return bits;
    }

    /** An ENUM index or SET bitmap written as a string ('2', '+7', '-0'); -1 if it is none. */
    private static long signedDigits(String s) {
        String t = s.strip();
        boolean minus = t.startsWith("-");
        if (minus || t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long n = Long.parseLong(t);
        return minus && n != 0 ? -1 : n;
    }

    /** A string compared with ENUM and SET members; bytes that are no text match no member. */
    private String memberText(Literal lit) {
        return lit.kind == Literal.Kind.BINARY ? Charsets.decodeLenient(lit.bytes, type.charset()) : lit.string;
    }

    /** An ENUM index or SET bitmap given as a number: decimals and doubles are cut toward zero (MariaDB 11.4). */
    private long memberNumber(Literal lit) {
        BigInteger v = lit.kind == Literal.Kind.DOUBLE ? new BigDecimal(lit.real).toBigInteger() : lit.asDecimal().toBigInteger();
        return v.bitLength() > 63 ? -1 : v.longValue();
    }

    /** ENUM and SET members match by the column's collation: case- and accent-insensitive unless it is _bin or _cs. */
    private boolean same(String member, String s) {
        if (member.equals(s)) {
            return true;
        }
        String collation = type.collation();
        if (collation != null && (collation.endsWith("_bin") || collation.endsWith("_cs"))) {
            return false;
        }
        return PRIMARY.get().equals(member, s);
    }

    /** A root-locale collator at primary strength (a Collator is not safe to share between threads). */
    private static final ThreadLocal<Collator> PRIMARY = ThreadLocal.withInitial(() -> {
        Collator c = Collator.getInstance(Locale.ROOT);
        c.setStrength(Collator.PRIMARY);
        return c;
    });

    private Object json(Literal lit) throws SQLException {
        String s;
        if (lit.kind == Literal.Kind.BINARY) {
            if (flavor == Flavor.MYSQL) {
                throw TypeErrors.invalidJson(column, flavor);
            }
            s = utf8(lit.bytes);
        } else {
            s = characters(lit);
        }
        if (!Json.valid(s, flavor)) {
            throw TypeErrors.invalidJson(column, flavor);
        }
        return s;
    }

    // ---------------------------------------------------------------- binary strings

    private Object binary(Literal lit) throws SQLException {
        byte[] b;
        Kind kind = type.kind();
        long max = kind == Kind.BINARY || kind == Kind.VARBINARY ? type.length() : kind == Kind.OTHER ? Long.MAX_VALUE : kind.capacity();
        switch (lit.kind) {
            case BINARY: b = lit.bytes.clone(); break;
            case STRING: b = lit.string.getBytes(StandardCharsets.UTF_8); break;
            default: b = numberChars(lit, max).getBytes(StandardCharsets.US_ASCII);
        }
        if (b.length > max) {
            throw TypeErrors.tooLong(column);
        }
        return kind == Kind.BINARY && b.length < max ? Arrays.copyOf(b, (int) max) : b;
    }

    /** Integer ranges and the canonical box of each integer type. */
    static final class IntRange {
        private static final BigInteger[][] SIGNED = {
            {BigInteger.valueOf(-128), BigInteger.valueOf(127)},
            {BigInteger.valueOf(-32_768), BigInteger.valueOf(32_767)},
            {BigInteger.valueOf(-8_388_608), BigInteger.valueOf(8_388_607)},
            {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)},
            {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)},
        };
        private static final BigInteger[][] UNSIGNED = {
            {BigInteger.ZERO, BigInteger.valueOf(255)},
            {BigInteger.ZERO, BigInteger.valueOf(65_535)},
            {BigInteger.ZERO, BigInteger.valueOf(16_777_215)},
            {BigInteger.ZERO, BigInteger.valueOf(4_294_967_295L)},
            {BigInteger.ZERO, TWO_64.subtract(BigInteger.ONE)},
        };

        private IntRange() {
        }

        static BigInteger[] of(LogicalType t) {
            return (t.unsigned() ? UNSIGNED : SIGNED)[t.kind().ordinal()];
        }

        /** Integer for the types getObject returns as Integer, Long for INT UNSIGNED and BIGINT, BigInteger for BIGINT UNSIGNED. */
        static Object box(LogicalType t, BigInteger v) {
            Kind k = t.kind();
            if (k == Kind.BIGINT) {
                return t.unsigned() ? v : (Object) v.longValue();
            }
            if (k == Kind.INT && t.unsigned()) {
                return v.longValue();
            }
            return v.intValue();
        }
    }
}
