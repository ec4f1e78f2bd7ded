package io.splitdb.types;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * Regenerates {@link ConnectorJRecording} against a live server: for each case it creates
 * {@code p (v type)}, runs {@code INSERT INTO p VALUES (literal)} and prints what every getter of
 * plain Connector/J returns, one line per case. Not a test; run it with the JVM time zone UTC
 * against a server in UTC, e.g. {@code java -Duser.timezone=UTC ... ConnectorJRecorder
 * jdbc:mysql://127.0.0.1:3306/test?user=u&password=p}, and paste the output (escaped as the
 * recording's Javadoc says) into {@link ConnectorJRecording}.
 */
final class ConnectorJRecorder {

    static final String CASES = """
            tinyint(1) := 5
            tinyint(1) := 0
            tinyint(1) := -1
            tinyint(1) := 127
            boolean := 1
            tinyint(1) unsigned := 1
            tinyint(2) := 1
            bit(1) := 1
            bit(1) := 0
            bit(8) := 200
            bit(3) := 5
            bit(64) := 18446744073709551615
            bit(8) := 256
            bit(8) := 'a'
            bit(16) := 'ab'
            int := -7
            int := 2147483647
            int := '42'
            int := ' 42 '
            int := '4.5'
            int := 4.5
            int := 2.5e0
            int := 3.5e0
            int := -2.5
            int := '1e3'
            int := 'abc'
            int := ''
            int := '42abc'
            int := 2147483648
            int := '  -7'
            int := x'3432'
            int unsigned := 4294967295
            int unsigned := -1
            bigint unsigned := 18446744073709551615
            bigint unsigned := 9223372036854775808
            bigint := -9223372036854775808
            tinyint unsigned := 255
            tinyint := '0x10'
            smallint := -3
            mediumint unsigned := 16777215
            mediumint := -8388608
            decimal(10,2) := 1.005
            decimal(10,2) := -12.345
            decimal(10,2) := '1.234'
            decimal(10,2) := 'x'
            decimal(10,2) := 1e2
            decimal(10,2) := 0
            decimal(20,10) := 0.00000001
            decimal(65,30) := 0
            decimal(10,0) := 12345
            decimal(5,2) unsigned := 1.5
            decimal(5,2) unsigned := -1
            decimal(5,2) := 1000
            decimal(5,2) := 999.995
            decimal(2,2) := 0.5
            decimal := 1
            decimal(30,5) := '-123456789012345678901234.123456'
            float := 3.1415927
            float := 0.1
            float := 1234565
            float := 1e20
            float := -1.17549435e-38
            float := 16777217
            float := 1e-5
            float := 123456789
            float := 0.0001
            float := 1e39
            float := 'abc'
            float := '2.5'
            float unsigned := -1
            float(10,2) := 1.234
            double := 1e20
            double := 0.1
            double := 1
            double := -1.2345678901234567e-300
            double := 1.7976931348623157e308
            double := 123456789012345678
            double := 0.000123
            double := 1e15
            double := 1e16
            double := 12345.678
            double := 'abc'
            double := '1e309'
            double := '1.5e1'
            double(10,3) := 1.2345
            year := 2024
            year := 0
            year := '0'
            year := '0000'
            year := 69
            year := '69'
            year := 70
            year := 99
            year := 1900
            year := 2156
            year := '1999'
            year := 'x'
            date := '2024-01-02'
            date := '0001-01-01'
            date := '9999-12-31'
            date := '2024-02-30'
            date := '2024-01-02 03:04:05'
            date := '20240102'
            date := '24-1-2'
            date := 20240102
            date := '2024/01/02'
            date := 'x'
            date := '2024-02-29'
            date := '2023-02-29'
            datetime(3) := '2024-01-02 03:04:05.12'
            datetime(3) := '2024-01-02 03:04:05'
            datetime := '9999-12-31 23:59:59'
            datetime := '2024-01-02T03:04:05'
            datetime := '2024-01-02 03:04:05.9999999'
            datetime := '2024-01-02 24:00:00'
            datetime := 20240102030405
            datetime := '2024-01-02'
            datetime := '20240102030405'
            datetime(2) := '2024-12-31 23:59:59.999'
            datetime(6) := '2024-01-02 03:04:05.123456'
            datetime(6) := '0001-01-01 00:00:00'
            time := '-05:00:00'
            time := '-00:30:00'
            time := '838:59:59'
            time := '-838:59:59'
            time := '839:00:00'
            time := '1 02:03:04'
            time := '123456'
            time := '12:60:00'
            time := '12:34'
            time := 123456
            time := -1.5
            time := '2024-01-02 03:04:05'
            time := '00:00:00'
            time := '23:59:59'
            time(6) := '12:00:00.123456'
            time(6) := '-12:00:00.5'
            time(3) := '12:00:00'
            time(1) := '12:00:00.96'
            timestamp(2) := '2024-06-01 12:00:00.5'
            timestamp(2) := '2024-06-01 12:00:00'
            timestamp := '1970-01-01 00:00:00'
            timestamp := '1970-01-01 00:00:01'
            timestamp := '2038-01-19 03:14:07'
            timestamp := '2038-01-19 03:14:08'
            timestamp(6) := '2024-01-02 03:04:05.123456'
            varchar(100) := 'héllo'
            varchar(100) := ''
            varchar(100) := 'true'
            varchar(100) := 'false'
            varchar(100) := 'Y'
            varchar(100) := ' 12 '
            varchar(100) := '1.5e1'
            varchar(100) := '-1'
            varchar(100) := '5'
            varchar(100) := '2024-01-02 03:04:05.5'
            varchar(100) := '12:34:56'
            varchar(100) := '2024-01-02'
            varchar(100) := '99999999999999999999'
            varchar(100) := 1.50
            varchar(100) := 1e2
            varchar(100) := 1.5e300
            varchar(100) := 42
            varchar(100) := x'68c3a9'
            varchar(100) := x'ff'
            varchar(100) := 'a''b\\\\c'
            varchar(100) := '0.00000001'
            varchar(100) := '-0'
            varchar(100) := '1e'
            varchar(3) := 'abcd'
            varchar(3) := 'abc  '
            varchar(3) := 'éé€'
            varchar(3) := '😀😀😀'
            varchar(3) := '😀😀😀😀'
            char(5) := 'ab  '
            char(3) := 'abc  '
            char(3) := '  a'
            char(2) character set ascii := 'ab'
            char(2) character set ascii := 'é'
            char(3) charset latin1 := '€é'
            char(3) charset latin1 := '😀'
            varchar(3) charset utf8mb3 := '😀'
            tinytext := 'x'
            tinytext := REPEAT('a', 255)
            tinytext := REPEAT('a', 256)
            text := 'x'
            mediumtext := 'x'
            longtext := ''
            enum('a','bb') := 'bb'
            enum('a','bb') := 'A'
            enum('a','bb') := 'c'
            enum('a','bb') := 2
            enum('a','bb') := '2'
            enum('a','bb') := ''
            enum('a','bb') := 0
            enum('a','bb') := 'BB '
            enum('é','abc ') := 'abc'
            enum('é','abc ') := 'E'
            set('a','bb','c') := 'c,a'
            set('a','bb','c') := 'a,a'
            set('a','bb','c') := 3
            set('a','bb','c') := 'd'
            set('a','bb','c') := ''
            set('a','bb','c') := 'A,C'
            set('a','b') := 8
            json := '{"b": 1,  "a":[1,2]}'
            json := '{bad'
            json := ''
            json := '[]'
            json := '"x"'
            json := 'null'
            binary(4) := 'ab'
            binary(4) := 'abcde'
            binary(4) := x'00'
            varbinary(10) := 'ab'
            varbinary(10) := 'é'
            varbinary(3) := 'abc  '
            varbinary(10) := 12
            tinyblob := 'ab'
            blob := x'0001ff'
            mediumblob := 'ab'
            longblob := ''
            """;

    private static final String[] GETTERS = {"getString", "getBoolean", "getByte", "getShort", "getInt", "getLong", "getFloat",
        "getDouble", "getBigDecimal", "getBytes", "getDate", "getTime", "getTimestamp"};
    private static final Class<?>[] TARGETS = {LocalDate.class, LocalDateTime.class, LocalTime.class, OffsetDateTime.class,
        Integer.class, Long.class, BigInteger.class, Boolean.class, Duration.class, java.util.Date.class, Short.class, Byte.class,
        Float.class, Double.class};

    private ConnectorJRecorder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            for (String spec : CASES.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                System.out.println(record(s, spec));
            }
        }
    }

    static String record(Statement s, String spec) throws SQLException {
        String ddl = spec.substring(0, spec.indexOf(" := "));
        String literal = spec.substring(spec.indexOf(" := ") + 4);
        StringBuilder out = new StringBuilder(spec).append(" => ");
        s.execute("DROP TABLE IF EXISTS p");
        s.execute("CREATE TABLE p (v " + ddl + ")");
        try {
            s.execute("INSERT INTO p VALUES (" + literal + ")");
        } catch (SQLException e) {
            return out.append("INSERT!").append(e.getSQLState()).append('/').append(e.getErrorCode()).toString();
        }
        try (ResultSet rs = s.executeQuery("SELECT v FROM p")) {
            rs.next();
            out.append(observe(() -> rs.getObject(1)));
            for (String g : GETTERS) {
                out.append(" | ").append(observe(() -> ResultSet.class.getMethod(g, int.class).invoke(rs, 1)));
            }
            for (Class<?> k : TARGETS) {
                out.append(" | ").append(observe(() -> rs.getObject(1, k)));
            }
        }
        return out.toString();
    }

    private interface Getter {
        Object get() throws Exception;
    }

    private static String observe(Getter g) {
        try {
            return ConnectorJRecordingTest.show(g.get());
        } catch (java.lang.reflect.InvocationTargetException e) {
            return failure(e.getCause());
        } catch (Exception e) {
            return failure(e);
        }
    }

    private static String failure(Throwable t) {
        return t instanceof SQLException e ? "!" + e.getSQLState() : "!RTE:" + t.getClass().getSimpleName();
    }
}
