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
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random queries (joins, predicates, aggregates, subqueries, UNION, ordering) over a
 * hospital schema whose names, SSNs, birth dates, weights, visit counts, notes, diagnoses and costs
 * are protected, run on a plain MariaDB database and through {@code jdbc:split:}; every answer
 * must match. Text has mixed case, accents, trailing spaces and NULLs, so collations and NULL
 * logic are exercised. CI runs a bounded number; a longer run:
 * {@code mvn verify -pl driver -am -Dit.test=GeneratedQueriesIT -Dsplitdb.generated.queries=20000 -Dsplitdb.generated.seed=7}.
 */
@ExtendWith(SplitBackendsExtension.class)
class GeneratedQueriesIT {
    private static final String POLICY = "tables:\n"
            + "  patients:\n"
            + "    name: { protect: shared, search: equality }\n"
            + "    ssn: { protect: shared, search: equality }\n"
            + "    born: { protect: shared }\n"
            + "    weight: { protect: encrypted }\n"
            + "    visits: { protect: shared }\n"
            + "    note: { protect: shared }\n"
            + "  visits:\n"
            + "    diagnosis: { protect: shared, search: equality }\n"
            + "    cost: { protect: shared }\n"
            + "    seen: { protect: shared }\n";
    private static final List<String> DDL = List.of(
            "CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(40), ssn CHAR(11) NOT NULL, ward VARCHAR(10), born DATE,"
                    + " weight DECIMAL(5,1), visits INT, note VARCHAR(50))",
            "CREATE TABLE visits (id INT PRIMARY KEY, patient_id INT NOT NULL, seen DATETIME, diagnosis VARCHAR(10),"
                    + " cost DECIMAL(8,2), score INT)");
    private static final String[] NAMES = {"alice", "Alice", "ALICE", "bob", "Bob ", "Zoë", "zoe", "Émile", "emile", "O'Brien",
        "李雷", "", "carol", "Dave", "dave  "};
    private static final String[] WARDS = {"north", "South", "east", "NORTH"};
    private static final String[] DIAGNOSES = {"J45", "j45", "E11", "I10", "E11.9"};

