package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * splitdb migrate: a plaintext database of 100,000 rows (protected and plain columns, NULLs, DATE,
 * DECIMAL, TEXT, a table without primary key) is copied into split storage, interrupted and resumed,
 * and compared with the source; the source is left as it was.
 */
@ExtendWith(SplitBackendsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateCommandIT {
    static final int ROWS = 100_000;
    static final String POLICY = """
            tables:
              patients:
                name:      { protect: shared, search: equality }
                diagnosis: { protect: shared }
                born:      { protect: shared }
                balance:   { protect: encrypted, backend: 1 }
              audit_log:
                detail:    { protect: shared }
            """;
    static CliFixture db;
    static String config;
    static String source;      // the plaintext database, on server 0
    static String sourceUrl;
    static List<String> sourceChecksums;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "migrate", POLICY);
        config = db.config.toString();
        source = "plainsrc_" + ProcessHandle.current().pid();
        trio.createDatabase(source);
        String url = trio.jdbcUrls(source).get(0);
        sourceUrl = url + (url.contains("?") ? "&" : "?") + "user=" + trio.user() + (trio.password() == null || trio.password().isEmpty()
                ? "" : "&password=" + trio.password());
        try (Connection c = sourceConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wards (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, beds SMALLINT)");
            s.execute("INSERT INTO wards VALUES (1, 'North', 10), (2, 'South', NULL), (3, 'Ward \"3\"; upstairs', 7)");
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, diagnosis TEXT, "
                    + "born DATE, balance DECIMAL(10,2), ward INT, admitted DATETIME, photo VARBINARY(16), "
                    + "KEY (ward), FOREIGN KEY (ward) REFERENCES wards (id))");
            s.execute("INSERT INTO patients (id, name, diagnosis, born, balance, ward, admitted, photo) "
                    + "SELECT seq, CONCAT('secret-name-', seq), IF(seq % 7 = 0, NULL, CONCAT('secret-diagnosis-', seq, ' ', REPEAT('x', seq % 50))), "
                    + "IF(seq % 11 = 0, NULL, DATE '1930-01-01' + INTERVAL (seq % 30000) DAY), "
                    + "IF(seq % 13 = 0, NULL, (seq % 100000) / 100 - 250), seq % 3 + 1, "
                    + "TIMESTAMP '2024-01-01 08:00:00' + INTERVAL seq MINUTE, IF(seq % 5 = 0, NULL, UNHEX(MD5(seq))) "
                    + "FROM seq_1_to_" + ROWS);
            s.execute("CREATE TABLE audit_log (at DATETIME NOT NULL, who VARCHAR(20), detail VARCHAR(200))");
            s.execute("INSERT INTO audit_log VALUES ('2024-02-01 10:00:00', 'alice', 'secret-detail-1'), "
                    + "('2024-02-01 10:00:00', 'alice', 'secret-detail-1'), ('2024-02-02 11:30:00', NULL, NULL), "
                    + "('2024-02-03 12:00:00', 'bob', 'secret-detail; two')");
            s.execute("CREATE TABLE ward_beds (ward INT, bed INT, label VARCHAR(20), PRIMARY KEY (ward, bed))");
            s.execute("INSERT INTO ward_beds SELECT w.seq, b.seq, CONCAT('bed ', w.seq, '/', b.seq) FROM seq_1_to_3 w, seq_1_to_20 b");
            s.execute("CREATE VIEW busy_wards AS SELECT ward, COUNT(*) AS n FROM patients GROUP BY ward");
        }
        sourceChecksums = sourceChecksums();
    }

    @Test
    @Order(1)
    void aDryRunReportsTablesColumnsAndPolicyAndWritesNothing() throws Exception {
        CliFixture.Run run = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", config, "--dry-run");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("4 tables")
                .contains("table audit_log: 4 rows, NO PRIMARY KEY (copied in one transaction; an interrupted copy starts again)")
                .containsPattern("  detail +varchar\\(200\\) +shared\n")
                .contains("table patients: 100,000 rows, primary key (id)")
                .containsPattern("  name +varchar\\(100\\) +shared, search: equality \\(32 bits\\)\n")
                .containsPattern("  balance +decimal\\(10,2\\) +encrypted on backend 1\n")
                .containsPattern("  ward +int\\(11\\) +plain\n")
                .contains("table wards: 3 rows, primary key (id)")
                .contains("table ward_beds: 60 rows, primary key (ward, bed)")
                .contains("dry run: 4 tables, 100,067 rows, 5 protected columns, 1 without primary key; no problems found")
                .contains("view busy_wards: not copied (create it through splitdb once its tables are migrated)");
        assertThat(run.out().indexOf("table wards")).as("parents before the tables that refer to them").isLessThan(run.out().indexOf("table patients"));
        assertThat(run.all()).doesNotContain("secret-");
        try (Connection c = db.backend(0); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
            assertThat(rs.next()).as("a dry run creates nothing on the backends").isFalse();
        }
        assertThat(sourceChecksums()).isEqualTo(sourceChecksums);
    }

    @Test
    @Order(2)
    void aDryRunFlagsPolicyEntriesTheSourceLacksAndColumnsThatCannotBeProtected() throws Exception {
        Path typo = db.dir.resolve("typo.yaml");
        Files.writeString(typo, Files.readString(db.config).replace("  patients:\n", "  patients:\n    ssn: { protect: shared }\n    id: { protect: shared }\n")
                + "  visits:\n    reason: { protect: shared }\n");
        CliFixture.Run run = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", typo.toString(), "--dry-run");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out())
                .contains("PROBLEM: the policy names column patients.ssn, which the source does not have")
                .contains("PROBLEM: the policy names table visits, which the source does not have")
                .contains("PROBLEM: patients.id (int(11), shared): a column in a primary key, a unique key or with AUTO_INCREMENT cannot be protected")
                .contains("3 problems to fix in the policy or the source");
        // and a real run refuses before writing anything
        run = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", typo.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was written");
        try (Connection c = db.backend(0); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    @Order(3)
    void anInterruptedMigrationResumesWhereItStopped() throws Exception {
        CliFixture.Run first = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", config, "--batch", "1000",
                "--stop-after-rows", "30000");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(1);
        assertThat(first.out())
                .contains("table audit_log: created, split: detail (shared)")
                .contains("table audit_log: 4 rows copied")
                .contains("table audit_log: verified: 4 rows, checksum")
                .contains("table wards: verified: 3 rows")
                .contains("table patients: created, split: name (shared, search: equality (32 bits)), diagnosis (shared), born (shared), "
                        + "balance (encrypted on backend 1)")
                .contains("table patients: stopped after 30007 rows as asked (--stop-after-rows)");
        assertThat(first.err()).contains("run the same command again to resume");
        assertThat(splitCount("patients")).isEqualTo(30_000);

        long t0 = System.nanoTime();
        CliFixture.Run resumed = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", config, "--progress-interval-ms", "200");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out())
                .doesNotContain("table audit_log: created", "table wards: created", "table patients: created")
                .contains("table ward_beds: created, no protected columns")
                .contains("table audit_log: 4 rows there already (no primary key: copied whole before), nothing copied")
                .contains("table wards: 3 rows there already, nothing left to copy")
                .contains("table patients: resumed after id=30000: 30,000 rows there already, 70,000 rows copied")
                .containsPattern("table patients: verified: 100,000 rows, checksum [0-9a-f]{16} on both sides: ok")
                .contains("table ward_beds: 60 rows copied")
                .contains("migrate: 4 tables, 70,060 rows copied");
        assertThat(resumed.err()).as("progress lines name table, rows, rate and ETA").containsPattern("patients  [0-9,]+/100,000 rows  [0-9,]+ rows/s  ETA \\d+:\\d\\d");
        assertThat(resumed.all()).doesNotContain("secret-");
        assertThat(seconds).as("70,000 rows copied and 100,000 verified").isLessThan(60);

        // no duplicates, no loss: every row as the source has it, read back through jdbc:split:
        assertThat(splitCount("patients")).isEqualTo(ROWS);
        assertThat(rows(db.connect(), "SELECT * FROM patients ORDER BY id")).isEqualTo(rows(sourceConnection(), "SELECT * FROM patients ORDER BY id"));
        assertThat(rows(db.connect(), "SELECT * FROM audit_log ORDER BY at, who, detail"))
                .isEqualTo(rows(sourceConnection(), "SELECT * FROM audit_log ORDER BY at, who, detail"));
        assertThat(sourceChecksums()).as("the source is unchanged").isEqualTo(sourceChecksums);

        // what a backend holds is shares and ciphertext, not the plaintext
        try (Connection c = db.backend(1); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, diagnosis, balance FROM patients WHERE id = 12")) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= 3; i++) {
                assertThat(new String(rs.getBytes(i), StandardCharsets.ISO_8859_1)).doesNotContain("secret", "12");
            }
        }
        // a search on the blind index finds a migrated row
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, diagnosis FROM patients WHERE name = 'secret-name-77777'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(77777);
        }

        // once complete, a run copies nothing and verifies again; --quiet leaves stderr empty
        CliFixture.Run again = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", config, "--quiet", "--tables", "wards");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("table wards: 3 rows there already, nothing left to copy", "migrate: 1 table, 0 rows copied");
        assertThat(again.err()).isEmpty();
    }

    @Test
    @Order(4)
    void aDestinationThatDiffersFromTheSourceFailsVerification() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE wards SET beds = 99 WHERE id = 2");
            s.executeUpdate("DELETE FROM audit_log WHERE who IS NULL");
        }
        CliFixture.Run run = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", config, "--tables", "wards,audit_log");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("table wards: verified: 3 rows on both sides, but the checksums differ \\(source [0-9a-f]{16}, splitdb [0-9a-f]{16}\\): MISMATCH")
                .contains("table audit_log: verified: 4 rows in the source, 3 through splitdb: MISMATCH (a table without primary key is only copied while it is empty")
                .contains("migrate: 2 tables differ from the source");
        assertThat(sourceChecksums()).isEqualTo(sourceChecksums);
    }

    @Test
    @Order(5)
    void aTableWithoutPrimaryKeyInterruptedIsCopiedAgainWhole() throws Exception {
        CliFixture fresh = CliFixture.create(db.trio, "migratenokey", POLICY);
        CliFixture.Run stopped = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", fresh.config.toString(), "--tables", "audit_log",
                "--batch", "2", "--stop-after-rows", "2");
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(1);
        try (Connection c = fresh.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_log")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the table's one transaction was rolled back").isZero();
        }
        // a composite primary key resumes after its last (ward, bed)
        stopped = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", fresh.config.toString(), "--tables", "ward_beds",
                "--batch", "7", "--stop-after-rows", "30");
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(1);
        CliFixture.Run composite = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", fresh.config.toString(), "--tables", "ward_beds");
        assertThat(composite.exitCode()).as(composite.toString()).isZero();
        assertThat(composite.out()).contains("table ward_beds: resumed after ward=2, bed=15: 35 rows there already, 25 rows copied",
                "table ward_beds: verified: 60 rows");
        CliFixture.Run resumed = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", fresh.config.toString(), "--tables", "audit_log",
                "--console-progress");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("table audit_log: 4 rows copied", "table audit_log: verified: 4 rows");
        assertThat(resumed.err()).as("on a console the line is redrawn").startsWith("\raudit_log  4/4 rows").endsWith("\n");
    }

    @Test
    @Order(6)
    void usageErrorsAndASourceThatDoesNotAnswer() {
        assertThat(CliFixture.splitdb("migrate", "--config", config).exitCode()).as("--from is required").isEqualTo(2);
        CliFixture.Run notMysql = CliFixture.splitdb("migrate", "--from", "jdbc:postgresql://x/y", "--config", config);
        assertThat(notMysql.exitCode()).isEqualTo(2);
        CliFixture.Run down = CliFixture.splitdb("migrate", "--from", "jdbc:mysql://127.0.0.1:1/nothing?connectTimeout=2000", "--config", config);
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(1);
        assertThat(down.err()).contains("cannot connect to the source jdbc:mysql://127.0.0.1:1/nothing?...");
        CliFixture.Run unknown = CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", config, "--tables", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--tables names nope, which the source does not have");
        assertThat(CliFixture.splitdb("migrate", "--from", sourceUrl, "--config", config, "--from-password-env", "SPLITDB_NO_SUCH_VAR").exitCode())
                .isEqualTo(2);
        CliFixture.Run help = CliFixture.splitdb("migrate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--from=URL", "--dry-run", "--batch=N", "Exit codes").doesNotContain("stop-after-rows");
    }

    private static Connection sourceConnection() throws Exception {
        return DriverManager.getConnection(sourceUrl);
    }

    /** CHECKSUM TABLE of every source table, and its row counts. */
    private static List<String> sourceChecksums() throws Exception {
        List<String> sums = new ArrayList<>();
        try (Connection c = sourceConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("CHECKSUM TABLE wards, patients, audit_log, ward_beds EXTENDED")) {
            while (rs.next()) {
                sums.add(rs.getString(1) + "=" + rs.getString(2));
            }
        }
        assertThat(sums).hasSize(4);
        return sums;
    }

    private static long splitCount(String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row as getString/getBytes give it, in the order asked. */
    private static List<String> rows(Connection connection, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = connection; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = md.getColumnType(i) == java.sql.Types.VARBINARY ? java.util.HexFormat.of().formatHex(rs.getBytes(i) == null
                            ? new byte[0] : rs.getBytes(i)) + (rs.wasNull() ? "N" : "") : rs.getString(i);
                    row.append(v).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
