package io.splitdb.types;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Replays {@link ConnectorJRecording}: each literal is normalized for its column with
 * {@link Flavor#MARIADB} (the recording's server), must fail exactly when the server refused it
 * (same SQLState and vendor code), and otherwise every getter must give what Connector/J gave.
 */
class ConnectorJRecordingTest {

    private static TimeZone saved;

    @BeforeAll
    static void utc() {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void restore() {
        TimeZone.setDefault(saved);
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedCase() {
        return ConnectorJRecording.LINES.lines().filter(l -> !l.isBlank())
                .map(l -> DynamicTest.dynamicTest(unescape(l.substring(0, l.indexOf(" => "))), () -> replay(l)));
    }

    @org.junit.jupiter.api.Test
    void theRecordingHasEveryCaseOfTheRecorder() {
        List<String> recorded = ConnectorJRecording.LINES.lines().filter(l -> !l.isBlank())
                .map(l -> unescape(l.substring(0, l.indexOf(" => ")))).toList();
        List<String> cases = ConnectorJRecorder.CASES.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertThat(recorded).containsExactlyElementsOf(cases);
    }

    private static void replay(String line) throws Exception {
        String head = unescape(line.substring(0, line.indexOf(" => ")));
        String results = line.substring(line.indexOf(" => ") + 4);
        String ddl = head.substring(0, head.indexOf(" := "));
        String literal = head.substring(head.indexOf(" := ") + 4);
        LogicalType type = LogicalType.parse(ddl);
        Object bound = lift(literal);
        if (results.startsWith("INSERT!")) {
            String[] expected = results.substring("INSERT!".length()).split("/");
            assertThatThrownBy(() -> ValueCodec.normalize(type, bound, "v", Flavor.MARIADB))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(expected[0]))
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(Integer.parseInt(expected[1])))
                    .satisfies(e -> assertThat(e.getMessage()).contains("'v'"));
            return;
        }
        Object v = ValueCodec.normalize(type, bound, "v", Flavor.MARIADB);
        String[] want = results.split(" \\| ", -1);
        assertThat(want).hasSize(ConnectorJRecording.COLUMNS.length);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < want.length; i++) {
            String expected = unescape(want[i]);
            if (expected.equals("!RTE:NumberFormatException")) {
                expected = "!22018"; // deliberate: an SQLException where Connector/J lets a NumberFormatException escape
            }
            String actual = observe(ConnectorJRecording.COLUMNS[i], v, type);
            if (!expected.equals(actual)) {
                mismatches.add(ConnectorJRecording.COLUMNS[i] + ": expected <" + expected + "> but was <" + actual + ">");
            }
        }
        if (!mismatches.isEmpty()) {
            fail(String.join("\n", mismatches));
        }
        roundTrips(type, v);
    }

    /** The stored value survives encoding, and a backend's text of it reads back to a value that answers the same. */
    private static void roundTrips(LogicalType type, Object v) throws SQLException {
        Object decoded = ValueCodec.decode(type, ValueCodec.encode(type, v), "v");
        if (v instanceof byte[] b) {
            assertThat((byte[]) decoded).isEqualTo(b);
        } else {
            assertThat(decoded).isEqualTo(v);
        }
        Object fromBackend = JdbcValues.fromServerText(JdbcValues.getBytes(v, type), type);
        assertThat(JdbcValues.getString(fromBackend, type)).isEqualTo(JdbcValues.getString(v, type));
        assertThat(observe("getObject", fromBackend, type)).isEqualTo(observe("getObject", v, type));
    }

    static String observe(String getter, Object v, LogicalType t) {
        try {
            return show(get(getter, v, t));
        } catch (SQLException e) {
            return "!" + e.getSQLState();
        } catch (RuntimeException e) {
            return "!RTE:" + e.getClass().getSimpleName();
        }
    }

    private static Object get(String getter, Object v, LogicalType t) throws SQLException {
        switch (getter) {
            case "getObject": return JdbcValues.getObject(v, t);
            case "getString": return JdbcValues.getString(v, t);
            case "getBoolean": return JdbcValues.getBoolean(v, t);
            case "getByte": return JdbcValues.getByte(v, t);
            case "getShort": return JdbcValues.getShort(v, t);
            case "getInt": return JdbcValues.getInt(v, t);
            case "getLong": return JdbcValues.getLong(v, t);
            case "getFloat": return JdbcValues.getFloat(v, t);
            case "getDouble": return JdbcValues.getDouble(v, t);
            case "getBigDecimal": return JdbcValues.getBigDecimal(v, t);
            case "getBytes": return JdbcValues.getBytes(v, t);
            case "getDate": return JdbcValues.getDate(v, t, null);
            case "getTime": return JdbcValues.getTime(v, t, null);
            case "getTimestamp": return JdbcValues.getTimestamp(v, t, null);
            case "LocalDate": return JdbcValues.getObject(v, t, LocalDate.class);
            case "LocalDateTime": return JdbcValues.getObject(v, t, LocalDateTime.class);
            case "LocalTime": return JdbcValues.getObject(v, t, LocalTime.class);
            case "OffsetDateTime": return JdbcValues.getObject(v, t, OffsetDateTime.class);
            case "Integer": return JdbcValues.getObject(v, t, Integer.class);
            case "Long": return JdbcValues.getObject(v, t, Long.class);
            case "BigInteger": return JdbcValues.getObject(v, t, BigInteger.class);
            case "Boolean": return JdbcValues.getObject(v, t, Boolean.class);
            case "Duration": return JdbcValues.getObject(v, t, Duration.class);
            case "java.util.Date": return JdbcValues.getObject(v, t, java.util.Date.class);
            case "Short": return JdbcValues.getObject(v, t, Short.class);
            case "Byte": return JdbcValues.getObject(v, t, Byte.class);
            case "Float": return JdbcValues.getObject(v, t, Float.class);
            case "Double": return JdbcValues.getObject(v, t, Double.class);
            default: throw new IllegalArgumentException(getter);
        }
    }

    /** As the recorder printed values. */
    static String show(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        return o.getClass().getSimpleName() + ":" + String.valueOf(o).replace("|", "\\u007c").replace("\n", "\\n");
    }

    /** A literal of the recorded SQL as the driver lifts it: strings, x'..' bytes, integers, decimals, approximate numbers. */
    static Object lift(String literal) {
        if (literal.startsWith("'")) {
            return sqlString(literal);
        } else if (literal.startsWith("x'")) {
            return HexFormat.of().parseHex(literal.substring(2, literal.length() - 1));
        } else if (literal.startsWith("REPEAT(")) {
            String[] args = literal.substring("REPEAT(".length(), literal.length() - 1).split(",\\s*");
            return sqlString(args[0]).repeat(Integer.parseInt(args[1]));
        } else if (literal.contains("e") || literal.contains("E")) {
            return new ValueCodec.DoubleLiteral(Double.parseDouble(literal));
        } else if (literal.contains(".")) {
            return new BigDecimal(literal);
        }
        BigInteger i = new BigInteger(literal);
        return i.bitLength() < 64 ? (Object) i.longValue() : i;
    }

    private static String sqlString(String quoted) {
        StringBuilder sb = new StringBuilder();
        String body = quoted.substring(1, quoted.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                sb.append(body.charAt(++i));
            } else if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                sb.append('\'');
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The recording's escapes: a doubled backslash, and \xHH for control characters. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                sb.append('\\');
                i++;
            } else if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
