package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scalar expressions over protected columns of many types, with awkward values (NULLs, negatives,
 * trailing spaces, accents, month ends), each run on plain MariaDB and through {@code jdbc:split:}:
 * every value's text must agree, or splitdb must refuse with 0A000. Results go to
 * {@code target/expressions-differential.txt}.
 */
@ExtendWith(SplitBackendsExtension.class)
class ExpressionsDifferentialIT {
    private static final String DDL = "CREATE TABLE v (id INT PRIMARY KEY, i INT, b BIGINT, d DECIMAL(10,2), f DOUBLE, s VARCHAR(30), "
            + "bs VARCHAR(30) COLLATE utf8mb4_bin, c CHAR(10), t TEXT, dt DATE, ts DATETIME, tm TIME)";
    private static final List<String> ROWS = List.of(
            "(1, 7, 9000000000, 12.50, 1.5, 'Alice', 'Alice', 'ab', 'Some text', '2024-02-29', '2024-02-29 23:59:59', '10:30:00')",
            "(2, -3, -1, -0.05, -2.25, 'alice ', 'alice ', 'AB', '', '2023-12-31', '2023-12-31 00:00:00', '-01:00:00')",
            "(3, 0, 0, 0.00, 0, 'Zoë', 'Zoë', NULL, 'Ünïcode', '2000-01-01', '2000-01-01 12:00:00', '00:00:00')",
            "(4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
            "(5, 2147483647, 9223372036854775807, 99999999.99, 1e300, '12abc', '12abc', '42', '3.5', '1999-01-31', '1999-01-31 08:15:30', '838:59:59')",
            "(6, 100, 100, 100.00, 100, 'zoe', 'zoe', 'zz', 'x', '2024-03-31', '2024-03-31 18:45:00', '23:59:59')");
    private static final String POLICY = """
            tables:
              v:
                i: { protect: shared }
                b: { protect: shared }
                d: { protect: shared }
                f: { protect: shared }
                s: { protect: shared, search: equality }
                bs: { protect: shared }
                c: { protect: shared }
                t: { protect: encrypted }
                dt: { protect: shared }
                ts: { protect: shared }
                tm: { protect: shared }
            """;
    private static final List<String> EXPRESSIONS = List.of(
            "i + 1", "i - b", "i * d", "i / 3", "d / 3", "i DIV 2", "i % 3", "d % 0.3", "f * 2", "f / 0", "i / 0", "-i", "-d",
            "b + 1", "b * 2", "i + s", "s + 0", "s * 1", "d + f", "i + '1.5'", "ABS(i)", "ABS(d)", "SIGN(d)", "ROUND(d)", "ROUND(d, 1)",
            "ROUND(f, 1)", "TRUNCATE(d, 1)", "FLOOR(d)", "CEIL(d)", "FLOOR(f)", "MOD(i, 4)", "POW(i, 2)", "SQRT(d)", "GREATEST(i, d, 5)",
            "LEAST(s, bs)", "COALESCE(i, d, 0)", "IFNULL(s, 'none')", "NULLIF(i, 0)", "IF(i > 0, s, t)", "CASE WHEN i > 0 THEN 1 ELSE 2.5 END",
            "CASE i WHEN 7 THEN 'seven' WHEN 0 THEN 'zero' END", "i > d", "s = 'alice'", "bs = 'alice'", "s = 'ALICE'", "c = 'ab'",
            "s < 'b'", "s LIKE 'a%'", "s LIKE '%e'", "s LIKE '%e '", "bs LIKE 'A%'", "s LIKE 'z_e'", "s NOT LIKE '%i%'", "s LIKE 'a\\%%'",
            "t LIKE '%ex%'", "i BETWEEN 0 AND 10", "d NOT BETWEEN -1 AND 1", "i IN (0, 7, NULL)", "i NOT IN (0, 7)", "i NOT IN (0, NULL)",
            "s IN ('zoe', 'x')", "i IS NULL", "s IS NOT NULL", "(i > 0) IS TRUE", "i <=> NULL", "NOT i", "i AND d", "i OR NULL",
            "i XOR 1", "s = 12", "dt = '2024-02-29'", "dt < '2024-01-01'", "ts > '2024-01-01 00:00:00'", "dt = ts",
            "UPPER(s)", "LOWER(c)", "CONCAT(s, '-', i)", "CONCAT(s, NULL)", "CONCAT_WS('/', s, c, i)", "LENGTH(s)", "CHAR_LENGTH(s)",
            "LENGTH(t)", "SUBSTRING(s, 2)", "SUBSTRING(s, 2, 2)", "SUBSTRING(s, -2)", "LEFT(s, 2)", "RIGHT(s, 2)", "TRIM(s)", "RTRIM(s)",
            "LTRIM(CONCAT('  ', s))", "REPLACE(s, 'l', 'L')", "REVERSE(s)", "LPAD(c, 5, '*')", "RPAD(s, 8, '.')", "LOCATE('i', s)",
            "INSTR(s, 'c')", "YEAR(dt)", "MONTH(ts)", "DAY(dt)", "DATE(ts)", "DATEDIFF(dt, '2000-01-01')", "DATE_ADD(dt, INTERVAL 1 MONTH)",
            "DATE_SUB(dt, INTERVAL 1 DAY)", "DATE_ADD(ts, INTERVAL 90 MINUTE)", "dt + INTERVAL 1 YEAR", "LAST_DAY(dt)", "DAYOFWEEK(dt)",
            "DAYNAME(dt)", "MONTHNAME(dt)", "QUARTER(dt)", "DATE_FORMAT(ts, '%Y/%m/%d %H:%i')", "DATE_FORMAT(dt, '%W %e %M %y')",
            "TIMESTAMPDIFF(DAY, dt, ts)", "TIMESTAMPDIFF(MONTH, '2000-01-15', dt)", "HOUR(tm)", "MINUTE(ts)", "EXTRACT(YEAR FROM dt)",
            "CAST(d AS SIGNED)", "CAST(s AS SIGNED)", "CAST(i AS CHAR)", "CAST(d AS DECIMAL(10,1))", "CAST(ts AS DATE)", "CONVERT(i, CHAR)",
            "i + 0.5", "d * 1.5", "f + 1", "tm");
    private static final List<String> AGGREGATES = List.of("COUNT(i)", "COUNT(DISTINCT s)", "SUM(i)", "SUM(d)", "AVG(i)", "AVG(d)",
            "MIN(s)", "MAX(s)", "MIN(dt)", "MAX(ts)", "MIN(bs)", "GROUP_CONCAT(s ORDER BY id)", "GROUP_CONCAT(DISTINCT c ORDER BY c SEPARATOR '|')",
            "SUM(f)", "MAX(d) - MIN(d)", "COUNT(*)");

