package io.splitdb.types;

import com.mysql.cj.MysqlType;
import com.mysql.cj.result.Field;
import com.mysql.cj.util.LazyString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcValuesTest {

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

    static Object n(String ddl, Object v) throws SQLException {
        return ValueCodec.normalize(t(ddl), v, "col");
    }

    static String state(ThrowingRunnable r) {
        try {
            r.run();
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    interface ThrowingRunnable {
        void run() throws SQLException;
    }

    @ParameterizedTest(name = "{0} := {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tinyint(1)    | 5                          | java.lang.Boolean        | true
            bit(1)        | 1                          | java.lang.Boolean        | true
            int           | 7                          | java.lang.Integer        | 7
            tinyint       | -7                         | java.lang.Integer        | -7
            int unsigned  | 7                          | java.lang.Long           | 7
            bigint        | 7                          | java.lang.Long           | 7
            bigint unsigned | 7                        | java.math.BigInteger     | 7
            decimal(5,2)  | 1.5                        | java.math.BigDecimal     | 1.50
            float         | 3.1415927                  | java.lang.Float          | 3.14159
            double        | 0.1                        | java.lang.Double         | 0.1
            date          | 2024-01-02                 | java.sql.Date            | 2024-01-02
            year          | 2024                       | java.sql.Date            | 2024-01-01
            datetime(3)   | 2024-01-02 03:04:05.12     | java.time.LocalDateTime  | 2024-01-02T03:04:05.120
            timestamp     | 2024-01-02 03:04:05        | java.sql.Timestamp       | 2024-01-02 03:04:05.0
            time          | 12:34:56                   | java.sql.Time            | 12:34:56
            char(3)       | ab                         | java.lang.String         | ab
            enum('a','b') | b                          | java.lang.String         | b
            set('a','b')  | b,a                        | java.lang.String         | a,b
            json          | [1]                        | java.lang.String         | [1]
            text          | x                          | java.lang.String         | x
            """)
    void getObjectReturnsConnectorJsClasses(String ddl, String input, String className, String shown) throws SQLException {
        LogicalType type = t(ddl);
        Object v = n(ddl, ddl.startsWith("bit") ? (Object) Integer.valueOf(input) : input);
        Object o = JdbcValues.getObject(v, type);
        assertThat(o.getClass().getName()).isEqualTo(className);
        assertThat(o).hasToString(shown);
        assertThat(type.javaClassName()).isIn(className, "java.lang.Boolean");
        assertThat(JdbcValues.getObject(v, type, Object.class)).isEqualTo(o);
    }

    @Test
    void bytesComeBackAsBytes() throws SQLException {
        assertThat((byte[]) JdbcValues.getObject(n("varbinary(4)", "ab"), t("varbinary(4)"))).containsExactly('a', 'b');
        assertThat((byte[]) JdbcValues.getObject(n("bit(12)", 0x0abc), t("bit(12)"))).containsExactly(0x0a, 0xbc);
        byte[] row = (byte[]) n("blob", new byte[] {1, 2});
        byte[] given = JdbcValues.getBytes(row, t("blob"));
        given[0] = 9;
        assertThat(row[0]).isEqualTo((byte) 1);
    }

    @Test
    void getStringIsConnectorJsText() throws SQLException {
        assertThat(JdbcValues.getString(n("datetime(3)", "2024-01-02 03:04:05.12"), t("datetime(3)"))).isEqualTo("2024-01-02 03:04:05.120");
        assertThat(JdbcValues.getString(n("datetime(3)", "2024-01-02 03:04:05"), t("datetime(3)"))).isEqualTo("2024-01-02 03:04:05");
        assertThat(JdbcValues.getString(n("date", "2024-01-02"), t("date"))).isEqualTo("2024-01-02");
        assertThat(JdbcValues.getString(n("decimal(5,2)", "1.5"), t("decimal(5,2)"))).isEqualTo("1.50");
        assertThat(JdbcValues.getString(n("decimal(20,10)", "0.00000001"), t("decimal(20,10)"))).isEqualTo("1.00E-8");
        assertThat(JdbcValues.getString(n("tinyint(1)", 5), t("tinyint(1)"))).isEqualTo("5");
        assertThat(JdbcValues.getString(n("bit(1)", true), t("bit(1)"))).isEqualTo("1");
        assertThat(JdbcValues.getString(n("year", 2024), t("year"))).isEqualTo("2024-01-01");
        assertThat(JdbcValues.getString(n("double", 1), t("double"))).isEqualTo("1.0");
        assertThat(JdbcValues.getString(n("time(6)", "-00:30:00.5"), t("time(6)"))).isEqualTo("-00:30:00.500000");
        assertThat(JdbcValues.getString(n("varbinary(4)", "hé"), t("varbinary(4)"))).isEqualTo("hé");
        assertThat(JdbcValues.getString(n("varchar(4)", ""), t("varchar(4)"))).isEmpty();
    }

    @Test
    void latin1TextComesBackAsConnectorJDecodesIt() throws SQLException {
        LogicalType type = t("varchar(3) charset latin1");
        Object v = n("varchar(3) charset latin1", "\u0081é");
        assertThat(v).isEqualTo("\u0081é");
        assertThat(JdbcValues.getBytes(v, type)).containsExactly(0x81, 0xe9);
        assertThat(JdbcValues.getString(v, type)).isEqualTo("\ufffdé");
    }

    @Test
    void getBytesIsWhatTheServerSends() throws SQLException {
        assertThat(JdbcValues.getBytes(n("char(3) charset latin1", "é"), t("char(3) charset latin1"))).containsExactly(0xe9);
        assertThat(JdbcValues.getBytes(n("varchar(3)", "é"), t("varchar(3)"))).containsExactly(0xc3, 0xa9);
        assertThat(new String(JdbcValues.getBytes(n("double", new ValueCodec.DoubleLiteral(1e15)), t("double")), StandardCharsets.US_ASCII))
                .isEqualTo("1e15");
        assertThat(new String(JdbcValues.getBytes(n("float(10,2)", "1.2"), t("float(10,2)")), StandardCharsets.US_ASCII)).isEqualTo("1.20");
        assertThat(new String(JdbcValues.getBytes(n("datetime(3)", "2024-01-02 03:04:05"), t("datetime(3)")), StandardCharsets.US_ASCII))
                .isEqualTo("2024-01-02 03:04:05.000");
        assertThat(new String(JdbcValues.getBytes(n("year", 0), t("year")), StandardCharsets.US_ASCII)).isEqualTo("0000");
    }

    @Test
    void nullGivesNullOrZero() throws SQLException {
        LogicalType type = t("int");
        assertThat(JdbcValues.getString(null, type)).isNull();
        assertThat(JdbcValues.getObject(null, type)).isNull();
        assertThat(JdbcValues.getObject(null, type, Integer.class)).isNull();
        assertThat(JdbcValues.getInt(null, type)).isZero();
        assertThat(JdbcValues.getLong(null, type)).isZero();
        assertThat(JdbcValues.getDouble(null, type)).isZero();
        assertThat(JdbcValues.getBoolean(null, type)).isFalse();
        assertThat(JdbcValues.getBytes(null, type)).isNull();
        assertThat(JdbcValues.getBigDecimal(null, type)).isNull();
        assertThat(JdbcValues.getDate(null, type, null)).isNull();
        assertThat(JdbcValues.getTimestamp(null, type, Calendar.getInstance())).isNull();
    }

    @Test
    void conversionFailuresCarryConnectorJsStates() throws SQLException {
        assertThat(state(() -> JdbcValues.getInt(n("varchar(9)", "abc"), t("varchar(9)")))).isEqualTo("22018");
        assertThat(state(() -> JdbcValues.getInt(n("varchar(9)", "true"), t("varchar(9)")))).isEqualTo("22018");
        assertThat(state(() -> JdbcValues.getInt(n("bigint", Long.MAX_VALUE), t("bigint")))).isEqualTo("22003");
        assertThat(state(() -> JdbcValues.getDate(n("int", 1), t("int"), null))).isEqualTo("22018");
        assertThat(state(() -> JdbcValues.getTime(n("time", "25:00:00"), t("time"), null))).isEqualTo("S1009");
        assertThat(state(() -> JdbcValues.getObject(n("int", 1), t("int"), Instant.class))).isEqualTo("S1009");
        assertThat(state(() -> JdbcValues.getObject(n("int", 1), t("int"), null))).isEqualTo("S1009");
        assertThat(state(() -> JdbcValues.getBigInteger(n("double", 1.5), t("double")))).isEqualTo("S1009");
        assertThatThrownBy(() -> JdbcValues.getInt(n("varchar(9)", "secret"), t("varchar(9)")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").contains("VARCHAR").contains("java.lang.Integer"));
    }

    @Test
    void otherTargetClasses() throws SQLException {
        Object v = n("datetime(6)", "2024-01-02 03:04:05.123456");
        LogicalType type = t("datetime(6)");
        assertThat(JdbcValues.getObject(v, type, LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(JdbcValues.getObject(v, type, LocalTime.class)).isEqualTo(LocalTime.of(3, 4, 5, 123_456_000));
        assertThat(JdbcValues.getObject(v, type, OffsetDateTime.class)).isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC));
        assertThat(JdbcValues.getObject(v, type, java.util.Date.class)).isEqualTo(java.util.Date.from(Instant.parse("2024-01-02T03:04:05.123Z")));
        assertThat(JdbcValues.getObject(v, type, Calendar.class).getTimeInMillis()).isEqualTo(Instant.parse("2024-01-02T03:04:05.123Z").toEpochMilli());
        assertThat(JdbcValues.getObject(n("time(3)", "-25:00:00.5"), t("time(3)"), Duration.class)).isEqualTo(Duration.parse("-PT25H0.5S"));
        UUID u = UUID.randomUUID();
        assertThat(JdbcValues.getObject(n("char(36)", u.toString()), t("char(36)"), UUID.class)).isEqualTo(u);
        assertThat(JdbcValues.getBigDecimal(n("decimal(6,3)", "1.235"), t("decimal(6,3)"), 2)).isEqualTo(new BigDecimal("1.24"));
        assertThat(JdbcValues.getBigInteger(n("bigint unsigned", "18446744073709551615"), t("bigint unsigned")))
                .isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void calendarsDecideTheInstantOfLocalValues() throws SQLException {
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        Object d = n("date", "2024-01-02");
        assertThat(JdbcValues.getDate(d, t("date"), tokyo).getTime()).isEqualTo(Instant.parse("2024-01-01T15:00:00Z").toEpochMilli());
        Object dt = n("datetime", "2024-01-02 09:00:00");
        assertThat(JdbcValues.getTimestamp(dt, t("datetime"), tokyo).toInstant()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(JdbcValues.getTimestamp(dt, t("datetime"), null).toInstant()).isEqualTo(Instant.parse("2024-01-02T09:00:00Z"));
        assertThat(JdbcValues.getTime(n("time", "09:00:00"), t("time"), tokyo).getTime()).isEqualTo(0L);
    }

    @Test
    void timestampsReadBackTheWayConnectorJParsesTheirText() throws SQLException {
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        LogicalType type = t("timestamp(1)");
        Object summer = n("timestamp(1)", "2024-06-01 12:00:00.5");
        assertThat(summer).isEqualTo(Instant.parse("2024-06-01T16:00:00.5Z"));
        assertThat(JdbcValues.getString(summer, type)).isEqualTo("2024-06-01 12:00:00.5");
        assertThat(JdbcValues.getTimestamp(summer, type, null).toInstant()).isEqualTo(Instant.parse("2024-06-01T16:00:00.5Z"));
        // recorded against Connector/J 9.7 and MariaDB (TZ=America/New_York): the server stores the first 01:30 (EDT),
        // and Connector/J's calendar reads its text back as the second (EST); java.time reads it as the first
        Object fold = n("timestamp(1)", "2024-11-03 01:30:00");
        assertThat(fold).isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
        assertThat(JdbcValues.getTimestamp(fold, type, null).toInstant()).isEqualTo(Instant.parse("2024-11-03T06:30:00Z"));
        assertThat(JdbcValues.getObject(fold, type, OffsetDateTime.class)).isEqualTo(OffsetDateTime.parse("2024-11-03T01:30-04:00"));
        // a DATETIME in the spring-forward gap has no java.sql.Timestamp (Connector/J: S1009), but its text is fine
        Object gap = n("datetime", "2024-03-10 02:30:00");
        assertThat(state(() -> JdbcValues.getTimestamp(gap, t("datetime"), null))).isEqualTo("S1009");
        assertThat(JdbcValues.getString(gap, t("datetime"))).isEqualTo("2024-03-10 02:30:00");
    }

    @Test
    void rowsFilledByConnectorJsGetObjectStillConvert() throws SQLException {
        assertThat(JdbcValues.getString(true, t("tinyint(1)"))).isEqualTo("1");
        assertThat(JdbcValues.getString(Date.valueOf("2024-01-02"), t("date"))).isEqualTo("2024-01-02");
        assertThat(JdbcValues.getString(Date.valueOf("2024-01-01"), t("year"))).isEqualTo("2024-01-01");
        assertThat(JdbcValues.getString(Timestamp.valueOf("2024-01-02 03:04:05"), t("datetime"))).isEqualTo("2024-01-02 03:04:05");
        assertThat(JdbcValues.getTimestamp(Timestamp.valueOf("2024-01-02 03:04:05"), t("timestamp"), null))
                .isEqualTo(Timestamp.valueOf("2024-01-02 03:04:05"));
        assertThat(JdbcValues.getString(Time.valueOf("03:04:05"), t("time"))).isEqualTo("03:04:05");
        assertThat(JdbcValues.getInt(new byte[] {1, 0}, t("bit(16)"))).isEqualTo(256);
        assertThat(JdbcValues.getLong(3, t("bigint"))).isEqualTo(3L);
        assertThatThrownBy(() -> JdbcValues.getString(LocalDate.EPOCH, t("int"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readTakesTheServersTextLosslessly() throws SQLException {
        assertThat(JdbcValues.read(row("5"), 1, t("tinyint(1)"))).isEqualTo(5);
        assertThat(JdbcValues.read(row("-838:59:59"), 1, t("time"))).isEqualTo(Duration.parse("-PT838H59M59S"));
        assertThat(JdbcValues.read(row("3.14159"), 1, t("float"))).isEqualTo(3.14159f);
        assertThat(JdbcValues.read(row("18446744073709551615"), 1, t("bigint unsigned"))).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(JdbcValues.read(row("1.50"), 1, t("decimal(5,2)"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(JdbcValues.read(row("2024-01-02 03:04:05.120"), 1, t("datetime(3)"))).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000));
        assertThat(JdbcValues.read(row("2024-01-02 03:04:05"), 1, t("timestamp"))).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(JdbcValues.read(row("0069"), 1, t("year"))).isEqualTo(69);
        assertThat(JdbcValues.read(row(null), 1, t("int"))).isNull();
        assertThat(JdbcValues.read(rowBytes(new byte[] {(byte) 0xe9}), 1, t("char(3) charset latin1"))).isEqualTo("é");
        assertThat(JdbcValues.read(rowBytes(new byte[] {1, 2}), 1, t("bit(16)"))).isEqualTo(258L);
    }

    @Test
    void zeroDatesFromABackendAnswerAsConnectorJDoes() throws SQLException {
        Object zero = JdbcValues.read(row("0000-00-00"), 1, t("date"));
        assertThat(zero).isInstanceOf(ServerText.class);
        assertThat(JdbcValues.getString(zero, t("date"))).isEqualTo("0000-00-00");
        assertThat(state(() -> JdbcValues.getObject(zero, t("date")))).isEqualTo("S1009");
        assertThat(state(() -> JdbcValues.getDate(zero, t("date"), null))).isEqualTo("S1009");
        assertThat(JdbcValues.getBytes(zero, t("date"))).isEqualTo("0000-00-00".getBytes(StandardCharsets.US_ASCII));
        Object zeroTs = JdbcValues.read(row("0000-00-00 00:00:00"), 1, t("datetime"));
        assertThat(JdbcValues.getString(zeroTs, t("datetime"))).isEqualTo("0000-00-00 00:00:00");
        assertThat(state(() -> JdbcValues.getObject(zeroTs, t("datetime")))).isEqualTo("S1009");
    }

    @Test
    void zerofillColumnsReadFromABackendArePadded() throws SQLException {
        Field f = new Field(new LazyString("db"), new LazyString("t"), new LazyString("t"), new LazyString("v"), new LazyString("v"),
                10, MysqlType.FIELD_TYPE_LONG, (short) (32 | 64), 0, 63, "ISO-8859-1", MysqlType.INT_UNSIGNED);
        com.mysql.cj.jdbc.result.ResultSetMetaData cj = new com.mysql.cj.jdbc.result.ResultSetMetaData(null, new Field[] {f}, false, true, null);
        LogicalType type = LogicalType.fromMetadata(LogicalTypeTest.metadata(4, "INT UNSIGNED", "java.lang.Long", 10, 0, 10, cj), 1);
        Object v = JdbcValues.read(row("0000000042"), 1, type);
        assertThat(v).isEqualTo(42L);
        assertThat(JdbcValues.getString(v, type)).isEqualTo("0000000042");
        assertThat(JdbcValues.getLong(v, type)).isEqualTo(42L);
    }

    private static ResultSet row(String text) {
        return rowBytes(text == null ? null : text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ResultSet rowBytes(byte[] bytes) {
        return (ResultSet) Proxy.newProxyInstance(JdbcValuesTest.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBytes")) {
                        return bytes;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
