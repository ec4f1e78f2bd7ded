package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The correctness oracle: every statement of a sqllogictest file runs on a plain MariaDB database
 * and through {@code jdbc:split:} with protected columns; results must be equal whenever splitdb
 * answers. Statements splitdb cannot answer must fail closed (SQLState 0A000). Counts go to
 * {@code target/sqllogictest-*.txt}.
 */
@ExtendWith(SplitBackendsExtension.class)
class SqlLogicDifferentialIT {

    record Result(int queries, int answered, int failedClosed, int otherErrors, List<String> wrong) {
    }

    @Test
    void select1UnderThreePolicies(BackendTrio trio) throws Exception {
        Path corpus = locate("shared/corpus/sqllogictest/select1.test");
        assumeTrue(corpus != null, "shared/corpus/sqllogictest/select1.test not found beside the repository");
        List<Record> records = Record.parse(Files.readAllLines(corpus, StandardCharsets.UTF_8));
        Result nothingProtected = run(trio, records, "plain", "    a: { protect: plain }\n");
        Result someProtected = run(trio, records, "b_d", "    b: { protect: shared, search: equality }\n    d: { protect: shared }\n");
        Result allProtected = run(trio, records, "all", "    a: { protect: shared, search: equality }\n    b: { protect: shared }\n"
                + "    c: { protect: shared, search: equality, bits: 8 }\n    d: { protect: shared }\n    e: { protect: encrypted }\n");
        assertThat(nothingProtected.wrong()).as("wrong answers with no column protected").isEmpty();
        assertThat(nothingProtected.answered()).as("a table without protected columns answers everything")
                .isEqualTo(nothingProtected.queries());
        assertThat(someProtected.wrong()).as("wrong answers with b, d protected").isEmpty();
        assertThat(allProtected.wrong()).as("wrong answers with every column protected").isEmpty();
        for (Result r : List.of(someProtected, allProtected)) {
            assertThat(r.otherErrors()).as("errors other than a clear 0A000 refusal").isZero();
            assertThat(r.answered() * 100L).as("at least 99%% of the queries answered (%d of %d)", r.answered(), r.queries())
                    .isGreaterThanOrEqualTo(99L * r.queries());
        }
    }

