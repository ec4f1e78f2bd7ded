package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes on tables with protected columns (issue 3): JDBC batches, multi-row INSERT, REPLACE,
 * INSERT ... ON DUPLICATE KEY UPDATE, INSERT ... SELECT and SELECT ... FOR UPDATE. Differential:
 * every statement also runs on a plain MariaDB database through plain Connector/J, and the update
 * counts, generated keys, errors and final table contents must be the same.
 */
@ExtendWith(SplitBackendsExtension.class)
class WritesIT {
    private static final String PEOPLE = "CREATE TABLE %s (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(60) NOT NULL, "
            + "name VARCHAR(60), ssn CHAR(11), visits INT NOT NULL DEFAULT 0, note TEXT, born DATE, UNIQUE KEY %<s_email (email))";
    private static final String PEOPLE_POLICY = """
              %s:
                name: { protect: shared, search: equality }
                ssn:  { protect: shared, search: equality, bits: 16 }
                note: { protect: encrypted }
                born: { protect: shared }
            """;
    private static final String ARCHIVE = "CREATE TABLE %s (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(60), note TEXT, "
            + "copied_visits INT)";
    private static final String ARCHIVE_POLICY = """
              %s:
                name: { protect: shared, search: equality }
                note: { protect: encrypted }
            """;
    private static final String BULK = "CREATE TABLE %s (id INT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL, payload VARCHAR(1000), "
            + "amount DECIMAL(10,2))";
    private static final String BULK_POLICY = """
              %s:
                payload: { protect: shared, search: equality }
                amount:  { protect: shared }
            """;
    private static final List<String> PEOPLE_TABLES = List.of("p_batch", "p_fail", "p_stmt", "p_replace", "p_odku", "p_sel", "p_lock",
            "p_twice");
    private static final List<String> BULK_TABLES = List.of("bulk_multi", "bulk_fast", "bulk_slow");

    private static final List<String> TYPED_COLUMNS = List.of("ts", "tm", "dt", "b", "d", "bin", "y", "f", "e", "j");
    private static final String TYPED = "CREATE TABLE %s (id INT PRIMARY KEY, ts TIMESTAMP(3) NULL, tm TIME(2), dt DATETIME(3), "
            + "b BIT(5), d DECIMAL(8,3), bin VARBINARY(10), y YEAR, f FLOAT, e ENUM('x','y'), j JSON)";