    @Test
    void randomQueriesAgreeWithPlainMariaDb(BackendTrio trio) throws Exception {
        long seed = Long.getLong("splitdb.generated.seed", 20261124L);
        int count = Integer.getInteger("splitdb.generated.queries", 400);
        Random random = new Random(seed);
        SplitFixture db = SplitFixture.create(trio, "gen", POLICY);
        String plainDb = db.database + "_plain";
        try (Connection admin = db.backend(0); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + plainDb + " CHARACTER SET utf8mb4");
        }
        List<String> wrong = new ArrayList<>();
        List<String> log = new ArrayList<>();
        int answered = 0;
        int refused = 0;
        try (Connection plain = DriverManager.getConnection(trio.jdbcUrls(plainDb).get(0), trio.user(), trio.password());
             Connection split = db.connect()) {
            for (String sql : data(random)) {
                for (Connection c : List.of(plain, split)) {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                }
            }
            Generator g = new Generator(random);
            for (int i = 0; i < count; i++) {
                Generator.Query q = g.next();
                QueryOutcome expected = QueryOutcome.of(plain, q.sql());
                QueryOutcome actual = QueryOutcome.of(split, q.sql());
                if (actual.error instanceof SQLFeatureNotSupportedException) {
                    refused++;
                    log.add("0A000 " + q.sql() + " -- " + actual.error.getMessage());
                } else if (expected.error != null || actual.error != null) {
                    if (expected.error != null && actual.error != null) {
                        answered++;
                    } else {
                        wrong.add(q.sql() + "\n  plain:   " + (expected.error != null ? expected.error.getMessage() : expected.rows)
                                + "\n  splitdb: " + (actual.error != null ? actual.error.getSQLState() + " " + actual.error.getMessage() : actual.rows));
                    }
                } else if (q.representatives() && collated(expected.sorted()).equals(collated(actual.sorted()))) {
                    answered++;
                } else if (!expected.sorted().equals(actual.sorted())
                        || (!q.orderKeys().isEmpty() && !expected.project(q.orderKeys()).equals(actual.project(q.orderKeys())))) {
                    wrong.add(q.sql() + "\n  plain:   " + expected.rows + "\n  splitdb: " + actual.rows);
                } else {
                    answered++;
                }
            }
        }
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "seed %d: %d queries, %d answered, %d failed closed (0A000), %d wrong",
                seed, count, answered, refused, wrong.size()));
        report.addAll(wrong);
        report.addAll(log);
        Files.write(Path.of(System.getProperty("splitdb.test.base", "target"), "generated-queries.txt"), report, StandardCharsets.UTF_8);
        System.out.println(report.get(0));
        assertThat(wrong).as("queries whose answers differ from plain MariaDB (seed %d)", seed).isEmpty();
        assertThat(answered * 100L).as("answered share").isGreaterThanOrEqualTo(95L * count);
    }

    @Test
    void randomUpdatesAndDeletesLeaveTheSameRows(BackendTrio trio) throws Exception {
        long seed = Long.getLong("splitdb.generated.seed", 20261124L);
        int count = Integer.getInteger("splitdb.generated.writes", 120);
        Random random = new Random(seed + 1);
        SplitFixture db = SplitFixture.create(trio, "genw", POLICY);
        String plainDb = db.database + "_plain";
        try (Connection admin = db.backend(0); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + plainDb + " CHARACTER SET utf8mb4");
        }
        String[] sets = {"p.visits = p.visits + 1", "p.name = CONCAT(p.name, '!')", "p.weight = p.weight * 1.1",
            "p.note = UPPER(p.note)", "p.ward = LEFT(p.name, 3)", "p.born = DATE_ADD(p.born, INTERVAL 1 DAY)",
            "p.visits = COALESCE(p.visits, 0) + CHAR_LENGTH(p.name)", "p.name = TRIM(p.name), p.note = p.name",
            "p.weight = NULL", "p.visits = (SELECT COUNT(*) FROM visits v WHERE v.patient_id = p.id)", "p.ssn = REVERSE(p.ssn)"};
        List<String> differences = new ArrayList<>();
        int changed = 0;
        try (Connection plain = DriverManager.getConnection(trio.jdbcUrls(plainDb).get(0), trio.user(), trio.password());
             Connection split = db.connect()) {
            for (String sql : data(random)) {
                for (Connection c : List.of(plain, split)) {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                }
            }
            for (int i = 0; i < count; i++) {
                String where = pick(random, Generator.P_PREDICATES);
                String sql = random.nextInt(6) == 0
                        ? "DELETE FROM patients WHERE id % 20 = " + random.nextInt(20) + " AND " + where.replace("p.", "")
                        : "UPDATE patients p SET " + pick(random, sets) + " WHERE " + where
                                + (random.nextInt(4) == 0 ? " AND " + pick(random, Generator.P_PREDICATES) : "");
                if (sql.startsWith("UPDATE") && random.nextInt(5) == 0) {
                    sql = sql.replace("UPDATE patients p SET ", "UPDATE patients SET ").replace("p.", "");
                    sql = sql.contains("SELECT") ? sql.replace("v.patient_id = id", "v.patient_id = patients.id") : sql;
                }
                int[] counts = new int[2];
                SQLException[] errors = new SQLException[2];
                List<Connection> both = List.of(plain, split);
                for (int k = 0; k < 2; k++) {
                    try (Statement s = both.get(k).createStatement()) {
                        counts[k] = s.executeUpdate(sql);
                    } catch (SQLException e) {
                        errors[k] = e;
                    }
                }
                if (errors[0] == null && counts[0] > 0) {
                    changed++;
                }
                if ((errors[0] == null) != (errors[1] == null) || counts[0] != counts[1]) {
                    differences.add(sql + "\n  plain: " + (errors[0] != null ? errors[0].getMessage() : counts[0] + " rows")
                            + "\n  split: " + (errors[1] != null ? errors[1].getSQLState() + " " + errors[1].getMessage() : counts[1] + " rows"));
                }
                String table = "SELECT * FROM patients ORDER BY id";
                if (!QueryOutcome.of(plain, table).rows.equals(QueryOutcome.of(split, table).rows)) {
                    differences.add("after " + sql + ": the tables differ\n  plain: " + QueryOutcome.of(plain, table).rows
                            + "\n  split: " + QueryOutcome.of(split, table).rows);
                    break;
                }
            }
        }
        assertThat(differences).as("writes that differ from plain MariaDB (seed %d)", seed).isEmpty();
        assertThat(changed).as("statements that changed rows").isGreaterThan(count / 4);
    }

    @Test
    void driverEvaluationIsBoundedInMemory(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "bound", POLICY, "  max-buffered-rows: 40\n");
        try (Connection split = db.connect(); Statement s = split.createStatement()) {
            for (String sql : data(new Random(5))) {
                s.execute(sql);
            }
            // 60 patients: reading them all for an expression the backends cannot compute passes the bound
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM patients WHERE UPPER(name) LIKE 'A%'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("max-buffered-rows")
                    .extracting("SQLState").isEqualTo("HY001");
            String before = sumOfVisits(s);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("UPDATE patients SET visits = visits + 1"))
                    .isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("HY001");
            assertThat(sumOfVisits(s)).as("nothing written by the refused UPDATE").isEqualTo(before).isNotNull();
            // 150 visits: the join reads only the visits of the patients already read (an IN list on the backends)
            long expected;
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM visits WHERE patient_id IN (3, 4)")) {
                rs.next();
                expected = rs.getLong(1);
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(v.id), MAX(CONCAT(p.name, v.diagnosis)) FROM patients p "
                    + "JOIN visits v ON v.patient_id = p.id WHERE p.id IN (3, 4)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(expected);
            }
            // narrowed on the backends first, the same kind of statement fits
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients WHERE id <= 30 AND UPPER(name) LIKE '%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isPositive().isLessThanOrEqualTo(30);
            }
        }
    }

    private static String sumOfVisits(Statement s) throws SQLException {
        try (java.sql.ResultSet rs = s.executeQuery("SELECT SUM(visits) FROM patients WHERE id <= 30")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Rows with each value as utf8mb4's accent- and case-insensitive, PAD SPACE collations compare it, re-sorted. */
    private static List<String> collated(List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String row : rows) {
            List<String> values = new ArrayList<>();
            for (String v : row.split("\\|", -1)) {
                String folded = java.text.Normalizer.normalize(v, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                values.add(folded.toLowerCase(Locale.ROOT).replaceAll(" +$", ""));
            }
            out.add(String.join("|", values));
        }
        out.sort(null);
        return out;
    }

    private static List<String> data(Random r) {
        List<String> sql = new ArrayList<>(DDL);
        StringBuilder p = new StringBuilder("INSERT INTO patients VALUES ");
        int patients = 60;
        for (int id = 1; id <= patients; id++) {
            p.append(id > 1 ? ", " : "").append('(').append(id).append(", ")
                    .append(r.nextInt(10) == 0 ? "NULL" : quote(pick(r, NAMES))).append(", ")
                    .append(quote(String.format(Locale.ROOT, "%03d-%02d-%04d", r.nextInt(900), r.nextInt(100), id))).append(", ")
                    .append(r.nextInt(8) == 0 ? "NULL" : quote(pick(r, WARDS))).append(", ")
                    .append(r.nextInt(8) == 0 ? "NULL" : quote(LocalDate.of(1930, 1, 1).plusDays(r.nextInt(33000)).toString())).append(", ")
                    .append(r.nextInt(8) == 0 ? "NULL" : (20 + r.nextInt(1300)) / 10 + "." + r.nextInt(10)).append(", ")
                    .append(r.nextInt(8) == 0 ? "NULL" : String.valueOf(r.nextInt(25))).append(", ")
                    .append(r.nextInt(2) == 0 ? "NULL" : quote("note " + r.nextInt(5))).append(')');
        }
        sql.add(p.toString());
        StringBuilder v = new StringBuilder("INSERT INTO visits VALUES ");
        for (int id = 1; id <= 150; id++) {
            v.append(id > 1 ? ", " : "").append('(').append(id).append(", ").append(1 + r.nextInt(patients + 5)).append(", ")
                    .append(r.nextInt(10) == 0 ? "NULL" : quote("2023-" + (1 + r.nextInt(12)) + "-" + (1 + r.nextInt(28)) + " "
                            + r.nextInt(24) + ":" + r.nextInt(60) + ":00")).append(", ")
                    .append(r.nextInt(8) == 0 ? "NULL" : quote(pick(r, DIAGNOSES))).append(", ")
                    .append(r.nextInt(8) == 0 ? "NULL" : r.nextInt(50000) / 100.0).append(", ")
                    .append(r.nextInt(5) == 0 ? "NULL" : String.valueOf(r.nextInt(100))).append(')');
        }
        sql.add(v.toString());
        return sql;
    }

    static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Random SELECTs over the two tables. */
    static final class Generator {
        /**
         * @param representatives true if MySQL may return any one of several values its collation
         *                        calls equal (GROUP BY, DISTINCT, UNION over text): compare those
         *                        values by collation, not as written
         */
        record Query(String sql, List<Integer> orderKeys, boolean representatives) {
            Query(String sql, List<Integer> orderKeys) {
                this(sql, orderKeys, false);
            }
        }

        private static final String[] P_VALUES = {"p.id", "p.name", "p.ssn", "p.ward", "p.born", "p.weight", "p.visits", "p.note",
            "UPPER(p.name)", "LOWER(p.ward)", "CONCAT(p.name, '/', p.ward)", "COALESCE(p.note, 'none')", "p.visits + 1",
            "p.weight * 2", "p.visits / 3", "YEAR(p.born)", "DATEDIFF('2024-01-01', p.born)",
            "CASE WHEN p.visits > 5 THEN 'many' WHEN p.visits IS NULL THEN 'unknown' ELSE 'few' END", "CHAR_LENGTH(p.name)",
            "SUBSTRING(p.ssn, 1, 3)", "ABS(p.visits - 10)", "IFNULL(p.weight, 0)", "TRIM(p.name)", "LEFT(p.name, 2)",
            "p.weight + p.visits", "p.visits DIV 4", "p.visits % 7", "DATE_ADD(p.born, INTERVAL 1 MONTH)", "p.name = 'alice'",
            "NULLIF(p.visits, 3)", "IF(p.weight > 80, p.name, p.ward)", "ROUND(p.weight)", "LENGTH(p.name)"};
        private static final String[] V_VALUES = {"v.id", "v.patient_id", "v.seen", "v.diagnosis", "v.cost", "v.score",
            "v.cost * 1.5", "DATE(v.seen)", "MONTH(v.seen)", "LOWER(v.diagnosis)", "v.cost - v.score"};
        static final String[] P_PREDICATES = {"p.name = 'alice'", "p.name <> 'bob'", "p.name LIKE 'a%'", "p.name LIKE '%e'",
            "p.name LIKE '_o%'", "p.ward = 'north'", "p.born < '1970-01-01'", "p.born BETWEEN '1950-01-01' AND '1990-12-31'",
            "p.weight > 70.5", "p.weight <= 40", "p.visits IN (1, 2, 3, 10)", "p.note IS NULL", "p.note IS NOT NULL",
            "p.name IN ('alice', 'Zoë', 'emile')", "UPPER(p.name) = 'ALICE'", "p.visits + 1 > 5", "p.name = 'zoe'",
            "p.name = 'Bob'", "p.ssn LIKE '1%'", "p.visits NOT IN (0, 5)", "p.id < 30", "p.name IS NULL", "p.ward <> 'east'",
            "p.born >= '2000-01-01'", "p.weight BETWEEN 50 AND 90.5", "CHAR_LENGTH(p.name) > 3", "p.name > 'c'",
            "COALESCE(p.visits, 0) = 0", "p.name = ''"};
        private static final String[] V_PREDICATES = {"v.diagnosis = 'J45'", "v.cost > 100", "v.seen >= '2023-06-01'",
            "v.diagnosis LIKE 'E%'", "v.cost IS NULL", "v.score > 50", "v.diagnosis IN ('I10', 'e11')", "v.cost BETWEEN 10 AND 200"};
        private static final String[] NUMERIC = {"p.visits", "p.weight", "p.id", "YEAR(p.born)"};
        private static final String[] GROUPS = {"p.ward", "p.name", "p.visits", "YEAR(p.born) DIV 10", "p.note"};

        private final Random r;

        Generator(Random r) {
            this.r = r;
        }

        Query next() {
            switch (r.nextInt(8)) {
                case 0: case 1: return single();
                case 2: return join();
                case 3: return aggregate();
                case 4: return subquery();
                case 5: return distinct();
                case 6: return union();
                default: return joinAggregate();
            }
        }

        private String where(String[] predicates, int max) {
            int n = r.nextInt(max + 1);
            if (n == 0) {
                return "";
            }
            StringBuilder sb = new StringBuilder(" WHERE ");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(r.nextBoolean() ? " AND " : " OR ");
                }
                String p = pick(r, predicates);
                sb.append(r.nextInt(6) == 0 ? "NOT (" + p + ")" : p);
            }
            return sb.toString();
        }

        private List<String> items(String[] values, int max) {
            List<String> items = new ArrayList<>();
            int n = 1 + r.nextInt(max);
            for (int i = 0; i < n; i++) {
                items.add(pick(r, values));
            }
            return items;
        }

        private Query single() {
            List<String> items = new ArrayList<>();
            items.add("p.id");
            items.addAll(items(P_VALUES, 4));
            String sql = "SELECT " + String.join(", ", items) + " FROM patients p" + where(P_PREDICATES, 3);
            if (r.nextBoolean()) {
                boolean desc = r.nextBoolean();
                sql += " ORDER BY 1" + (desc ? " DESC" : "");
                if (r.nextBoolean()) {
                    sql += " LIMIT " + r.nextInt(20) + (r.nextBoolean() ? " OFFSET " + r.nextInt(10) : "");
                }
                return new Query(sql, List.of(0));
            }
            return new Query(sql, List.of());
        }

        private Query join() {
            List<String> items = new ArrayList<>(List.of("p.id", "v.id"));
            items.addAll(items(P_VALUES, 2));
            items.addAll(items(V_VALUES, 2));
            String kind = r.nextBoolean() ? " JOIN " : " LEFT JOIN ";
            String sql = "SELECT " + String.join(", ", items) + " FROM patients p" + kind + "visits v ON v.patient_id = p.id"
                    + (r.nextBoolean() ? " AND " + pick(r, V_PREDICATES) : "");
            String w = where(P_PREDICATES, 2);
            if (r.nextBoolean()) {
                w = w.isEmpty() ? " WHERE " + pick(r, V_PREDICATES) : w + " AND " + pick(r, V_PREDICATES);
            }
            sql += w;
            if (r.nextBoolean()) {
                sql += " ORDER BY 1, 2 DESC";
                return new Query(sql, List.of(0, 1));
            }
            return new Query(sql, List.of());
        }

        private Query aggregate() {
            String group = pick(r, GROUPS);
            String num = pick(r, NUMERIC);
            String fn = pick(r, new String[] {"COUNT(*)", "COUNT(" + num + ")", "SUM(" + num + ")", "AVG(" + num + ")", "MIN(" + num + ")",
                "MAX(" + num + ")", "COUNT(DISTINCT " + num + ")", "MIN(p.name)", "MAX(p.born)", "SUM(p.visits * 2)",
                "GROUP_CONCAT(p.visits ORDER BY p.id SEPARATOR ';')", "GROUP_CONCAT(DISTINCT YEAR(p.born) ORDER BY 1 DESC)"});
            String sql = "SELECT " + group + ", " + fn + ", COUNT(*) FROM patients p" + where(P_PREDICATES, 2) + " GROUP BY " + group;
            if (r.nextBoolean()) {
                sql += " HAVING COUNT(*) > " + r.nextInt(3);
            }
            if (r.nextInt(3) == 0) {
                return new Query("SELECT " + fn + ", COUNT(*) FROM patients p" + where(P_PREDICATES, 2), List.of(), true);
            }
            return new Query(sql, List.of(), true);
        }

        private Query joinAggregate() {
            String group = pick(r, new String[] {"p.ward", "v.diagnosis", "p.name", "MONTH(v.seen)"});
            String fn = pick(r, new String[] {"COUNT(*)", "SUM(v.cost)", "AVG(v.cost)", "MAX(v.cost)", "COUNT(v.id)", "MIN(v.seen)"});
            String sql = "SELECT " + group + ", " + fn + " FROM patients p JOIN visits v ON v.patient_id = p.id"
                    + where(V_PREDICATES, 2) + " GROUP BY " + group;
            if (r.nextBoolean()) {
                sql += " ORDER BY 2 DESC, 1";
            }
            return new Query(sql, List.of(), true);
        }

        private Query subquery() {
            switch (r.nextInt(4)) {
                case 0:
                    return new Query("SELECT p.id, p.name FROM patients p WHERE p.id " + (r.nextBoolean() ? "IN" : "NOT IN")
                            + " (SELECT v.patient_id FROM visits v" + where(V_PREDICATES, 2) + ")" + (r.nextBoolean() ? " AND " + pick(r, P_PREDICATES) : ""),
                            List.of());
                case 1:
                    return new Query("SELECT p.id, p.ssn FROM patients p WHERE " + (r.nextBoolean() ? "" : "NOT ")
                            + "EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = p.id AND " + pick(r, V_PREDICATES) + ")", List.of());
                case 2:
                    return new Query("SELECT p.id, (SELECT COUNT(*) FROM visits v WHERE v.patient_id = p.id), "
                            + "(SELECT MAX(v.cost) FROM visits v WHERE v.patient_id = p.id) FROM patients p" + where(P_PREDICATES, 1), List.of());
                default:
                    return new Query("SELECT p.id, p.weight FROM patients p WHERE p.weight > (SELECT AVG(q.weight) FROM patients q"
                            + " WHERE q.ward = p.ward)", List.of());
            }
        }

        private Query distinct() {
            String col = pick(r, new String[] {"p.name", "p.ward", "p.visits", "UPPER(p.name)", "p.note", "YEAR(p.born)"});
            return new Query("SELECT DISTINCT " + col + " FROM patients p" + where(P_PREDICATES, 2), List.of(), true);
        }

        private Query union() {
            String col = pick(r, new String[] {"p.name", "p.ward", "p.visits", "p.note"});
            return new Query("SELECT " + col + " FROM patients p" + where(P_PREDICATES, 1) + (r.nextBoolean() ? " UNION ALL " : " UNION ")
                    + "SELECT " + col + " FROM patients p" + where(P_PREDICATES, 1), List.of(), true);
        }
    }
}
