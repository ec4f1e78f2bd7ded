package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Types round-trip exactly: the same rows written to a plain MariaDB table and, through
 * {@code jdbc:split:}, to a table whose every column is protected, read back with every getter;
 * the application must not be able to tell the two apart.
 */
@ExtendWith(SplitBackendsExtension.class)
class TypesDifferentialIT {
    private static final String COLUMNS = "(k INT PRIMARY KEY, c_int INT, c_uint INT UNSIGNED, c_big BIGINT, c_ubig BIGINT UNSIGNED, "
            + "c_tiny TINYINT, c_bool TINYINT(1), c_small SMALLINT, c_dec DECIMAL(12,3), c_float FLOAT, c_double DOUBLE, "
            + "c_char CHAR(5), c_varchar VARCHAR(40), c_text TEXT, c_bin VARBINARY(16), c_blob BLOB, c_date DATE, "
            + "c_datetime DATETIME, c_dt3 DATETIME(3), c_ts TIMESTAMP NULL, c_time TIME, c_year YEAR, c_enum ENUM('a','b','c'))";
    private static final String[] ROWS = {
            "(1, 42, 4000000000, -9000000000000000000, 18000000000000000000, -128, 1, 32767, 123456789.125, 1.5, 2.718281828459045, "
                    + "'ab', 'Chloé 🍣', 'long text\\nline 2', x'00ff10', x'deadbeef', '2024-02-29', '2024-01-02 03:04:05', "
                    + "'2024-01-02 03:04:05.678', '2024-06-01 12:00:00', '-12:34:56', 2024, 'b')",
            "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                    + "NULL, NULL, NULL)",
            "(3, -2147483648, 0, 0, 0, 0, 0, -32768, -0.001, -3.25e10, 1e-300, '', '', '', x'', x'', '0001-01-01', "
                    + "'9999-12-31 23:59:59', '1970-01-01 00:00:00.001', '1999-12-31 23:59:59', '838:59:59', 1901, 'a')",
            "(4, 7, 7, 7, 7, 7, 5, 7, 7, 7, 7, 'x   ', '  padded  ', 'ümlaut', x'41', x'42', '2000-01-01', '2000-01-01 00:00:00', "
                    + "'2000-01-01 00:00:00', '2038-01-19 03:14:07', '00:00:00', 2155, 'c')",
    };

    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        StringBuilder policy = new StringBuilder("tables:\n  t_split:\n");
        for (String c : List.of("c_int", "c_uint", "c_big", "c_ubig", "c_tiny", "c_bool", "c_small", "c_dec", "c_float", "c_double",
                "c_char", "c_varchar", "c_text", "c_bin", "c_blob", "c_date", "c_datetime", "c_dt3", "c_ts", "c_time", "c_year", "c_enum")) {
            policy.append("    ").append(c).append(": { protect: shared, search: equality }\n");
        }
        policy.append("  names_split:\n    name: { protect: shared, search: equality, bits: 4 }\n    code: { protect: shared }\n");
        policy.append("  names_uni_split:\n    name: { protect: shared, search: equality, bits: 4 }\n    code: { protect: shared }\n");
        db = SplitFixture.create(trio, "types", policy.toString());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t_split " + COLUMNS);
            for (String row : ROWS) {
                s.executeUpdate("INSERT INTO t_split VALUES " + row);
            }
        }
        StringBuilder names = new StringBuilder();
        String[] samples = {"Chloé", "chloe", "CHLOE", "Zoë", "zoe", "Ängel", "angel", "Øvergård", "Ng", "ng ", "müller", "Muller",
                "Straße", "strasse", "Ñandú", "nandu", "o'brien", "O'Brien", "ábc", "Abc", "aBd", "", " a", "a", "b", "B", "Þór",
                "thor", "Łukasz", "lukasz", "İlse", "ilse", "Émile", "emile", "æther", "aether", "Ça", "ca", "Œuvre", "oeuvre"};
        for (int i = 0; i < samples.length; i++) {
            names.append(i == 0 ? "" : ", ").append("(").append(i + 1).append(", '").append(samples[i].replace("'", "''"))
                    .append("', ").append(i % 5 == 0 ? "NULL" : String.valueOf((i * 7) % 11)).append(")");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE names_split (id INT PRIMARY KEY, name VARCHAR(40), code INT)");
            s.executeUpdate("INSERT INTO names_split VALUES " + names);
            s.execute("CREATE TABLE names_uni_split (id INT PRIMARY KEY, name VARCHAR(40) COLLATE utf8mb4_unicode_ci, code INT)");
            s.executeUpdate("INSERT INTO names_uni_split VALUES " + names);
        }
        try (Connection c = db.backend(0); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE names_plain (id INT PRIMARY KEY, name VARCHAR(40), code INT)");
            s.executeUpdate("INSERT INTO names_plain VALUES " + names);
            s.execute("CREATE TABLE names_uni_plain (id INT PRIMARY KEY, name VARCHAR(40) COLLATE utf8mb4_unicode_ci, code INT)");
            s.executeUpdate("INSERT INTO names_uni_plain VALUES " + names);
        }
        try (Connection c = db.backend(0); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");
            s.execute("CREATE TABLE t_plain " + COLUMNS);
            for (String row : ROWS) {
                s.executeUpdate("INSERT INTO t_plain VALUES " + row);
            }
        }
    }

    private static List<String> read(Connection c, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY k")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i) + " type=" + md.getColumnType(i) + "/" + md.getColumnTypeName(i) + " class="
                        + md.getColumnClassName(i) + " precision=" + md.getPrecision(i) + " scale=" + md.getScale(i)
                        + " signed=" + md.isSigned(i));
            }
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String col = md.getColumnLabel(i);
                    out.add(rs.getInt("k") + "." + col + " string=" + rs.getString(i) + " object=" + attempt(() -> describe(rs.getObject(col)))
                            + " wasNull=" + rs.wasNull() + " long=" + attempt(() -> rs.getLong(col)) + " bigdecimal="
                            + attempt(() -> rs.getBigDecimal(col)) + " bytes=" + attempt(() -> Arrays.toString(rs.getBytes(col)))
                            + " timestamp=" + attempt(() -> rs.getTimestamp(col)) + " date=" + attempt(() -> rs.getDate(col))
                            + " boolean=" + attempt(() -> rs.getBoolean(col)) + " double=" + attempt(() -> rs.getDouble(col)));
                }
            }
        }
        return out;
    }

    private static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        String value = o instanceof byte[] b ? Arrays.toString(b) : o.toString();
        return o.getClass().getName() + ":" + value;
    }

    interface Getter {
        Object get() throws Exception;
    }

    private static String attempt(Getter g) {
        try {
            return String.valueOf(g.get());
        } catch (NumberFormatException e) {
            // Connector/J lets this escape from getLong("abc"); splitdb throws SQLException 22018 instead
            return "error(22018)";
        } catch (Exception e) {
            return "error(" + (e instanceof java.sql.SQLException s ? s.getSQLState() : e.getClass().getSimpleName()) + ")";
        }
    }

    @Test
    void protectedColumnsReadExactlyLikePlainMariaDb() throws Exception {
        List<String> plain;
        try (Connection c = db.backend(0)) {
            plain = read(c, "t_plain");
        }
        List<String> split;
        try (Connection c = db.connect()) {
            split = read(c, "t_split");
        }
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(plain.size(), split.size()); i++) {
            String p = i < plain.size() ? plain.get(i) : "<none>";
            String q = i < split.size() ? split.get(i) : "<none>";
            if (!p.equals(q)) {
                differences.add("plain: " + p + "\nsplit: " + q);
            }
        }
        assertThat(differences).as("getters that differ from plain MariaDB").isEmpty();
    }

    @Test
    void equalitySearchFindsWhatMariaDbFinds() throws Exception {
        String[] probes = {"c_int = 42", "c_uint = 4000000000", "c_dec = 123456789.125", "c_dec = 7", "c_char = 'ab'",
                "c_char = 'x'", "c_varchar = 'chloe 🍣'", "c_varchar = '  padded'", "c_date = '2024-02-29'", "c_bool = 1",
                "c_enum = 'B'", "c_year = 2024", "c_datetime = '2024-01-02 03:04:05'", "c_bin = x'00ff10'", "c_text IS NULL",
                "c_varchar IN ('', 'ümlaut', 'CHLOÉ 🍣')", "c_varchar <> 'chloe 🍣'", "c_int NOT IN (42, 7)", "c_text != 'ümlaut'",
                "c_enum NOT IN ('a')", "c_int <> NULL", "c_dec NOT IN (7, NULL)", "c_bin <> x'41'", "c_date <> '2000-01-01' AND k > 1",
                "c_int > 7", "c_int >= 7", "7 < c_int", "c_int < 0", "c_uint BETWEEN 0 AND 10", "c_big < 0",
                "c_ubig > 9000000000000000000", "c_dec > 7", "c_dec <= 123456789.125", "c_dec > '7'", "c_dec < -0.0005",
                "c_date < '2001-01-01'", "c_date >= '2000-01-01 00:00:01'", "c_datetime > '2000-01-01'",
                "c_dt3 >= '2024-01-02 03:04:05.678'", "c_dt3 > '2024-01-02 03:04:05.6'", "c_small BETWEEN -32768 AND 7",
                "c_tiny > -1 AND c_int < 100", "c_bool >= 1", "c_date BETWEEN '0001-01-01' AND '2024-02-29'", "c_int > NULL"};
        for (String probe : probes) {
            List<Integer> expected = keys(db.backend(0), "SELECT k FROM t_plain WHERE " + probe + " ORDER BY k");
            List<Integer> actual = keys(db.connect(), "SELECT k FROM t_split WHERE " + probe + " ORDER BY k");
            assertThat(actual).as(probe).isEqualTo(expected);
        }
    }

    @Test
    void orderByProtectedColumnsSortsLikeMariaDb() throws Exception {
        List<String> queries = new ArrayList<>();
        for (String c : List.of("c_int", "c_uint", "c_big", "c_ubig", "c_tiny", "c_bool", "c_small", "c_dec", "c_float", "c_double",
                "c_char", "c_varchar", "c_text", "c_bin", "c_blob", "c_date", "c_datetime", "c_dt3", "c_ts", "c_time", "c_year", "c_enum")) {
            queries.add("SELECT k, " + c + " FROM %s ORDER BY " + c + ", k");
            queries.add("SELECT k, " + c + " FROM %s ORDER BY " + c + " DESC, k LIMIT 3");
        }
        for (String q : queries) {
            assertThat(rows(db.connect(), String.format(q, "t_split"))).as(q).isEqualTo(rows(db.backend(0), String.format(q, "t_plain")));
        }
        String[] nameQueries = {"SELECT id, name FROM %s ORDER BY name, id", "SELECT id, name FROM %s ORDER BY name DESC, id",
                "SELECT name AS n, id FROM %s ORDER BY n, 2", "SELECT id FROM %s ORDER BY code DESC, name, id LIMIT 10 OFFSET 5",
                "SELECT * FROM %s WHERE code IS NOT NULL ORDER BY 3, 2, 1", "SELECT id, name FROM %s WHERE name = 'chloe' ORDER BY name, id"};
        for (String q : nameQueries) {
            assertThat(rows(db.connect(), String.format(q, "names_split"))).as(q).isEqualTo(rows(db.backend(0), String.format(q, "names_plain")));
            // the old UCA 4.0.0 collation, where 'æ' <> 'ae' and 'ł' sorts after 'l'
            assertThat(rows(db.connect(), String.format(q, "names_uni_split"))).as("unicode_ci: " + q)
                    .isEqualTo(rows(db.backend(0), String.format(q, "names_uni_plain")));
        }
        for (String probe : new String[] {"aether", "ÆTHER", "lukasz", "Łukasz", "CHLOE ", "strasse", "oeuvre", "thor", "ng", "İLSE"}) {
          for (String op : new String[] {"=", "<>"}) {
            String q = "SELECT id FROM %s WHERE name " + op + " '" + probe + "' ORDER BY id";
            for (String[] pair : new String[][] {{"names_split", "names_plain"}, {"names_uni_split", "names_uni_plain"}}) {
                assertThat(rows(db.connect(), String.format(q, pair[0]))).as(q + " on " + pair[0])
                        .isEqualTo(rows(db.backend(0), String.format(q, pair[1])));
            }
          }
        }
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    int column = i;
                    row.append(i == 1 ? "" : "|").append(attempt(() -> rs.getString(column)));
                }
                out.add(row.toString());
            }
            return out;
        }
    }

    private static List<Integer> keys(Connection c, String sql) throws Exception {
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Integer> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getInt(1));
            }
            return keys;
        }
    }
}
