package io.splitdb.types;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips and agreement between normalize, encode/decode, the getters and a backend's text, over generated values. */
class ValueCodecPropertiesTest {

    private TimeZone saved;

    @BeforeProperty
    void utc() {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterProperty
    void restore() {
        TimeZone.setDefault(saved);
    }

    private static LogicalType t(String ddl) {
        try {
            return LogicalType.parse(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** decode(encode(v)) equals v, encodings are deterministic and within maxEncodedBytes, and a backend's text reads back. */
    private static void roundTrips(LogicalType type, Object v) throws SQLException {
        byte[] encoded = ValueCodec.encode(type, v);
        Object back = ValueCodec.decode(type, encoded, "c");
        if (v instanceof byte[] b) {
            assertThat((byte[]) back).isEqualTo(b);
        } else {
            assertThat(back).isEqualTo(v);
        }
        assertThat(ValueCodec.encode(type, back)).isEqualTo(encoded);
        if (type.maxEncodedBytes() >= 0) {
            assertThat(encoded.length).isLessThanOrEqualTo(type.maxEncodedBytes());
        }
        Object read = JdbcValues.fromServerText(JdbcValues.getBytes(v, type), type);
        if (v instanceof byte[] b) {
            assertThat((byte[]) read).isEqualTo(b);
        } else if (v instanceof Float || v instanceof Instant) {
            // a FLOAT's text has 6 digits; a TIMESTAMP's local text in a fall-back hour reads back as Connector/J parses it
            assertThat(JdbcValues.getString(read, type)).isEqualTo(JdbcValues.getString(v, type));
        } else {
            assertThat(read).isEqualTo(v);
        }
    }

    @Property
    void bigints(@ForAll long l) throws SQLException {
        LogicalType type = t("bigint");
        Object v = ValueCodec.normalize(type, l, "c");
        assertThat(v).isEqualTo(l);
        roundTrips(type, v);
        assertThat(JdbcValues.getLong(v, type)).isEqualTo(l);
        assertThat(JdbcValues.getString(v, type)).isEqualTo(Long.toString(l));
        assertThat(ValueCodec.equalityForm(type, v)).isEqualTo(Long.toString(l).getBytes(StandardCharsets.US_ASCII));
    }

    @Property
    void unsignedBigints(@ForAll @BigRange(min = "0", max = "18446744073709551615") BigInteger i) throws SQLException {
        LogicalType type = t("bigint unsigned");
        Object v = ValueCodec.normalize(type, i.toString(), "c");
        assertThat(v).isEqualTo(i);
        roundTrips(type, v);
        assertThat(JdbcValues.getObject(v, type)).isEqualTo(i);
    }

    @Property
    void smallIntegersInEveryForm(@ForAll @IntRange(min = -8_388_608, max = 8_388_607) int i) throws SQLException {
        LogicalType type = t("mediumint");
        for (Object bound : new Object[] {i, (long) i, BigInteger.valueOf(i), new BigDecimal(i), " " + i + " ", (double) i}) {
            Object v = ValueCodec.normalize(type, bound, "c");
            assertThat(v).isEqualTo(i);
            roundTrips(type, v);
        }
        assertThat(JdbcValues.getObject(i, type)).isEqualTo(i);
    }

    @Property
    void decimalsRoundHalfUpAndCompareByValue(@ForAll @BigRange(min = "-99999999.994", max = "99999999.994") @Scale(3) BigDecimal a,
                                              @ForAll @BigRange(min = "-99999999.994", max = "99999999.994") @Scale(3) BigDecimal b)
            throws SQLException {
        LogicalType type = t("decimal(10,2)");
        Object va = ValueCodec.normalize(type, a, "c");
        Object vb = ValueCodec.normalize(type, b, "c");
        BigDecimal expected = a.setScale(2, RoundingMode.HALF_UP);
        assertThat(va).isEqualTo(expected.signum() == 0 ? BigDecimal.ZERO.setScale(2) : expected);
        roundTrips(type, va);
        assertThat(JdbcValues.getBigDecimal(va, type)).isEqualTo(va);
        boolean equal = ((BigDecimal) va).compareTo((BigDecimal) vb) == 0;
        assertThat(Arrays.equals(ValueCodec.equalityForm(type, va), ValueCodec.equalityForm(type, vb))).isEqualTo(equal);
        // the same number in a column of another scale has the same form
        Object wider = ValueCodec.normalize(t("decimal(20,6)"), va, "c");
        assertThat(ValueCodec.equalityForm(t("decimal(20,6)"), wider)).isEqualTo(ValueCodec.equalityForm(type, va));
    }

    @Property
    void doublesKeepEveryBitAndTheirTextReadsBack(@ForAll double d) throws SQLException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return;
        }
        LogicalType type = t("double");
        Object v = ValueCodec.normalize(type, new ValueCodec.DoubleLiteral(d), "c");
        assertThat(Double.doubleToRawLongBits((Double) v)).isEqualTo(Double.doubleToRawLongBits(d));
        roundTrips(type, v);
        assertThat(JdbcValues.getDouble(v, type)).isEqualTo(d);
        String serverText = new String(JdbcValues.getBytes(v, type), StandardCharsets.US_ASCII);
        assertThat(Double.parseDouble(serverText)).isEqualTo(d);
        assertThat(ValueCodec.normalize(type, d, "c")).isEqualTo(v);
    }

    @Property
    void floatsReadBackWithSixDigits(@ForAll float f) throws SQLException {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return;
        }
        LogicalType type = t("float");
        Object v = ValueCodec.normalize(type, new ValueCodec.DoubleLiteral(f), "c");
        assertThat(Float.floatToRawIntBits((Float) v)).isEqualTo(Float.floatToRawIntBits(f));
        roundTrips(type, v);
        float read = JdbcValues.getFloat(v, type);
        assertThat(read).isEqualTo((float) new BigDecimal((double) f).round(new java.math.MathContext(6, RoundingMode.HALF_EVEN)).doubleValue());
        Object fromBackend = JdbcValues.fromServerText(JdbcValues.getBytes(v, type), type);
        assertThat(JdbcValues.getString(fromBackend, type)).isEqualTo(JdbcValues.getString(v, type));
    }

    @Property
    void stringsOfAnyCharacters(@ForAll("text") String s) throws SQLException {
        LogicalType type = t("varchar(40)");
        Object v = ValueCodec.normalize(type, s, "c");
        assertThat(v).isEqualTo(s);
        roundTrips(type, v);
        assertThat(JdbcValues.getString(v, type)).isEqualTo(s);
        assertThat(JdbcValues.getBytes(v, type)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        assertThat(ValueCodec.equalityForm(type, v)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        LogicalType fixed = t("char(40)");
        Object c = ValueCodec.normalize(fixed, s, "c");
        assertThat(c).isEqualTo(s.replaceAll(" +$", ""));
        roundTrips(fixed, c);
    }

    @Property
    void tooLongStringsAreRefusedUnlessOnlySpacesOverflow(@ForAll("text") String s) throws SQLException {
        LogicalType type = t("varchar(5)");
        int chars = s.codePointCount(0, s.length());
        try {
            Object v = ValueCodec.normalize(type, s, "c");
            assertThat(((String) v).codePointCount(0, ((String) v).length())).isLessThanOrEqualTo(5);
            assertThat(s).startsWith((String) v);
            assertThat(s.substring(((String) v).length())).matches(" *");
        } catch (SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("22001");
            assertThat(e.getErrorCode()).isEqualTo(1406);
            assertThat(chars).isGreaterThan(5);
        }
    }

    @Property
    void bytesWithZeros(@ForAll @Size(max = 64) byte[] b) throws SQLException {
        LogicalType type = t("varbinary(64)");
        Object v = ValueCodec.normalize(type, b, "c");
        assertThat((byte[]) v).isEqualTo(b);
        roundTrips(type, v);
        assertThat(JdbcValues.getBytes(v, type)).isEqualTo(b);
        LogicalType padded = t("binary(64)");
        Object p = ValueCodec.normalize(padded, b, "c");
        assertThat(Arrays.copyOf((byte[]) p, b.length)).isEqualTo(b);
        assertThat((byte[]) p).hasSize(64);
        roundTrips(padded, p);
    }

    @Property
    void dates(@ForAll("dates") LocalDate d) throws SQLException {
        LogicalType type = t("date");
        Object v = ValueCodec.normalize(type, d, "c");
        assertThat(v).isEqualTo(d);
        assertThat(ValueCodec.normalize(type, d.toString(), "c")).isEqualTo(d);
        roundTrips(type, v);
        assertThat(JdbcValues.getObject(v, type, LocalDate.class)).isEqualTo(d);
        assertThat(JdbcValues.getString(v, type)).isEqualTo(d.toString());
    }

    @Property
    void dateTimesRoundToTheColumnPrecision(@ForAll("dateTimes") LocalDateTime t, @ForAll @IntRange(max = 6) int fsp) throws SQLException {
        LogicalType type = t("datetime(" + fsp + ")");
        Object v;
        try {
            v = ValueCodec.normalize(type, t, "c");
        } catch (SQLException e) {
            assertThat(t.getYear()).isEqualTo(9999); // rounding up past 9999-12-31 23:59:59
            return;
        }
        LocalDateTime micros = t.withNano(0).plusNanos(Math.round(t.getNano() / 1000.0) * 1000);
        long unit = (long) Math.pow(10, 6 - fsp);
        long frac = micros.getNano() / 1000;
        long kept = frac / unit * unit + (frac % unit >= unit / 2 && unit > 1 ? unit : 0);
        assertThat(v).isEqualTo(micros.withNano(0).plusNanos(kept * 1000));
        roundTrips(type, v);
        assertThat(JdbcValues.getObject(v, type, LocalDateTime.class)).isEqualTo(v);
        assertThat(JdbcValues.getObject(v, type)).isEqualTo(v);
    }

    @Property
    void timestampsAreInstants(@ForAll("instants") Instant i) throws SQLException {
        LogicalType type = t("timestamp(6)");
        Object v = ValueCodec.normalize(type, i, "c");
        assertThat(v).isEqualTo(i);
        roundTrips(type, v);
        assertThat(JdbcValues.getTimestamp(v, type, null).toInstant()).isEqualTo(i);
        assertThat(ValueCodec.normalize(type, JdbcValues.getString(v, type), "c")).isEqualTo(v);
    }

    @Property
    void timestampsInADaylightSavingZone(@ForAll("instants") Instant i) throws SQLException {
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        LogicalType type = t("timestamp(6)");
        Object v = ValueCodec.normalize(type, i, "c");
        // only the second pass through a fall-back hour moves (to the first), as the server stores it
        assertThat(Duration.between((Instant) v, i)).isIn(Duration.ZERO, Duration.ofHours(1));
        roundTrips(type, v);
        assertThat(JdbcValues.getString(v, type)).isEqualTo(JdbcValues.getString(i, type));
    }

    @Property
    void timesUpTo838Hours(@ForAll @net.jqwik.api.constraints.LongRange(min = -3_020_399_000_000L, max = 3_020_399_000_000L) long micros)
            throws SQLException {
        LogicalType type = t("time(6)");
        Duration d = Duration.ofNanos(micros * 1000);
        String text = MysqlTemporal.time(d, 6);
        Object v = ValueCodec.normalize(type, text, "c");
        assertThat(v).isEqualTo(d);
        roundTrips(type, v);
        assertThat(JdbcValues.getObject(v, type, Duration.class)).isEqualTo(d);
        assertThat(JdbcValues.getString(v, type)).isEqualTo(micros % 1_000_000 == 0 ? MysqlTemporal.time(d, 0) : text);
    }

    @Property
    void latin1TextFitsItsEncodingBound(@ForAll("latin1") String s) throws SQLException {
        LogicalType type = t("varchar(20) charset latin1");
        Object v = ValueCodec.normalize(type, s, "c");
        roundTrips(type, v);
        assertThat(JdbcValues.getString(v, type)).isEqualTo(v);
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0x20, 0x20, 0x0, 0x9)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xa0, 0x2fff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x1f300, 0x1f64f)));
        return codePoints.list().ofMaxSize(12).map(list -> {
            StringBuilder sb = new StringBuilder();
            list.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    @Provide
    Arbitrary<String> latin1() {
        return Arbitraries.strings().withChars("aé€ ÿŒ~").ofMaxLength(20);
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Provide
    Arbitrary<LocalDateTime> dateTimes() {
        return Combinators.combine(dates(), Arbitraries.longs().between(0, 86_399_999_999_999L))
                .as((d, nanos) -> d.atStartOfDay().plusNanos(nanos));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(1_000_000L, 2_147_483_647_999_999L)
                .map(m -> Instant.ofEpochSecond(m / 1_000_000, m % 1_000_000 * 1000))
                .edgeCases(c -> c.add(Instant.ofEpochSecond(1), Instant.parse("2038-01-19T03:14:07.999999Z"),
                        LocalDateTime.of(2024, 10, 27, 0, 30).toInstant(ZoneOffset.UTC), LocalDateTime.of(2024, 10, 27, 1, 30).toInstant(ZoneOffset.UTC)));
    }
}