    /**
     * More sqllogictest files, on demand: {@code -Dsplitdb.sqllogictest.files=a.test,b.test}. Each
     * runs under two policies derived from its CREATE TABLE statements: every other column of every
     * table protected, and every column (keys stay plain: they cannot be protected).
     */
    @Test
    void moreFilesOnDemand(BackendTrio trio) throws Exception {
        String files = System.getProperty("splitdb.sqllogictest.files", "");
        assumeTrue(!files.isBlank(), "no -Dsplitdb.sqllogictest.files given");
        List<String> failures = new ArrayList<>();
        for (String file : files.split(",")) {
            Path path = Path.of(file.trim());
            List<Record> records = Record.parse(Files.readAllLines(path, StandardCharsets.UTF_8));
            String stem = path.getFileName().toString().replaceAll("\\W", "_");
            for (boolean all : new boolean[] {false, true}) {
                Result r = run(trio, records, stem + (all ? "_all" : "_half"), policy(records, all), true);
                if (!r.wrong().isEmpty() || r.otherErrors() > 0 || r.answered() * 100L < 99L * r.queries()) {
                    failures.add(stem + (all ? " all" : " half") + ": " + r.answered() + "/" + r.queries() + " answered, "
                            + r.wrong().size() + " wrong, " + r.otherErrors() + " other errors");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** A policy protecting every other column (or every column) of each table the file creates. */
    static String policy(List<Record> records, boolean all) {
        java.util.regex.Pattern create = java.util.regex.Pattern.compile("(?is)\\s*CREATE\\s+TABLE\\s+(\\w+)\\s*\\((.*)\\)\\s*");
        StringBuilder yaml = new StringBuilder("tables:\n");
        for (Record r : records) {
            java.util.regex.Matcher m = create.matcher(r.sql);
            if (r.query || !m.matches()) {
                continue;
            }
            yaml.append("  ").append(m.group(1)).append(":\n");
            int k = 0;
            boolean any = false;
            for (String def : m.group(2).split(",(?![^(]*\\))")) {
                String[] words = def.trim().split("\\s+");
                String upper = def.toUpperCase(Locale.ROOT);
                if (words.length < 2 || upper.startsWith("PRIMARY") || upper.startsWith("UNIQUE") || upper.startsWith("KEY")
                        || upper.contains("PRIMARY KEY") || upper.contains("UNIQUE")) {
                    continue;
                }
                if (all || k++ % 2 == 0) {
                    yaml.append("    ").append(words[0]).append(": { protect: shared").append(k % 3 == 0 ? "" : ", search: equality")
                            .append(" }\n");
                    any = true;
                }
            }
            if (!any) {
                yaml.setLength(yaml.length() - m.group(1).length() - 4);
            }
        }
        return yaml.toString();
    }

    private static Result run(BackendTrio trio, List<Record> records, String name, String columns) throws Exception {
        return run(trio, records, name, "tables:\n  t1:\n" + columns, false);
    }

    /**
     * @param lenient a statement that fails closed through splitdb but runs on MariaDB (an index
     *                on a protected column, say) is counted and skipped rather than failing the run
     */
    private static Result run(BackendTrio trio, List<Record> records, String name, String policy, boolean lenient) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "slt_" + name, policy);
        String plainDb = db.database + "_plain";
        try (Connection admin = db.backend(0); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + plainDb);
            s.execute("CREATE DATABASE " + plainDb + " CHARACTER SET utf8mb4");
        }
        int queries = 0;
        int answered = 0;
        int failedClosed = 0;
        int otherErrors = 0;
        List<String> wrong = new ArrayList<>();
        List<String> log = new ArrayList<>();
        try (Connection plain = java.sql.DriverManager.getConnection(trio.jdbcUrls(plainDb).get(0), trio.user(), trio.password());
             Connection split = db.connect()) {
            for (Record r : records) {
                if (!r.appliesToMysql()) {
                    continue;
                }
                Outcome expected = Outcome.of(plain, r);
                Outcome actual = Outcome.of(split, r);
                if (!r.query) {
                    if (lenient && actual.error instanceof SQLFeatureNotSupportedException && expected.error == null) {
                        log.add("SKIPPED STATEMENT " + r.sql + " -- " + actual.error.getMessage());
                        continue;
                    }
                    assertThat(actual.error == null).as("statement through splitdb: %s (%s)", r.sql, actual.error).isEqualTo(expected.error == null);
                    continue;
                }
                queries++;
                if (actual.error instanceof SQLFeatureNotSupportedException) {
                    failedClosed++;
                    log.add("0A000 " + r.sql + " -- " + actual.error.getMessage());
                } else if (actual.error != null) {
                    if (expected.error != null) {
                        answered++;  // both refuse it: the same answer
                    } else {
                        otherErrors++;
                        log.add("ERROR " + r.sql + " -- " + actual.error.getSQLState() + " " + actual.error.getMessage());
                    }
                } else if (expected.error != null) {
                    wrong.add(r.sql + "\n  plain MariaDB failed: " + expected.error.getMessage() + "\n  splitdb answered: " + actual.rows);
                } else if (!expected.comparable(r).equals(actual.comparable(r))) {
                    List<String> onlyPlain = new ArrayList<>(expected.comparable(r));
                    actual.comparable(r).forEach(onlyPlain::remove);
                    List<String> onlySplit = new ArrayList<>(actual.comparable(r));
                    expected.comparable(r).forEach(onlySplit::remove);
                    wrong.add(r.sql + "\n  only from plain:   " + onlyPlain + "\n  only from splitdb: " + onlySplit
                            + "\n  plain:   " + expected.rows + "\n  splitdb: " + actual.rows);
                } else {
                    answered++;
                }
            }
        }
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "policy %s: %d queries, %d answered (%.1f%%), %d failed closed (0A000), %d other errors, %d wrong",
                name, queries, answered, 100.0 * answered / Math.max(1, queries), failedClosed, otherErrors, wrong.size()));
        report.addAll(wrong);
        report.addAll(log);
        Path out = Path.of(System.getProperty("splitdb.test.base", "target"), "sqllogictest-" + name + ".txt");
        Files.write(out, report, StandardCharsets.UTF_8);
        System.out.println(report.get(0));
        return new Result(queries, answered, failedClosed, otherErrors, wrong);
    }

    private static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            Path sibling = dir.resolveSibling(relative);
            if (Files.isRegularFile(sibling)) {
                return sibling;
            }
        }
        return null;
    }

    /** One record of a sqllogictest file. */
    record Record(boolean query, String sortMode, String sql, List<String> conditions) {

        boolean appliesToMysql() {
            for (String c : conditions) {
                String[] w = c.trim().split("\\s+");
                if (w.length >= 2 && w[0].equals("onlyif") && !w[1].equals("mysql")) {
                    return false;
                }
                if (w.length >= 2 && w[0].equals("skipif") && w[1].equals("mysql")) {
                    return false;
                }
            }
            return true;
        }

        static List<Record> parse(List<String> lines) {
            List<Record> records = new ArrayList<>();
            List<String> conditions = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("onlyif") || line.startsWith("skipif")) {
                    conditions.add(line);
                    continue;
                }
                if (line.startsWith("statement") || line.startsWith("query")) {
                    boolean query = line.startsWith("query");
                    String[] words = line.split("\\s+");
                    String sort = query && words.length > 2 ? words[2] : "nosort";
                    StringBuilder sql = new StringBuilder();
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).equals("----")) {
                        sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(j));
                        j++;
                    }
                    while (j < lines.size() && !lines.get(j).isBlank()) {
                        j++;
                    }
                    records.add(new Record(query, sort, sql.toString(), List.copyOf(conditions)));
                    conditions.clear();
                    i = j;
                } else if (line.isBlank()) {
                    conditions.clear();
                }
            }
            return records;
        }
    }

    /** What one engine did with a record. */
    static final class Outcome {
        final List<List<String>> rows;
        final SQLException error;

        private Outcome(QueryOutcome o) {
            this.rows = o.rows;
            this.error = o.error;
        }

        static Outcome of(Connection c, Record r) {
            return new Outcome(QueryOutcome.of(c, r.sql));
        }

        /** Rows in the order the query fixes: as read under ORDER BY, sorted otherwise. */
        List<String> comparable(Record r) {
            List<String> flat = new ArrayList<>();
            rows.forEach(row -> flat.add(String.join("|", row)));
            boolean ordered = r.sql.toUpperCase(Locale.ROOT).contains("ORDER BY");
            if (!ordered || r.sortMode.equals("rowsort")) {
                flat.sort(null);
            }
            if (r.sortMode.equals("valuesort")) {
                List<String> values = new ArrayList<>();
                rows.forEach(values::addAll);
                values.sort(null);
                return values;
            }
            return flat;
        }
    }
}