    @Test
    void scalarExpressionsAndAggregatesAgreeWithPlainMariaDb(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "exprs", POLICY);
        String plainDb = db.database + "_plain";
        try (Connection admin = db.backend(0); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + plainDb + " CHARACTER SET utf8mb4");
        }
        List<String> wrong = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int agreed = 0;
        try (Connection plain = DriverManager.getConnection(trio.jdbcUrls(plainDb).get(0), trio.user(), trio.password());
             Connection split = db.connect()) {
            for (Connection c : List.of(plain, split)) {
                try (Statement s = c.createStatement()) {
                    s.execute(DDL);
                    s.executeUpdate("INSERT INTO v VALUES " + String.join(", ", ROWS));
                }
            }
            List<String> queries = new ArrayList<>();
            for (String e : EXPRESSIONS) {
                queries.add("SELECT id, " + e + " FROM v ORDER BY id");
                queries.add("SELECT id FROM v WHERE " + e + " ORDER BY id");
            }
            for (String a : AGGREGATES) {
                queries.add("SELECT " + a + " FROM v");
            }
            queries.add("SELECT s, COUNT(*) FROM v GROUP BY s ORDER BY 1, 2");
            queries.add("SELECT id FROM v ORDER BY s, id");
            queries.add("SELECT id FROM v ORDER BY bs DESC, id");
            queries.add("SELECT id FROM v ORDER BY d * -1, id");
            queries.add("SELECT id FROM v ORDER BY dt, id");
            for (String q : queries) {
                QueryOutcome expected = QueryOutcome.of(plain, q);
                QueryOutcome actual = QueryOutcome.of(split, q);
                if (actual.error instanceof SQLFeatureNotSupportedException) {
                    refused.add(q + " -- " + actual.error.getMessage());
                } else if (expected.error != null || actual.error != null) {
                    if (expected.error != null && actual.error != null) {
                        agreed++;
                    } else {
                        wrong.add(q + "\n  plain:   " + (expected.error != null ? expected.error.getMessage() : expected.rows)
                                + "\n  splitdb: " + (actual.error != null ? actual.error.getSQLState() + " " + actual.error.getMessage() : actual.rows));
                    }
                } else if (!expected.rows.equals(actual.rows)) {
                    wrong.add(q + "\n  plain:   " + expected.rows + "\n  splitdb: " + actual.rows);
                } else {
                    agreed++;
                }
            }
            List<String> report = new ArrayList<>();
            report.add(queries.size() + " queries: " + agreed + " agree, " + refused.size() + " failed closed (0A000), " + wrong.size() + " wrong");
            report.addAll(wrong);
            report.addAll(refused);
            Files.write(Path.of(System.getProperty("splitdb.test.base", "target"), "expressions-differential.txt"), report, StandardCharsets.UTF_8);
            System.out.println(report.get(0));
            assertThat(wrong).as("expressions whose values differ from plain MariaDB").isEmpty();
            assertThat(refused.size()).as("refused").isLessThan(queries.size() / 20);
        }
    }
}
