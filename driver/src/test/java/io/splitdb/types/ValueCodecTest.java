package io.splitdb.types;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.DataTruncation;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.TimeZone;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueCodecTest {

    private TimeZone saved;

    @BeforeEach
    void utc() {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(saved);
    }

    static LogicalType t(String ddl) throws SQLException {
        return LogicalType.parse(ddl);
    }

    static Object n(String ddl, Object value) throws SQLException {
        return ValueCodec.normalize(t(ddl), value, "col");
    }

    static Object maria(String ddl, Object value) throws SQLException {
        return ValueCodec.normalize(t(ddl), value, "col", Flavor.MARIADB);
    }

    /** The error Connector/J would raise: SQLState, vendor code, the column named and the value not. */
    static void refused(String ddl, Object value, String state, int code) {
        assertThatThrownBy(() -> n(ddl, value)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state))
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(code))
                .satisfies(e -> assertThat(e.getMessage()).contains("'col'"))
                .satisfies(e -> {
                    if (value instanceof String s && s.strip().length() > 2) {
                        assertThat(e.getMessage()).doesNotContain(s.strip());
                    }
                });
    }

    // ---------------------------------------------------------------- integers

    @Test
    void integersTakeNumbersAndNumericStringsTheWayMysqlRounds() throws SQLException {
        assertThat(n("int", "42")).isEqualTo(42);
        assertThat(n("int", " 42 ")).isEqualTo(42);
        assertThat(n("int", "\t-7\n")).isEqualTo(-7);
        assertThat(n("int", "4.5")).isEqualTo(5);
        assertThat(n("int", "-4.5")).isEqualTo(-5);
        assertThat(n("int", "1e3")).isEqualTo(1000);
        assertThat(n("int", ".5")).isEqualTo(1);
        assertThat(n("int", new BigDecimal("4.5"))).isEqualTo(5);
        assertThat(n("int", new BigDecimal("-2.5"))).isEqualTo(-3);
        // setDouble(2.5) reaches the server as the decimal literal 2.5; the SQL literal 2.5E0 is a double: rint()
        assertThat(n("int", 2.5d)).isEqualTo(3);
        assertThat(n("int", 2.5f)).isEqualTo(3);
        assertThat(n("int", new ValueCodec.DoubleLiteral(2.5))).isEqualTo(2);
        assertThat(n("int", new ValueCodec.DoubleLiteral(3.5))).isEqualTo(4);
        assertThat(n("int", true)).isEqualTo(1);
        assertThat(n("int", (short) 7)).isEqualTo(7);
        assertThat(n("int", (byte) -7)).isEqualTo(-7);
        assertThat(n("int", "42".getBytes(StandardCharsets.US_ASCII))).isEqualTo(42);
        assertThat(n("tinyint(1)", 5)).isEqualTo(5);
        assertThat(n("boolean", false)).isEqualTo(0);
        assertThat(n("int unsigned", 4_294_967_295L)).isEqualTo(4_294_967_295L);
        assertThat(n("bigint", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(n("bigint unsigned", new BigInteger("18446744073709551615"))).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(n("bigint unsigned", "18446744073709551615")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(n("mediumint unsigned", 16_777_215)).isInstanceOf(Integer.class);
    }

    @ParameterizedTest(name = "{0}: {1}..{2}")
    @CsvSource(textBlock = """
            tinyint,            -128,                 127
            tinyint unsigned,   0,                    255
            smallint,           -32768,               32767
            smallint unsigned,  0,                    65535
            mediumint,          -8388608,             8388607
            mediumint unsigned, 0,                    16777215
            int,                -2147483648,          2147483647
            int unsigned,       0,                    4294967295
            bigint,             -9223372036854775808, 9223372036854775807
            bigint unsigned,    0,                    18446744073709551615
            """)
    void integerRanges(String ddl, String min, String max) throws SQLException {
        BigInteger lo = new BigInteger(min);
        BigInteger hi = new BigInteger(max);
        assertThat(JdbcValues.getString(n(ddl, lo), t(ddl))).isEqualTo(min);
        assertThat(JdbcValues.getString(n(ddl, hi), t(ddl))).isEqualTo(max);
        assertThat(JdbcValues.getString(n(ddl, min), t(ddl))).isEqualTo(min);
        refused(ddl, lo.subtract(BigInteger.ONE), "22001", 1264);
        refused(ddl, hi.add(BigInteger.ONE), "22001", 1264);
        refused(ddl, hi.add(BigInteger.ONE).toString(), "22001", 1264);
    }

    @Test
    void integerErrorsAreConnectorJs() {
        refused("int", "abc", "22001", 1366);
        refused("int", "", "22001", 1366);
        refused("int", "   ", "22001", 1366);
        refused("int", "42abc", "01000", 1265);
        refused("int", "0x10", "01000", 1265);
        refused("int", "1e999", "22001", 1264);
        refused("int", "secret-number", "22001", 1366);
        refused("int", Double.NaN, "22001", 1264);
        assertThatThrownBy(() -> n("int", "abc")).isInstanceOf(DataTruncation.class)
                .hasMessage("Data truncation: Incorrect integer value for column 'col'");
    }

    // ---------------------------------------------------------------- DECIMAL, FLOAT, DOUBLE, BIT

    @Test
    void decimalsRoundHalfUpToTheColumnScale() throws SQLException {
        assertThat(n("decimal(10,2)", new BigDecimal("1.005"))).isEqualTo(new BigDecimal("1.01"));
        assertThat(n("decimal(10,2)", new BigDecimal("-1.005"))).isEqualTo(new BigDecimal("-1.01"));
        assertThat(n("decimal(10,2)", "1.234")).isEqualTo(new BigDecimal("1.23"));
        assertThat(n("decimal(10,2)", 1.005d)).isEqualTo(new BigDecimal("1.01"));
        assertThat(n("decimal(10,2)", new ValueCodec.DoubleLiteral(1.005))).isEqualTo(new BigDecimal("1.01"));
        assertThat(n("decimal(10,2)", new ValueCodec.DoubleLiteral(1e2))).isEqualTo(new BigDecimal("100.00"));
        assertThat(n("decimal(10,2)", 0)).isEqualTo(new BigDecimal("0.00"));
        assertThat(n("decimal(10,2)", new BigDecimal("-0.001"))).isEqualTo(new BigDecimal("0.00"));
        assertThat(n("decimal(5,2)", "-999.99")).isEqualTo(new BigDecimal("-999.99"));
        refused("decimal(5,2) unsigned", "-0.001", "22001", 1264); // negative, even if it rounds to zero (MariaDB 11.4)
        assertThat(n("decimal(65,30)", "12345678901234567890123456789012345.123456789012345678901234567891"))
                .isEqualTo(new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567891"));
        assertThat(((BigDecimal) n("decimal(3,0)", "1e2")).scale()).isZero();
        refused("decimal(5,2)", new BigDecimal("999.995"), "22001", 1264);
        refused("decimal(5,2)", 1000, "22001", 1264);
        refused("decimal(5,2) unsigned", -1, "22001", 1264);
        refused("decimal(5,2)", "x", "22001", 1366);
        refused("decimal(5,2)", "1.5x", "01000", 1265);
    }

    @Test
    void floatsStoreWhatMysqlStores() throws SQLException {
        assertThat(n("float", new BigDecimal("3.1415927"))).isEqualTo(3.1415927f);
        assertThat(n("double", 0.1f)).isEqualTo(0.1d); // setFloat(0.1f) sends "0.1"
        assertThat(n("double", "1.5e1")).isEqualTo(15d);
        assertThat(n("double", new ValueCodec.DoubleLiteral(-0.0))).isEqualTo(-0.0d);
        assertThat(n("float(7,3)", new BigDecimal("1.23456"))).isEqualTo(1.235f);
        assertThat(n("double(10,3)", new BigDecimal("1.2345"))).isEqualTo(1.234d); // rint(1234.4999999999998)
        refused("double(5,2)", 1000, "22001", 1264);
        refused("float", new ValueCodec.DoubleLiteral(1e39), "22001", 1264);
        refused("float unsigned", -1, "22001", 1264);
        refused("double", "1e309", "22001", 1264);
        refused("double", "abc", "22001", 1366);
        refused("double", Double.POSITIVE_INFINITY, "22001", 1264);
    }

    @Test
    void bitsRoundDecimalsAndRefuseNegativeOnes() throws SQLException {
        // recorded on MariaDB 11.4: an integer keeps its bit pattern, decimals and doubles must not be negative
        assertThat(n("bit(8)", new BigDecimal("1.5"))).isEqualTo(2L);
        assertThat(n("bit(8)", new ValueCodec.DoubleLiteral(2.5))).isEqualTo(2L);
        refused("bit(8)", new BigDecimal("-1.5"), "22001", 1264);
        refused("bit(8)", new BigDecimal("255.5"), "22001", 1406);
        refused("bit(64)", new BigInteger("18446744073709551616"), "22001", 1264);
        refused("bit(64)", new BigDecimal("-0.1"), "22001", 1264);
    }

    @Test
    void bitsTakeNumbersAndStringBytes() throws SQLException {
        assertThat(n("bit(8)", 255)).isEqualTo(255L);
        assertThat(n("bit(8)", "a")).isEqualTo(97L);
        assertThat(n("bit(16)", new byte[] {1, 0})).isEqualTo(256L);
        assertThat(n("bit(16)", new byte[] {0, 0, 1})).isEqualTo(1L);
        assertThat(n("bit(64)", -1)).isEqualTo(-1L);
        assertThat(n("bit(64)", new BigInteger("18446744073709551615"))).isEqualTo(-1L);
        assertThat(n("bit(1)", true)).isEqualTo(1L);
        refused("bit(8)", 256, "22001", 1406);
        refused("bit(8)", -1, "22001", 1406);
        refused("bit(8)", "ab", "22001", 1406);
    }

    @ParameterizedTest(name = "YEAR := {0}")
    @CsvSource(textBlock = """
            0,      int,    0
            1,      int,    2001
            69,     int,    2069
            70,     int,    1970
            99,     int,    1999
            1901,   int,    1901
            2155,   int,    2155
            '0',    string, 2000
            '00',   string, 2000
            '0000', string, 0
            '69',   string, 2069
            '1999', string, 1999
            """)
    void yearsFollowMysqlsTwoDigitRules(String input, String kind, int year) throws SQLException {
        Object value = kind.equals("int") ? (Object) Integer.parseInt(input) : input;
        assertThat(n("year", value)).isEqualTo(year);
    }

    @Test
    void yearsOutOfRange() {
        refused("year", 1900, "22001", 1264);
        refused("year", 2156, "22001", 1264);
        refused("year", 100, "22001", 1264);
        refused("year", "x", "22001", 1366);
        refused("year", LocalDate.of(2024, 5, 6), "01000", 1265);
    }

    // ---------------------------------------------------------------- dates and times

    @Test
    void datesInTheFormsMysqlReads() throws SQLException {
        LocalDate d = LocalDate.of(2024, 1, 2);
        assertThat(n("date", "2024-01-02")).isEqualTo(d);
        assertThat(n("date", "2024/1/2")).isEqualTo(d);
        assertThat(n("date", "24-1-2")).isEqualTo(d);
        assertThat(n("date", "20240102")).isEqualTo(d);
        assertThat(n("date", "240102")).isEqualTo(d);
        assertThat(n("date", 20240102L)).isEqualTo(d);
        assertThat(n("date", "2024-01-02 03:04:05")).isEqualTo(d);
        assertThat(n("date", " 2024-01-02 ")).isEqualTo(d);
        assertThat(n("date", "0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(n("date", "9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
        assertThat(n("date", "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(n("date", d)).isEqualTo(d);
        assertThat(n("date", java.sql.Date.valueOf(d))).isEqualTo(d);
        assertThat(n("date", java.sql.Date.valueOf("0001-01-01"))).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(n("date", Timestamp.valueOf("2024-01-02 23:59:59"))).isEqualTo(d);
        for (String bad : new String[] {"2024-02-30", "2023-02-29", "0000-00-00", "2024-00-01", "2024-01-00", "10000-01-01", "x", "2024-01-02x"}) {
            refused("date", bad, "22001", 1292);
        }
    }

    @Test
    void fractionalSecondsRoundOnMysqlAndAreCutOnMariadb() throws SQLException {
        assertThat(n("datetime", "2024-01-02 03:04:05.5")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 6));
        assertThat(maria("datetime", "2024-01-02 03:04:05.5")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(n("datetime(2)", "2024-12-31 23:59:59.999")).isEqualTo(LocalDateTime.of(2025, 1, 1, 0, 0));
        assertThat(maria("datetime(2)", "2024-12-31 23:59:59.999")).isEqualTo(LocalDateTime.of(2024, 12, 31, 23, 59, 59, 990_000_000));
        // MySQL 8 rounds the seventh digit into the microseconds first
        assertThat(n("datetime(6)", "2024-01-02 03:04:05.4999995")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000));
        assertThat(maria("datetime(6)", "2024-01-02 03:04:05.4999995")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 499_999_000));
        refused("datetime", "9999-12-31 23:59:59.5", "22001", 1292);
        assertThat(maria("datetime", "9999-12-31 23:59:59.5")).isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59));
        // Connector/J rounds bound values to microseconds (half up) before the server sees them
        LocalDateTime bound = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 999_999_600);
        assertThat(maria("datetime(6)", bound)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 6));
        assertThat(maria("datetime(6)", Timestamp.valueOf("2024-01-02 03:04:05.1234565"))).isEqualTo(
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_457_000));
        assertThat(n("datetime(1)", new BigDecimal("20240102030405.25"))).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 300_000_000));
        assertThat(n("datetime", "2024-01-02T03:04:05")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(n("datetime", "2024-01-02")).isEqualTo(LocalDateTime.of(2024, 1, 2, 0, 0));
        assertThat(n("datetime", LocalDate.of(2024, 1, 2))).isEqualTo(LocalDateTime.of(2024, 1, 2, 0, 0));
        refused("datetime", "2024-01-02 24:00:00", "22001", 1292);
        refused("datetime", "2024-01-02 12:60:00", "22001", 1292);
    }

    @Test
    void timestampsAreInstantsInTheSessionTimeZone() throws SQLException {
        assertThat(n("timestamp", "1970-01-01 00:00:01")).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(n("timestamp(6)", "2038-01-19 03:14:07.999999")).isEqualTo(Instant.parse("2038-01-19T03:14:07.999999Z"));
        refused("timestamp", "1970-01-01 00:00:00", "22001", 1292);
        refused("timestamp", "2038-01-19 03:14:08", "22001", 1292);
        refused("timestamp", "0000-00-00 00:00:00", "22001", 1292);
        Instant i = Instant.parse("2024-06-01T12:00:00.5Z");
        assertThat(n("timestamp", i)).isEqualTo(Instant.parse("2024-06-01T12:00:01Z"));
        assertThat(maria("timestamp", i)).isEqualTo(Instant.parse("2024-06-01T12:00:00Z"));
        assertThat(n("timestamp(3)", OffsetDateTime.parse("2024-06-01T14:00:00.125+02:00"))).isEqualTo(Instant.parse("2024-06-01T12:00:00.125Z"));
        assertThat(n("timestamp(6)", Timestamp.from(i))).isEqualTo(i);
    }

    @Test
    void timestampsAcrossDaylightSavingTransitions() throws SQLException {
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        // a local time in the spring-forward gap is refused in strict mode (MariaDB 11.4: 1292)
        refused("timestamp", "2024-03-10 02:30:00", "22001", 1292);
        assertThat(n("timestamp", "2024-03-10 03:00:00")).isEqualTo(Instant.parse("2024-03-10T07:00:00Z"));
        // an ambiguous fall-back time takes the earlier offset (EDT), as the server does
        assertThat(n("timestamp", "2024-11-03 01:30:00")).isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
        // the second 01:30 reaches the server as the same text, so it is stored as the first
        assertThat(n("timestamp", Timestamp.from(Instant.parse("2024-11-03T06:30:00Z")))).isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
        assertThat(n("timestamp", "1969-12-31 19:00:01")).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(n("timestamp", Instant.parse("2024-07-01T12:00:00Z"))).isEqualTo(Instant.parse("2024-07-01T12:00:00Z"));
        // DATETIME is local and has no gaps
        assertThat(n("datetime", "2024-03-10 02:30:00")).isEqualTo(LocalDateTime.of(2024, 3, 10, 2, 30));
    }

    @Test
    void timesAreDurationsUpTo838Hours() throws SQLException {
        assertThat(n("time", "12:34:56")).isEqualTo(Duration.parse("PT12H34M56S"));
        assertThat(n("time", "-05:00:00")).isEqualTo(Duration.ofHours(-5));
        assertThat(n("time", "-00:30:00")).isEqualTo(Duration.ofMinutes(-30));
        assertThat(n("time", "838:59:59")).isEqualTo(Duration.parse("PT838H59M59S"));
        assertThat(n("time", "-838:59:59")).isEqualTo(Duration.parse("-PT838H59M59S"));
        assertThat(n("time", "1 02:03:04")).isEqualTo(Duration.parse("PT26H3M4S"));
        assertThat(n("time", "123456")).isEqualTo(Duration.parse("PT12H34M56S"));
        assertThat(n("time", 123456)).isEqualTo(Duration.parse("PT12H34M56S"));
        assertThat(n("time", "12:34")).isEqualTo(Duration.parse("PT12H34M"));
        assertThat(n("time", "2024-01-02 03:04:05")).isEqualTo(Duration.parse("PT3H4M5S"));
        assertThat(n("time(3)", new Time(3_723_500L))).isEqualTo(Duration.parse("PT1H2M3.5S"));
        assertThat(n("time(6)", LocalTime.of(1, 2, 3, 4_000))).isEqualTo(Duration.parse("PT1H2M3.000004S"));
        assertThat(n("time(1)", "12:00:00.96")).isEqualTo(Duration.parse("PT12H1S"));
        assertThat(maria("time(1)", "12:00:00.96")).isEqualTo(Duration.parse("PT12H0.9S"));
        assertThat(n("time", new BigDecimal("-1.5"))).isEqualTo(Duration.ofSeconds(-2));
        assertThat(maria("time", new BigDecimal("-1.5"))).isEqualTo(Duration.ofSeconds(-1));
        assertThat(maria("time", "838:59:59.5")).isEqualTo(Duration.parse("PT838H59M59S"));
        refused("time", "838:59:59.5", "22001", 1292);
        refused("time", "839:00:00", "22001", 1292);
        refused("time", "12:60:00", "22001", 1292);
        refused("time", "x", "22001", 1292);
        // Connector/J writes Duration.ofSeconds(5) as '5S', which the server refuses
        refused("time", Duration.ofSeconds(5), "22001", 1292);
        assertThat(n("time", Duration.ofMinutes(-90))).isEqualTo(Duration.ofMinutes(-90));
    }

    // ---------------------------------------------------------------- strings

    @Test
    void characterLimitsCountCharactersNotBytes() throws SQLException {
        assertThat(n("varchar(3)", "éé€")).isEqualTo("éé€");
        assertThat(n("varchar(3)", "😀😀😀")).isEqualTo("😀😀😀");
        refused("varchar(3)", "😀😀😀😀", "22001", 1406);
        refused("varchar(3)", "abcd", "22001", 1406);
        assertThat(n("varchar(3)", "abc  ")).isEqualTo("abc");
        assertThat(n("varchar(5)", "ab  ")).isEqualTo("ab  ");
        assertThat(n("char(5)", "ab  ")).isEqualTo("ab");
        assertThat(n("char(5)", "  a")).isEqualTo("  a");
        assertThat(n("char(0)", "")).isEqualTo("");
        assertThat(n("varchar(3)", "")).isEqualTo("");
        assertThat(n("tinytext", "a".repeat(255))).isEqualTo("a".repeat(255));
        assertThat(n("tinytext", "a".repeat(255) + "  ")).isEqualTo("a".repeat(255));
        refused("tinytext", "a".repeat(256), "22001", 1406);
        refused("tinytext", "é".repeat(128), "22001", 1406);
        assertThat(n("tinytext charset latin1", "é".repeat(255))).isEqualTo("é".repeat(255));
    }

    @Test
    void charactersMustExistInTheColumnsCharacterSet() throws SQLException {
        assertThat(n("char(3) charset latin1", "€é")).isEqualTo("€é");
        refused("char(3) charset latin1", "😀", "22001", 1366);
        refused("char(2) character set ascii", "é", "22001", 1366);
        refused("varchar(3) charset utf8mb3", "😀", "22001", 1366);
        refused("varchar(10)", new byte[] {(byte) 0xff}, "22001", 1366);
        assertThat(n("varchar(10)", "hé".getBytes(StandardCharsets.UTF_8))).isEqualTo("hé");
        // Connector/J encodes an unpaired surrogate as '?'
        assertThat(n("varchar(10)", "a\uD800b")).isEqualTo("a?b");
    }

    @Test
    void numbersAndDatesBecomeTheirTextInCharacterColumns() throws SQLException {
        assertThat(n("varchar(30)", 42L)).isEqualTo("42");
        assertThat(n("varchar(30)", new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(n("varchar(30)", 100.0d)).isEqualTo("100.0");
        assertThat(n("varchar(30)", 1e20d)).isEqualTo("1e20");
        assertThat(n("varchar(30)", new ValueCodec.DoubleLiteral(100))).isEqualTo("100");
        assertThat(n("varchar(30)", new ValueCodec.DoubleLiteral(1.5e300))).isEqualTo("1.5e300");
        assertThat(n("varchar(30)", true)).isEqualTo("1");
        assertThat(n("varchar(30)", LocalDate.of(2024, 1, 2))).isEqualTo("2024-01-02");
        assertThat(n("varchar(30)", Timestamp.valueOf("2024-01-02 03:04:05.5"))).isEqualTo("2024-01-02 03:04:05.5");
        assertThat(n("varchar(30)", LocalTime.of(3, 4, 5, 250_000_000))).isEqualTo("03:04:05.25");
        assertThat(n("varchar(30)", Duration.ofSeconds(3725))).isEqualTo("1:2:5");
        assertThat(n("varchar(30)", new Time(3_723_500L))).isEqualTo("01:02:03.500");
        assertThat(n("varchar(30)", Instant.parse("2024-01-02T03:04:05.5Z"))).isEqualTo("2024-01-02 03:04:05.5");
    }

    @Test
    void doublesInCharacterColumnsKeepTheDigitsThatFit() throws SQLException {
        // recorded on MariaDB 11.4 (my_gcvt with the column width)
        assertThat(n("varchar(6)", new ValueCodec.DoubleLiteral(5.601249267473518e-7))).isEqualTo("5.6e-7");
        assertThat(n("varchar(4)", new ValueCodec.DoubleLiteral(123456789))).isEqualTo("1e8");
        assertThat(n("varchar(6)", new ValueCodec.DoubleLiteral(0.000123456))).isEqualTo("1.2e-4");
        assertThat(n("varchar(9)", new ValueCodec.DoubleLiteral(Math.PI))).isEqualTo("3.1415927");
        assertThat(n("varchar(30)", new ValueCodec.DoubleLiteral(Math.PI))).isEqualTo("3.141592653589793");
        refused("varchar(3)", new ValueCodec.DoubleLiteral(1.5e300), "22001", 1406);
        refused("char(5)", new ValueCodec.DoubleLiteral(-1.2345678e-10), "22001", 1406);
        refused("varchar(3)", new BigDecimal("1.50"), "22001", 1406);
        refused("varchar(3)", 12345, "22001", 1406);
    }

    @Test
    void binaryStringsInCharacterColumnsAreBytesOfItsCharacterSet() throws SQLException {
        assertThat(n("char(4) charset latin1", new byte[] {(byte) 0xce})).isEqualTo("Î");
        assertThat(n("varchar(4) charset latin1", new byte[] {(byte) 0x80})).isEqualTo("€");
        refused("varchar(5) charset ascii", new byte[] {(byte) 0xe8, 1, 2, 3, 4, 5}, "22001", 1406);
        // recorded on MariaDB 11.4: a single-byte character set copies any byte; Connector/J then decodes it as US-ASCII
        Object ascii = n("varchar(5) charset ascii", new byte[] {(byte) 0xa2});
        assertThat(JdbcValues.getBytes(ascii, t("varchar(5) charset ascii"))).containsExactly(0xa2);
        assertThat(JdbcValues.getString(ascii, t("varchar(5) charset ascii"))).isEqualTo("\ufffd");
        refused("varchar(5)", new byte[] {(byte) 0xe8}, "22001", 1366);
        // a malformed character among those that fit is reported before the length
        refused("char(4)", new byte[] {(byte) 0xe3, (byte) 0xc0, 0x6a, (byte) 0xb9, 0x58}, "22001", 1366);
        refused("char(4)", new byte[] {'a', 'b', 'c', 'd', (byte) 0xff}, "22001", 1406);
        refused("enum('a','b')", new byte[] {(byte) 0xe8}, "01000", 1265);
    }

    @Test
    void zeroDatesExistOnlyOnMariadb() throws SQLException {
        refused("date", "0000-00-00", "22001", 1292);
        refused("date", 0, "22001", 1292);
        refused("datetime", "2024-00-10 12:00:00", "22001", 1292);
        assertThat(maria("date", "0000-00-00")).isEqualTo(new ServerText("0000-00-00".getBytes(StandardCharsets.US_ASCII)));
        assertThat(maria("date", 0)).isEqualTo(new ServerText("0000-00-00".getBytes(StandardCharsets.US_ASCII)));
        assertThat(maria("date", new BigDecimal("0.9"))).isEqualTo(new ServerText("0000-00-00".getBytes(StandardCharsets.US_ASCII)));
        assertThat(maria("date", "00-00-00")).isEqualTo(new ServerText("0000-00-00".getBytes(StandardCharsets.US_ASCII)));
        assertThat(maria("date", "2024-00-10 12:00:00")).isEqualTo(new ServerText("2024-00-10".getBytes(StandardCharsets.US_ASCII)));
        Object zero = maria("datetime(2)", "2024-01-00 12:34:56.789");
        assertThat(zero).isEqualTo(new ServerText("2024-01-00 12:34:56.78".getBytes(StandardCharsets.US_ASCII)));
        assertThat(maria("timestamp", "0000-00-00 00:00:00")).isEqualTo(new ServerText("0000-00-00 00:00:00".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> maria("timestamp", "2024-00-10 00:00:00")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> maria("date", "2024-02-30")).isInstanceOf(SQLException.class);
        // they encode, compare and read back as their text
        LogicalType type = t("datetime(2)");
        assertThat(ValueCodec.decode(type, ValueCodec.encode(type, zero), "col")).isEqualTo(zero);
        assertThat(ValueCodec.equalityForm(type, zero)).isEqualTo("2024-01-00 12:34:56.78".getBytes(StandardCharsets.US_ASCII));
        assertThat(JdbcValues.getString(zero, type)).isEqualTo("2024-01-00 12:34:56.78");
        assertThatThrownBy(() -> JdbcValues.getObject(zero, type)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> ValueCodec.encode(t("int"), zero)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ValueCodec.encode(type, zero).length).isLessThanOrEqualTo(type.maxEncodedBytes());
        assertThat(ValueCodec.encode(t("datetime(6)"), maria("datetime(6)", 0)).length).isEqualTo(t("datetime(6)").maxEncodedBytes());
        assertThat(maria("datetime(2)", zero)).isEqualTo(zero);
    }

    @Test
    void dateNumbersWithoutATimeDropTheirFraction() throws SQLException {
        assertThat(n("datetime(3)", new BigDecimal("20240102.5"))).isEqualTo(LocalDateTime.of(2024, 1, 2, 0, 0));
        assertThat(n("datetime(3)", new BigDecimal("20240102030405.5"))).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000));
        refused("timestamp", "1:2:3", "22001", 1292);
        assertThat(n("datetime", "2024-01-02 1:2")).isEqualTo(LocalDateTime.of(2024, 1, 2, 1, 2));
        assertThat(n("time", "1:2:3")).isEqualTo(Duration.parse("PT1H2M3S"));
        refused("int unsigned", "-12:34:56", "22001", 1264);
        refused("tinyint", "2003-05-17", "22001", 1264);
        refused("int", "2003-05-17", "01000", 1265);
        refused("year", "5502-05-06", "22001", 1264);
    }

    @Test
    void enumsAndSets() throws SQLException {
        assertThat(n("enum('a','bb')", "A")).isEqualTo("a");
        assertThat(n("enum('a','bb')", "BB ")).isEqualTo("bb");
        assertThat(n("enum('a','bb')", 2)).isEqualTo("bb");
        assertThat(n("enum('a','bb')", "2")).isEqualTo("bb");
        assertThat(n("enum('é','abc ')", "E")).isEqualTo("é");
        assertThat(n("enum('1','2')", "2")).isEqualTo("2");
        refused("enum('a','bb') collate utf8mb4_bin", "A", "01000", 1265);
        refused("enum('a','bb')", "c", "01000", 1265);
        refused("enum('a','bb')", "", "01000", 1265);
        refused("enum('a','bb')", 0, "01000", 1265);
        refused("enum('a','bb')", 3, "01000", 1265);
        assertThat(n("set('a','bb','c')", "c,a")).isEqualTo("a,c");
        assertThat(n("set('a','bb','c')", "A,C,a")).isEqualTo("a,c");
        assertThat(n("set('a','bb','c')", "")).isEqualTo("");
        assertThat(n("set('a','bb','c')", 6)).isEqualTo("bb,c");
        assertThat(n("set('a','bb','c')", "5")).isEqualTo("a,c");
        refused("set('a','bb','c')", "d", "01000", 1265);
        refused("set('a','bb','c')", "a,", "01000", 1265);
        refused("set('a','b')", 8, "01000", 1265);
    }

    @Test
    void jsonIsValidatedAndKeptAsWritten() throws SQLException {
        assertThat(n("json", "{\"b\": 1,  \"a\":[1,2]}")).isEqualTo("{\"b\": 1,  \"a\":[1,2]}");
        assertThat(n("json", " [true, false, null, -0.5e-3, \"\\u00e9\\n\\ud83d\\ude00\"] "))
                .isEqualTo(" [true, false, null, -0.5e-3, \"\\u00e9\\n\\ud83d\\ude00\"] ");
        assertThat(n("json", new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(n("json", "[".repeat(100) + "]".repeat(100))).isNotNull();
        for (String bad : new String[] {"", "{bad", "[1,]", "{'a':1}", "01", "tru", "\"a\u0001\"", "\"\\ud800\"", "1.", "\"\\x\"",
            "[".repeat(101) + "]".repeat(101), "[".repeat(100) + "1" + "]".repeat(100)}) {
            refused("json", bad, "22032", 3140);
        }
        refused("json", "[]".getBytes(StandardCharsets.UTF_8), "22032", 3140);
    }

    @Test
    void mariadbJsonIsWhatJsonValidAccepts() throws SQLException {
        assertThat(maria("json", "1.")).isEqualTo("1.");
        assertThat(maria("json", "\"\\x\"")).isEqualTo("\"\\x\"");
        assertThat(maria("json", "[".repeat(31) + "]".repeat(31))).isNotNull();
        assertThat(maria("json", "[]".getBytes(StandardCharsets.UTF_8))).isEqualTo("[]");
        for (String bad : new String[] {"", "{bad", "[1,]", "01", "\"\\ud800\"", "[".repeat(32) + "]".repeat(32)}) {
            assertThatThrownBy(() -> maria("json", bad)).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23000");
        }
    }

    @Test
    void binaryStrings() throws SQLException {
        assertThat((byte[]) n("binary(4)", "ab")).containsExactly(0x61, 0x62, 0, 0);
        assertThat((byte[]) n("binary(4)", new byte[] {0})).containsExactly(0, 0, 0, 0);
        assertThat((byte[]) n("varbinary(10)", "é")).containsExactly(0xc3, 0xa9);
        assertThat((byte[]) n("varbinary(10)", 12)).containsExactly('1', '2');
        assertThat((byte[]) n("blob", new byte[] {0, 1, (byte) 0xff, 0})).containsExactly(0, 1, 0xff, 0);
        assertThat((byte[]) n("longblob", new byte[0])).isEmpty();
        refused("binary(4)", "abcde", "22001", 1406);
        refused("varbinary(3)", "abc  ", "22001", 1406);
        refused("tinyblob", new byte[256], "22001", 1406);
        byte[] mine = {1, 2, 3};
        byte[] stored = (byte[]) n("varbinary(3)", mine);
        mine[0] = 9;
        assertThat(stored[0]).isEqualTo((byte) 1);
    }

    @Test
    void javaValuesConnectorJCannotBindAreRefused() {
        assertThatThrownBy(() -> n("varchar(40)", UUID.randomUUID())).isInstanceOf(SQLFeatureNotSupportedException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
        assertThatThrownBy(() -> n("varchar(40)", 'x')).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> n("varchar(40)", new Object())).isInstanceOf(SQLFeatureNotSupportedException.class);
    }

    @Test
    void nullStaysNull() throws SQLException {
        for (String ddl : new String[] {"int", "varchar(3)", "date", "json", "blob", "bit(1)", "timestamp"}) {
            assertThat(n(ddl, null)).isNull();
        }
    }

    // ---------------------------------------------------------------- encoding

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tinyint(1)          | 5
            int                 | -2147483648
            int unsigned        | 4294967295
            bigint              | -9223372036854775808
            bigint unsigned     | 18446744073709551615
            decimal(10,2)       | -12.34
            decimal(65,30)      | -99999999999999999999999999999999999.999999999999999999999999999999
            decimal(3,3)        | 0.001
            float               | -3.40282e38
            double              | 4.9e-324
            bit(64)             | 18446744073709551615
            bit(1)              | 1
            year                | 0
            year                | 2155
            date                | 0001-01-01
            date                | 9999-12-31
            datetime(6)         | 9999-12-31 23:59:59.999999
            datetime            | 0001-01-01 00:00:00
            timestamp(6)        | 2038-01-19 03:14:07.999999
            time(6)             | -838:59:59.000000
            time(6)             | 00:00:00.000001
            char(5)             | ab
            varchar(10)         | ""
            varchar(10)         | 😀 é € \\ '
            text                | line1\\nline2
            enum('a','bb')      | bb
            set('a','bb','c')   | a,c
            json                | {"a": [1, 2.5, null]}
            binary(4)           | ab
            varbinary(8)        | x
            """)
    void everyTypeRoundTripsThroughItsEncoding(String ddl, String input) throws SQLException {
        LogicalType type = t(ddl);
        Object v = ValueCodec.normalize(type, ddl.startsWith("bit") ? new BigInteger(input) : input, "col");
        byte[] encoded = ValueCodec.encode(type, v);
        Object back = ValueCodec.decode(type, encoded, "col");
        if (v instanceof byte[] b) {
            assertThat((byte[]) back).isEqualTo(b);
        } else {
            assertThat(back).isEqualTo(v).hasSameClassAs(v);
        }
        assertThat(ValueCodec.encode(type, back)).isEqualTo(encoded);
        if (type.maxEncodedBytes() >= 0) {
            assertThat(encoded.length).isLessThanOrEqualTo(type.maxEncodedBytes());
        }
        assertThat(ValueCodec.decode(type, ValueCodec.encode(type, null), "col")).isNull();
    }

    @Test
    void nullHasItsOwnMarker() throws SQLException {
        assertThat(ValueCodec.encode(t("varchar(3)"), null)).isNotEqualTo(ValueCodec.encode(t("varchar(3)"), ""));
        assertThat(ValueCodec.encode(t("blob"), null)).isNotEqualTo(ValueCodec.encode(t("blob"), new byte[0]));
        assertThat(ValueCodec.encode(t("int"), null)).isNotEqualTo(ValueCodec.encode(t("int"), 0));
        assertThat(ValueCodec.decode(t("varchar(3)"), ValueCodec.encode(t("varchar(3)"), ""), "col")).isEqualTo("");
    }

    @Test
    void encodingsAreFixedLayouts() throws SQLException {
        assertThat(HexFormat.of().formatHex(ValueCodec.encode(t("int"), 7))).isEqualTo("110000000000000007");
        assertThat(HexFormat.of().formatHex(ValueCodec.encode(t("decimal(5,2)"), new BigDecimal("-1.50")))).isEqualTo("1302ff6a");
        assertThat(HexFormat.of().formatHex(ValueCodec.encode(t("varchar(5)"), "é"))).isEqualTo("1cc3a9");
        assertThat(HexFormat.of().formatHex(ValueCodec.encode(t("date"), LocalDate.EPOCH))).isEqualTo("1800000000");
        assertThat(HexFormat.of().formatHex(ValueCodec.encode(t("int"), null))).isEqualTo("00");
        // a value bound in another form encodes like its canonical form
        assertThat(ValueCodec.encode(t("tinyint(1)"), true)).isEqualTo(ValueCodec.encode(t("tinyint(1)"), 1));
        assertThat(ValueCodec.encode(t("date"), java.sql.Date.valueOf("2024-01-02"))).isEqualTo(ValueCodec.encode(t("date"), LocalDate.of(2024, 1, 2)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            int             | ''
            int             | 11
            int             | 110000000000000007ff
            int             | 1c41
            int             | 110000000100000000
            tinyint         | 110000000000000080
            bigint unsigned | 110000000000000001
            decimal(5,2)    | 1301ff6a
            decimal(5,2)    | 1302
            varchar(5)      | 1cff
            varchar(5)      | 1d41
            blob            | 1c41
            bit(4)          | 160000000000000010
            date            | 18000000
            time            | 1b7fffffffffffffff
            datetime        | 19
            json            | 00ff
            """)
    void malformedBytesAreRefusedNamingTheColumn(String ddl, String hex) throws SQLException {
        LogicalType type = t(ddl);
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> ValueCodec.decode(type, bytes, "t.secret_col")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XX001"))
                .satisfies(e -> assertThat(e.getMessage()).contains("t.secret_col"));
    }

    @Test
    void decodeRefusesNull() {
        assertThatThrownBy(() -> ValueCodec.decode(t("int"), null, "c")).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("XX001");
    }

    // ---------------------------------------------------------------- equality

    @Test
    void equalityFormsMatchExactlyWhenMysqlsEqualsDoes() throws SQLException {
        assertThat(form("decimal(5,2)", "1.50")).isEqualTo("1.5").isEqualTo(form("decimal(6,1)", "1.5")).isEqualTo(form("double", "1.5"));
        assertThat(form("decimal(5,2)", "0")).isEqualTo("0").isEqualTo(form("int", "0"));
        assertThat(form("int", "7")).isEqualTo("7").isEqualTo(form("bigint unsigned", "7")).isEqualTo(form("decimal(5,2)", "7"));
        assertThat(form("double", "-0.0")).isEqualTo(form("double", "0"));
        assertThat(form("float", "0.1")).isEqualTo(new BigDecimal((double) 0.1f).stripTrailingZeros().toPlainString());
        assertThat(form("float", "0.1")).isNotEqualTo(form("double", "0.1"));
        assertThat(new String(ValueCodec.equalityForm(t("bit(64)"), n("bit(64)", new BigInteger("18446744073709551615"))),
                StandardCharsets.US_ASCII)).isEqualTo("18446744073709551615");
        assertThat(form("year", "69")).isEqualTo("2069");
        assertThat(form("date", "2024-1-2")).isEqualTo("2024-01-02");
        assertThat(form("datetime(3)", "2024-01-02 03:04:05.1")).isEqualTo(form("datetime(6)", "2024-01-02 03:04:05.100000"));
        assertThat(form("time", "-1:00:00")).isEqualTo("-3600000000");
        assertThat(form("timestamp", "1970-01-01 00:00:02")).isEqualTo("2000000");
        assertThat(ValueCodec.equalityForm(t("varchar(9)"), "Chloé")).isEqualTo("Chloé".getBytes(StandardCharsets.UTF_8));
        assertThat(ValueCodec.equalityForm(t("binary(3)"), n("binary(3)", "a"))).containsExactly('a', 0, 0);
        assertThat(ValueCodec.equalityForm(t("int"), null)).containsExactly(0);
    }

    @Test
    void timestampEqualityDoesNotDependOnTheTimeZone() throws SQLException {
        Object v = n("timestamp", "2024-06-01 12:00:00");
        byte[] utc = ValueCodec.equalityForm(t("timestamp"), v);
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        assertThat(ValueCodec.equalityForm(t("timestamp"), v)).isEqualTo(utc);
        assertThat(ValueCodec.equalityForm(t("timestamp"), n("timestamp", "2024-06-01 21:00:00"))).isEqualTo(utc);
    }

    private static String form(String ddl, String value) throws SQLException {
        return new String(ValueCodec.equalityForm(t(ddl), n(ddl, value)), StandardCharsets.UTF_8);
    }
}