    static SplitFixture db;
    static String plainDatabase;
    static Connection plain;
    static Connection split;
    /** INSERT statements backend 0 ran for the last statement {@link #same} sent through splitdb. */
    static long splitInserts;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        StringBuilder policy = new StringBuilder("tables:\n");
        PEOPLE_TABLES.forEach(t -> policy.append(PEOPLE_POLICY.formatted(t)));
        BULK_TABLES.forEach(t -> policy.append(BULK_POLICY.formatted(t)));
        policy.append(ARCHIVE_POLICY.formatted("a_sel"));
        for (String t : List.of("t_src", "t_prot")) {
            policy.append("  ").append(t).append(":\n");
            for (String c : TYPED_COLUMNS) {
                policy.append("    ").append(c).append(": { protect: shared }\n");
            }
        }
        db = SplitFixture.create(trio, "writes", policy.toString());
        plainDatabase = db.database + "_plain";
        trio.createDatabase(plainDatabase);
        plain = DriverManager.getConnection(trio.jdbcUrls(plainDatabase).get(0), trio.user(), trio.password());
        split = db.connect();
        List<String> ddl = new ArrayList<>();
        PEOPLE_TABLES.forEach(t -> ddl.add(PEOPLE.formatted(t)));
        BULK_TABLES.forEach(t -> ddl.add(BULK.formatted(t)));
        ddl.add(ARCHIVE.formatted("a_sel"));
        ddl.add("CREATE TABLE n_sel (id INT PRIMARY KEY, name VARCHAR(60), born DATE)");
        ddl.add("CREATE TABLE pl_batch (id INT PRIMARY KEY, email VARCHAR(40) NOT NULL UNIQUE, visits INT)");
        for (String t : List.of("t_src", "t_prot", "t_plain")) {
            ddl.add(TYPED.formatted(t));
        }
        ddl.add("CREATE TABLE counters (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE, n INT NOT NULL)");
        for (String sql : ddl) {
            both(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                return "";
            });
        }
        for (String t : List.of("p_stmt", "p_replace", "p_odku", "p_sel", "p_lock")) {
            both(c -> update(c, "INSERT INTO " + t + " (email, name, ssn, visits, note, born) VALUES "
                    + "('a@x', 'Ann', '111-11-1111', 0, 'first note', '1990-01-01'), "
                    + "('b@x', 'Bob', '222-22-2222', 3, NULL, '1985-05-05'), "
                    + "('c@x', 'Chloé', NULL, 7, 'third', NULL)"));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        plain.close();
        split.close();
        db.trio.dropDatabase(plainDatabase);
    }

    // ------------------------------------------------------------------ batches

    @Test
    void preparedBatchIsOneMultiRowInsertPerBackendWithEveryKey() throws Exception {
        String keysAndCounts = same("p_batch", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO p_batch (email, name, ssn, visits, note, born) VALUES (?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < 200; i++) {
                    ps.setString(1, "u" + i + "@x");
                    ps.setString(2, i % 3 == 0 ? null : "Name " + i);
                    ps.setString(3, String.format("%03d-00-%04d", i, i));
                    ps.setInt(4, i);
                    ps.setString(5, "note ".repeat(i % 7));
                    ps.setDate(6, i % 5 == 0 ? null : java.sql.Date.valueOf("2000-01-01"));
                    ps.addBatch();
                }
                return Arrays.toString(ps.executeBatch()) + " keys " + keys(ps);
            }
        });
        assertThat(keysAndCounts).startsWith("[1, 1, 1").contains("keys [1, 2, 3");
        // 200 rows reached backend 0 as a handful of statements, not 200
        assertThat(splitInserts).isLessThan(5);
        try (PreparedStatement ps = split.prepareStatement("SELECT id FROM p_batch WHERE name = ? AND ssn = ?")) {
            ps.setString(1, "name 17");
            ps.setString(2, "017-00-0017");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(18);
            }
        }
    }

    @Test
    void failedBatchContinuesAndReportsEveryCountLikeConnectorJ() throws Exception {
        String outcome = sameRows("p_fail", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO p_fail (email, name, visits) VALUES (?, ?, ?)")) {
                String[] emails = {"a@x", "b@x", "a@x", "c@x", null, "d@x"};
                for (int i = 0; i < emails.length; i++) {
                    ps.setString(1, emails[i]);
                    ps.setString(2, "N" + i);
                    ps.setInt(3, i);
                    ps.addBatch();
                }
                return Arrays.toString(ps.executeBatch());
            }
        });
        assertThat(outcome).isEqualTo("batch [1, 1, -3, 1, -3, 1] 23000");
        // cleared after execution: an empty batch does nothing
        sameRows("p_fail", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO p_fail (email) VALUES (?)")) {
                ps.setString(1, "z@x");
                ps.addBatch();
                ps.clearBatch();
                return Arrays.toString(ps.executeBatch());
            }
        });
    }

    @Test
    void batchesOnAPlainTableRunAsOneWriteAndReportFailuresLikeConnectorJ() throws Exception {
        String inserted = sameRows("pl_batch", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pl_batch (id, email, visits) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 200; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "p" + i + "@x");
                    ps.setInt(3, i % 7);
                    ps.addBatch();
                }
                return Arrays.toString(Arrays.stream(ps.executeBatch()).distinct().toArray());
            }
        });
        assertThat(inserted).isEqualTo("[1]");
        String updated = sameRows("pl_batch", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pl_batch SET visits = visits + 10 WHERE visits = ?")) {
                for (int v = 0; v < 7; v++) {
                    ps.setInt(1, v);
                    ps.addBatch();
                }
                return Arrays.toString(ps.executeBatch());
            }
        });
        assertThat(updated).isEqualTo("[28, 29, 29, 29, 29, 28, 28]");
        // a duplicate and a NULL: the merged write is undone and each statement reports its own outcome
        String failed = sameRows("pl_batch", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pl_batch (id, email, visits) VALUES (?, ?, 1)")) {
                Object[][] rows = {{301, "a@y"}, {302, "p5@x"}, {303, "b@y"}, {304, null}, {305, "c@y"}};
                for (Object[] r : rows) {
                    ps.setInt(1, (Integer) r[0]);
                    ps.setString(2, (String) r[1]);
                    ps.addBatch();
                }
                return Arrays.toString(ps.executeBatch());
            }
        });
        assertThat(failed).isEqualTo("batch [1, -3, 1, -3, 1] 23000");
        for (int b = 0; b < 3; b++) {
            try (Connection direct = db.backend(b); Statement st = direct.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(visits) FROM pl_batch")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1) + " " + rs.getLong(2)).as("backend %d holds the same plain rows", b).isEqualTo("203 2601");
            }
        }
    }

    @Test
    void statementBatchMixesStatementsAndMergesRunsOfOneShape() throws Exception {
        String outcome = sameRows("p_stmt", c -> {
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    s.addBatch("INSERT INTO p_stmt (email, name, note) VALUES ('s" + i + "@x', 'Stmt " + i + "', 'n" + i + "')");
                }
                s.addBatch("UPDATE p_stmt SET note = 'changed' WHERE name = 'Stmt 2'");
                s.addBatch("DELETE FROM p_stmt WHERE name = 'Stmt 3'");
                s.addBatch("INSERT INTO p_stmt (email, name) VALUES ('a@x', 'dup')");
                s.addBatch("INSERT INTO p_stmt (email, name) VALUES ('s9@x', 'after')");
                s.addBatch("UPDATE p_stmt SET visits = visits + 1");
                return Arrays.toString(s.executeBatch());
            }
        });
        assertThat(outcome).isEqualTo("batch [1, 1, 1, 1, 1, 1, 1, -3, 1, 8] 23000");
    }

    @Test
    void multiRowInsertIsChunkedAndMatchesPlain() throws Exception {
        StringBuilder sql = new StringBuilder("INSERT INTO bulk_multi (k, payload, amount) VALUES ");
        for (int i = 0; i < 1000; i++) {
            sql.append(i == 0 ? "" : ", ").append("(").append(i).append(", '").append(("row " + i + " ").repeat(150), 0, 900)
                    .append("', ").append(i).append(".5)");
        }
        assertThat(same("bulk_multi", c -> update(c, sql.toString()))).isEqualTo("1000");
        // about 1 MB of shares per statement: a few statements, each well under max_allowed_packet
        assertThat(splitInserts).isBetween(2L, 10L);
    }

    // ------------------------------------------------------------------ REPLACE

    @Test
    void replaceDeletesWhatCollidesOnAnyUniqueKey() throws Exception {
        List<String> outcomes = new ArrayList<>();
        outcomes.add(same("p_replace", c -> update(c, "REPLACE INTO p_replace (id, email, name, ssn) VALUES (1, 'a@x', 'Ann 2', '999-99-9999')")));
        outcomes.add(same("p_replace", c -> updateWithFirstKey(c, "REPLACE INTO p_replace (email, name) VALUES ('new@x', 'New')")));
        outcomes.add(same("p_replace", c -> update(c, "REPLACE INTO p_replace (id, email, name) VALUES (2, 'new@x', 'Both')")));
        outcomes.add(same("p_replace", c -> update(c, "REPLACE INTO p_replace SET email = 'set@x', name = 'Set', visits = 4")));
        outcomes.add(same("p_replace", c -> updateWithFirstKey(c, "REPLACE INTO p_replace (email, name, note) VALUES ('set@x', 'Set 2', 'n')")));
        // Connector/J reports one key per affected row (6 and 7 here); splitdb the key it generated
        try (Statement s = split.createStatement()) {
            s.executeUpdate("REPLACE INTO p_replace (email, name) VALUES ('set@x', 'Set 3')", Statement.RETURN_GENERATED_KEYS);
            assertThat(keys(s)).containsExactly(7L);
        }
        same("p_replace", c -> update(c, "DELETE FROM p_replace WHERE id = 7 OR id = 6"));
        outcomes.add(same("p_replace", c -> {
            try (PreparedStatement ps = c.prepareStatement("REPLACE INTO p_replace (id, email, name, born) VALUES (?, ?, ?, ?), (?, ?, ?, ?)")) {
                Object[] values = {3, "c@x", "Chloé 2", "2001-02-03", 50, "fifty@x", null, null};
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                return String.valueOf(ps.executeUpdate());
            }
        }));
        assertThat(outcomes).containsExactly("2", "1 key 4", "3", "1", "2 key 6", "3");
        assertThat(count("p_replace WHERE name = 'ANN 2'")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ ON DUPLICATE KEY UPDATE

    @Test
    void onDuplicateKeyUpdateCountsAndValuesMatchPlain() throws Exception {
        List<String> outcomes = new ArrayList<>();
        String upsert = "INSERT INTO p_odku (email, name, visits) VALUES ('%s', '%s', 1) ON DUPLICATE KEY UPDATE visits = visits + 1";
        outcomes.add(same("p_odku", c -> updateWithKeys(c, upsert.formatted("d@x", "Dee"))));
        outcomes.add(same("p_odku", c -> updateWithKeys(c, upsert.formatted("a@x", "ignored"))));
        String values = "INSERT INTO p_odku (email, name) VALUES ('a@x', '%s') ON DUPLICATE KEY UPDATE name = VALUES(name)";
        outcomes.add(same("p_odku", c -> update(c, values.formatted("Ann"))));      // unchanged
        outcomes.add(same("p_odku", c -> update(c, values.formatted("ANN"))));      // equal under the collation, yet changed
        outcomes.add(same("p_odku", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO p_odku (email, name, ssn) VALUES (?, ?, ?) "
                    + "ON DUPLICATE KEY UPDATE ssn = ?, note = 'updated', born = NULL, visits = VALUES(visits) + 5")) {
                ps.setString(1, "b@x");
                ps.setString(2, "Bob");
                ps.setString(3, "333-33-3333");
                ps.setString(4, "444-44-4444");
                return String.valueOf(ps.executeUpdate());
            }
        }));
        outcomes.add(same("p_odku", c -> update(c, "INSERT INTO p_odku (id, email, name) VALUES (1, 'a@x', 'A1'), (10, 'z@x', 'Zed'), "
                + "(2, 'b@x', 'B2') ON DUPLICATE KEY UPDATE name = VALUES(name), visits = visits + 10, note = VALUES(note)")));
        outcomes.add(same("p_odku", c -> update(c, "INSERT INTO p_odku (id, email, name) VALUES (2, 'new@x', 'N') "
                + "ON DUPLICATE KEY UPDATE email = VALUES(email), ssn = VALUES(name)")));
        outcomes.add(same("p_odku", c -> update(c, "INSERT INTO p_odku (email, name) VALUES ('c@x', 'x') "
                + "ON DUPLICATE KEY UPDATE name = name, note = DEFAULT")));
        assertThat(outcomes).containsExactly("1 keys [4]", "2 keys [1]", "1", "2", "2", "5", "2", "2");
        assertThat(count("p_odku WHERE name = 'b2' AND ssn = '444-44-4444'")).isZero();
        assertThat(count("p_odku WHERE ssn = 'N'")).isEqualTo(1);
    }

    @Test
    void onDuplicateKeyUpdateFailsClosedWhereItCannotBeHonest() throws Exception {
        try (Statement s = split.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO p_twice (email, name) VALUES ('q@x', 'Q') "
                    + "ON DUPLICATE KEY UPDATE name = CONCAT(name, '!')"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("p_twice.name");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO p_twice (email, name) VALUES ('q@x', 'Q') "
                    + "ON DUPLICATE KEY UPDATE visits = LENGTH(VALUES(name))"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("p_twice.name");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO p_twice (email, name) VALUES (CONCAT('q', '@x'), 'Q') "
                    + "ON DUPLICATE KEY UPDATE visits = 1"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("email");
            // one new row colliding with two existing rows (by id and by email): MySQL would pick one
            s.executeUpdate("INSERT INTO p_twice (id, email, name) VALUES (1, 'one@x', 'One'), (2, 'two@x', 'Two')");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO p_twice (id, email, name) VALUES (1, 'two@x', 'X') "
                    + "ON DUPLICATE KEY UPDATE name = VALUES(name)"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("p_twice");
            assertThat(count("p_twice WHERE name = 'X'")).isZero();
        }
    }

    @Test
    void onDuplicateKeyUpdateOnATableWhoseKeysComeFromTheLeader() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (String[] row : new String[][] {{"a", "1"}, {"a", "2"}, {"b", "5"}, {"a", "0"}, {"b", "1"}}) {
            outcomes.add(same("counters", c -> updateWithKeys(c, "INSERT INTO counters (name, n) VALUES ('" + row[0] + "', " + row[1]
                    + ") ON DUPLICATE KEY UPDATE n = n + VALUES(n)")));
        }
        assertThat(outcomes.get(0)).isEqualTo("1 keys [1]");
        assertThat(outcomes.get(1)).startsWith("2");
        for (int b = 0; b < 3; b++) {
            try (Connection direct = db.backend(b)) {
                assertThat(dump(direct, "counters")).as("backend %d", b).isEqualTo(dump(plain, "counters"));
            }
        }
    }

    // ------------------------------------------------------------------ INSERT ... SELECT

    @Test
    void insertSelectCopiesProtectedValuesThroughTheDriver() throws Exception {
        List<String> outcomes = new ArrayList<>();
        outcomes.add(sameRows("a_sel", c -> updateWithKeys(c,
                "INSERT INTO a_sel (name, note, copied_visits) SELECT name, note, visits FROM p_sel WHERE visits > 0 ORDER BY id")));
        outcomes.add(same("n_sel", c -> update(c, "INSERT INTO n_sel (id, name, born) SELECT id, name, born FROM p_sel WHERE name = 'ann'")));
        outcomes.add(sameRows("a_sel", c -> update(c, "INSERT INTO a_sel (name, note) SELECT email, email FROM p_sel WHERE id <= 2")));
        outcomes.add(sameRows("a_sel", c -> update(c, "INSERT INTO a_sel SELECT id + 100, name, note, visits FROM p_sel")));
        outcomes.add(sameRows("a_sel", c -> update(c, "INSERT INTO a_sel (id, name) SELECT id, name FROM p_sel WHERE id = 1 "
                + "ON DUPLICATE KEY UPDATE name = VALUES(name), copied_visits = -1")));
        outcomes.add(same("p_sel", c -> update(c, "INSERT INTO p_sel (email, name, born) SELECT CONCAT(email, '.copy'), name, born "
                + "FROM p_sel WHERE id <= 2")));
        outcomes.add(sameRows("a_sel", c -> update(c, "REPLACE INTO a_sel (id, name, note) SELECT id, name, note FROM p_sel WHERE id = 2")));
        outcomes.add(sameRows("a_sel", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO a_sel (name, note) SELECT name, ? FROM p_sel WHERE ssn = ?")) {
                ps.setString(1, "from a parameter");
                ps.setString(2, "222-22-2222");
                return String.valueOf(ps.executeUpdate());
            }
        }));
        assertThat(outcomes).containsExactly("2 keys [1, 2]", "1", "2", "3", "2", "2", "2", "1");
        // the copies are sealed like any insert: no backend holds a copied name or note in clear
        for (int b = 0; b < 3; b++) {
            try (Connection direct = db.backend(b); Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, note FROM a_sel")) {
                while (rs.next()) {
                    for (int i = 1; i <= 2; i++) {
                        byte[] stored = rs.getBytes(i);
                        String text = stored == null ? "" : new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
                        assertThat(text).as("backend %d", b).doesNotContain("Bob", "Chlo", "third", "a@x", "parameter");
                    }
                }
            }
        }
        // a source the backends cannot compute over shares is evaluated in the driver, then sealed
        sameRows("a_sel", c -> update(c, "INSERT INTO a_sel (name) SELECT UPPER(name) FROM p_sel"));
        same("n_sel", c -> update(c, "INSERT INTO n_sel (id, name) SELECT p.id + 1000, CONCAT(p.name, q.name) FROM p_sel p "
                + "JOIN p_sel q ON q.id = p.id + 1"));
        try (Statement s = split.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO a_sel (name) SELECT RANK() OVER (ORDER BY name) FROM p_sel"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
        }
    }

    @Test
    void insertSelectKeepsEveryTypeExact() throws Exception {
        same("t_src", c -> update(c, "INSERT INTO t_src SET id = 1, ts = '2024-02-29 23:59:59.123', tm = '-838:59:58.99', "
                + "dt = '1999-12-31 01:02:03.004', b = b'10101', d = -12345.678, bin = x'00ff10', y = 2024, f = 1.25e3, e = 'y', "
                + "j = '{\"a\": [1, 2]}'"));
        same("t_src", c -> update(c, "INSERT INTO t_src (id) VALUES (2)"));
        // protected -> plain, protected -> protected, plain -> protected
        assertThat(same("t_plain", c -> update(c, "INSERT INTO t_plain SELECT * FROM t_src"))).isEqualTo("2");
        assertThat(same("t_prot", c -> update(c, "INSERT INTO t_prot SELECT * FROM t_src WHERE id = 1"))).isEqualTo("1");
        assertThat(same("t_prot", c -> update(c, "INSERT INTO t_prot SELECT id + 10, ts, tm, dt, b, d, bin, y, f, e, j FROM t_plain")))
                .isEqualTo("2");
        assertThat(same("t_prot", c -> update(c, "INSERT INTO t_prot (id, tm, d) SELECT id + 20, dt, f FROM t_src WHERE id = 1")))
                .isEqualTo("1");
    }

    @Test
    void insertSelectHoldsAtMostMaxBufferedRows() throws Exception {
        Path config = db.dir.resolve("small-buffer.yaml");
        Files.writeString(config, Files.readString(db.config).replace("options:\n", "options:\n  max-buffered-rows: 2\n"));
        try (Connection c = DriverManager.getConnection("jdbc:split:" + config); Statement s = c.createStatement()) {
            long before = count("a_sel");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO a_sel (name, note) SELECT name, note FROM p_sel"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("max-buffered-rows").hasMessageContaining("a_sel")
                    .extracting("SQLState").isEqualTo("HY001");
            assertThat(count("a_sel")).isEqualTo(before);
        }
    }

    // ------------------------------------------------------------------ SELECT ... FOR UPDATE

    @Test
    void selectForUpdateWaitsForARowLockedOnTheBackends() throws Exception {
        List<Connection> holders = new ArrayList<>();
        try {
            for (int b = 0; b < 3; b++) {
                Connection direct = db.backend(b);
                holders.add(direct);
                direct.setAutoCommit(false);
                try (Statement s = direct.createStatement()) {
                    s.executeQuery("SELECT id FROM p_lock WHERE id = 2 FOR UPDATE").close();
                }
            }
            CompletableFuture<Integer> locking = CompletableFuture.supplyAsync(() -> visits("SELECT visits, name FROM p_lock WHERE name = 'Bob' FOR UPDATE"));
            // a plain read does not wait: it reads the last committed version
            assertThat(visits("SELECT visits, name FROM p_lock WHERE name = 'Bob'")).isEqualTo(3);
            // NOWAIT reaches the backends: the read fails at once instead of waiting
            long start = System.nanoTime();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("SELECT visits FROM p_lock WHERE name = 'Bob' FOR UPDATE NOWAIT"))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
            Thread.sleep(1000);
            assertThat(locking).as("SELECT ... FOR UPDATE waits while another session holds the row").isNotDone();
            for (Connection direct : holders) {
                try (Statement s = direct.createStatement()) {
                    s.executeUpdate("UPDATE p_lock SET visits = 42 WHERE id = 2");
                }
                direct.commit();
            }
            // the locking read returns once the lock is released, with the value just committed
            assertThat(locking.get(20, TimeUnit.SECONDS)).isEqualTo(42);
        } finally {
            for (Connection direct : holders) {
                direct.close();
            }
        }
    }

    // ------------------------------------------------------------------ measurement

    /** Not a timed test: prints rows per second, so docs/sql-support.md can quote a measured number. */
    @Test
    void measureBatchedAgainstOneByOne() throws Exception {
        int rows = 5000;
        long batched = insertBulk(split, "bulk_fast", rows, true);
        long oneByOne = insertBulk(split, "bulk_slow", rows, false);
        long plainBatched = insertBulk(plain, "bulk_fast", rows, true);
        long plainOneByOne = insertBulk(plain, "bulk_slow", rows, false);
        System.out.printf("WritesIT measurement, %d rows into a table with 2 protected columns:%n"
                        + "  jdbc:split: batched     %6d ms  %8.0f rows/s%n"
                        + "  jdbc:split: one by one  %6d ms  %8.0f rows/s%n"
                        + "  plain MariaDB batched    %6d ms  %8.0f rows/s (Connector/J defaults: no rewrite)%n"
                        + "  plain MariaDB one by one %6d ms  %8.0f rows/s%n",
                rows, batched, rows * 1000.0 / batched, oneByOne, rows * 1000.0 / oneByOne,
                plainBatched, rows * 1000.0 / plainBatched, plainOneByOne, rows * 1000.0 / plainOneByOne);
        assertThat(dump(split, "bulk_fast")).isEqualTo(dump(plain, "bulk_fast"));
        assertThat(count("bulk_slow")).isEqualTo(rows);
    }

    private static long insertBulk(Connection c, String table, int rows, boolean batch) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (k, payload, amount) VALUES (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setInt(1, i);
                ps.setString(2, "payload number " + i);
                ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 2));
                if (batch) {
                    ps.addBatch();
                } else {
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            if (batch) {
                assertThat(ps.executeBatch()).hasSize(rows).containsOnly(1);
            }
        }
        return Math.max(1, (System.nanoTime() - start) / 1_000_000);
    }

    // ------------------------------------------------------------------ helpers

    interface Work {
        String run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on plain MariaDB and through splitdb; both its outcome and {@code table}'s contents must match. */
    private static String same(String table, Work work) throws SQLException {
        String expected = outcome(plain, work);
        long inserts = comInsert();
        String actual = outcome(split, work);
        splitInserts = comInsert() - inserts;
        assertThat(actual).as("outcome through jdbc:split:").isEqualTo(expected);
        assertThat(dump(split, table)).as("contents of %s", table).isEqualTo(dump(plain, table));
        return actual;
    }

    /**
     * As {@link #same}, but the AUTO_INCREMENT ids may differ by gaps: a merged batch that fails
     * reserves keys for all its rows before it is run again row by row, and InnoDB reserves keys
     * for INSERT ... SELECT in powers of two where the driver's multi-row INSERT reserves exactly.
     */
    private static String sameRows(String table, Work work) throws SQLException {
        String expected = outcome(plain, work);
        String actual = outcome(split, work);
        assertThat(actual).as("outcome through jdbc:split:").isEqualTo(expected);
        assertThat(withoutIds(dump(split, table))).as("contents of %s", table).isEqualTo(withoutIds(dump(plain, table)));
        return actual;
    }

    private static List<String> withoutIds(List<String> rows) {
        return rows.stream().map(r -> r.substring(r.indexOf(" | ") + 3)).toList();
    }

    private static void both(Work work) throws SQLException {
        work.run(plain);
        work.run(split);
    }

    private static String outcome(Connection c, Work work) {
        try {
            return work.run(c);
        } catch (BatchUpdateException e) {
            return "batch " + Arrays.toString(e.getUpdateCounts()) + " " + e.getSQLState();
        } catch (SQLException e) {
            return "error " + e.getSQLState() + " " + e.getErrorCode();
        }
    }

    private static String update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return String.valueOf(s.executeUpdate(sql));
        }
    }

    private static String updateWithKeys(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            int n = s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            return n + " keys " + keys(s);
        }
    }

    /** The count and the first generated key (Connector/J adds one made-up key per extra affected row). */
    private static String updateWithFirstKey(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            int n = s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            return n + " key " + keys(s).get(0);
        }
    }

    private static List<Long> keys(Statement s) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (ResultSet rs = s.getGeneratedKeys()) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }

    private static List<String> dump(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static long count(String fromWhere) throws SQLException {
        try (Statement s = split.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + fromWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int visits(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** INSERT statements backend 0 has run so far. */
    private static long comInsert() throws SQLException {
        try (Connection direct = db.backend(0); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_insert'")) {
            rs.next();
            return rs.getLong(2);
        }
    }
}
