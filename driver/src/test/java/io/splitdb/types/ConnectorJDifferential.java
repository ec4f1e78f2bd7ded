package io.splitdb.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A randomized differential against a live server: random Java values are bound with
 * {@code setObject} through plain Connector/J and through {@link ValueCodec#normalize}; the
 * insert's outcome (SQLState and vendor code) and then every getter must agree, also for the
 * value read back with {@link JdbcValues#read}. Not a test: run it with the JVM in the server's
 * time zone, e.g. {@code java -Duser.timezone=America/New_York ... ConnectorJDifferential URL seed
 * casesPerType MARIADB}; it prints each disagreement (twice at most per kind) and a summary.
 *
 * <p>Known disagreements with MariaDB 11.4: a getter that Connector/J fails with a raw
 * DateTimeException or NumberFormatException fails here with an SQLException (22018/S1009);
 * '-1e-400' into an integer column (MariaDB: 1265); time-of-day text with a fraction into a
 * DATETIME (MariaDB reads '11:06:12.5' as a zero-in-date date).
 */
final class ConnectorJDifferential {

    private static final String[] TYPES = {"tinyint(1)", "tinyint", "tinyint unsigned", "smallint", "int", "int unsigned", "bigint",
        "bigint unsigned", "mediumint", "decimal(10,2)", "decimal(5,0)", "decimal(20,6) unsigned", "float", "double", "float(8,3)",
        "bit(1)", "bit(9)", "bit(64)", "year", "date", "datetime", "datetime(3)", "datetime(6)", "timestamp", "timestamp(2)", "time",
        "time(3)", "char(4)", "varchar(6)", "tinytext", "text", "enum('a','bb','Ç')", "set('x','yy','z')", "json", "binary(3)",
        "varbinary(5)", "blob", "char(4) charset latin1", "varchar(5) charset ascii"};

    private final Random random;
    private final Map<String, Integer> disagreements = new TreeMap<>();

    private ConnectorJDifferential(long seed) {
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        ConnectorJDifferential d = new ConnectorJDifferential(Long.parseLong(args[1]));
        int perType = Integer.parseInt(args[2]);
        Flavor flavor = args.length > 3 ? Flavor.valueOf(args[3]) : Flavor.MARIADB;
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            for (String ddl : TYPES) {
                d.run(c, s, ddl, perType, flavor);
            }
        }
        System.out.println(d.disagreements.size() + " kinds of disagreement");
        d.disagreements.forEach((k, v) -> System.out.println(v + "x " + k));
    }

    private void run(Connection c, Statement s, String ddl, int cases, Flavor flavor) throws SQLException {
        s.execute("DROP TABLE IF EXISTS d");
        s.execute("CREATE TABLE d (v " + ddl + ")");
        LogicalType type = LogicalType.parse(ddl);
        for (int i = 0; i < cases; i++) {
            Object value = value();
            s.execute("DELETE FROM d");
            String real = insert(c, value);
            Object mine = null;
            String mineOutcome = "ok";
            try {
                mine = ValueCodec.normalize(type, value, "v", flavor);
            } catch (SQLException e) {
                mineOutcome = "!" + e.getSQLState() + "/" + e.getErrorCode();
            }
            if (!real.equals(mineOutcome)) {
                disagree(ddl, value, "INSERT", real, mineOutcome);
                continue;
            }
            if (real.equals("ok")) {
                compareGetters(s, ddl, type, value, mine);
            }
        }
    }

    private static String insert(Connection c, Object value) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO d VALUES (?)")) {
            ps.setObject(1, value);
            ps.execute();
            return "ok";
        } catch (SQLException e) {
            return "!" + e.getSQLState() + "/" + e.getErrorCode();
        } catch (RuntimeException e) {
            return "!RTE";
        }
    }

    private void compareGetters(Statement s, String ddl, LogicalType type, Object value, Object mine) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT v FROM d")) {
            rs.next();
            Object read = JdbcValues.read(rs, 1, type);
            for (String column : ConnectorJRecording.COLUMNS) {
                String expected = real(rs, column);
                if (expected.equals("!RTE:NumberFormatException")) {
                    expected = "!22018";
                }
                String got = ConnectorJRecordingTest.observe(column, mine, type);
                if (!expected.equals(got)) {
                    disagree(ddl, value, column, expected, got);
                }
                String viaRead = ConnectorJRecordingTest.observe(column, read, type);
                if (!expected.equals(viaRead)) {
                    disagree(ddl, value, "read/" + column, expected, viaRead);
                }
            }
        }
    }

    private void disagree(String ddl, Object value, String what, String real, String mine) {
        String key = ddl + " " + what + " [" + value.getClass().getSimpleName() + "]";
        if (disagreements.merge(key, 1, Integer::sum) <= 2) {
            String shown = value instanceof byte[] b ? HexFormat.of().formatHex(b) : "<" + value + ">";
            System.out.println(ddl + " <- " + value.getClass().getSimpleName() + " " + shown + " " + what + ": Connector/J " + real
                    + ", splitdb " + mine);
        }
    }

    private static String real(ResultSet rs, String column) {
        try {
            Object o;
            switch (column) {
                case "getObject": o = rs.getObject(1); break;
                case "LocalDate": o = rs.getObject(1, LocalDate.class); break;
                case "LocalDateTime": o = rs.getObject(1, LocalDateTime.class); break;
                case "LocalTime": o = rs.getObject(1, LocalTime.class); break;
                case "OffsetDateTime": o = rs.getObject(1, OffsetDateTime.class); break;
                case "Integer": o = rs.getObject(1, Integer.class); break;
                case "Long": o = rs.getObject(1, Long.class); break;
                case "BigInteger": o = rs.getObject(1, BigInteger.class); break;
                case "Boolean": o = rs.getObject(1, Boolean.class); break;
                case "Duration": o = rs.getObject(1, Duration.class); break;
                case "java.util.Date": o = rs.getObject(1, java.util.Date.class); break;
                case "Short": o = rs.getObject(1, Short.class); break;
                case "Byte": o = rs.getObject(1, Byte.class); break;
                case "Float": o = rs.getObject(1, Float.class); break;
                case "Double": o = rs.getObject(1, Double.class); break;
                default: o = ResultSet.class.getMethod(column, int.class).invoke(rs, 1);
            }
            return ConnectorJRecordingTest.show(o);
        } catch (java.lang.reflect.InvocationTargetException e) {
            return failure(e.getCause());
        } catch (Exception e) {
            return failure(e);
        }
    }

    private static String failure(Throwable t) {
        return t instanceof SQLException e ? "!" + e.getSQLState() : "!RTE:" + t.getClass().getSimpleName();
    }

    private Object value() {
        switch (random.nextInt(20)) {
            case 0: return (long) (random.nextGaussian() * Math.pow(10, random.nextInt(19)));
            case 1: return random.nextInt(300) - 150;
            case 2: return new BigDecimal(BigInteger.valueOf(random.nextLong() % 100_000_000_000L), random.nextInt(8));
            case 3: return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) * (random.nextBoolean() ? 1 : -1);
            case 4: return (float) (random.nextDouble() * Math.pow(10, random.nextInt(12) - 4));
            case 5: return random.nextBoolean();
            case 6: return pick("", "ab", "  é", "€ÿ", "😀1", ".e-", "x\u0000y", "a b ", "1.5e1", "é😀é");
            case 7: return pick(" 42 ", "4.5", "-2.5", "1e3", "1e400", "0x10", ".5", "-0", "+7", "12abc", "", "  ",
                    "99999999999999999999", "1.0e-5", "3.14159265358979", "255", "256", "-129", "1.", "2024", "69", "0000");
            case 8: return LocalDate.ofEpochDay(random.nextInt(3_000_000) - 719_000);
            case 9: return LocalDateTime.ofEpochSecond(random.nextLong() % 20_000_000_000L, random.nextInt(1_000_000_000), ZoneOffset.UTC);
            case 10: return Timestamp.from(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000)));
            case 11: return pick("2024-01-02", "2024-1-2", "24-01-02", "20240102", "240102", "2024-02-30", "2024-01-02 03:04:05",
                    "2024-01-02 03:04:05.123456789", "2024-01-02T23:59:59.9999995", "0001-01-01", "9999-12-31 23:59:59.999999",
                    "2024-03-10 02:30:00", "2024-11-03 01:30:00.5", "1970-01-01 00:00:01", "2038-01-19 03:14:07", "2024/12/31 1:2:3",
                    "20241231235959", "2024-12-31 23:59", "0000-00-00", "2024-00-10", "x");
            case 12: return pick("12:34:56", "-12:34:56.789", "838:59:59", "838:59:59.5", "-838:59:59.999999", "839:00:00",
                    "1 02:03:04", "34 22:59:59", "35 00:00:00", "123456", "1234", "56", "12:34", "12:60:00", "25:00:00.123",
                    "-0:0:1", " 12:00:00 ", "1:2:3", "12:34:56x");
            case 13: {
                byte[] b = new byte[random.nextInt(7)];
                random.nextBytes(b);
                return b;
            }
            case 14: return Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000) * 1000L);
            case 15: return LocalTime.ofNanoOfDay((long) (random.nextDouble() * 86_400e9));
            case 16: return java.sql.Date.valueOf(LocalDate.ofEpochDay(random.nextInt(50_000)));
            case 17: return new Time(random.nextInt(86_400_000));
            case 18: return pick("a", "BB", "ç", "x,z", "yy,x", "2", "0", "Z,yy", "", " a", "{\"a\":1}", "[1,2]", "null", "1.", "\"\\x\"");
            default: return BigInteger.valueOf(random.nextLong()).abs().multiply(BigInteger.valueOf(random.nextInt(3)));
        }
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
