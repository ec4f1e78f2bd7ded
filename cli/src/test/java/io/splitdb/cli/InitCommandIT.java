package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** splitdb init: a schema script with comments, quoted semicolons and DELIMITER lines runs through the driver; bad scripts run nothing. */
@ExtendWith(SplitBackendsExtension.class)
class InitCommandIT {
    static final String SCHEMA = """
            -- the hospital's schema; as the application ships it
            /* wards first: patients refer to them */
            CREATE TABLE wards (
              id INT PRIMARY KEY,
              name VARCHAR(50) NOT NULL  # the ward's name; shown on the board
            );
            CREATE TABLE `patients` (
              id INT AUTO_INCREMENT PRIMARY KEY,
              name VARCHAR(100),
              diagnosis TEXT,
              note VARCHAR(200) DEFAULT 'none; yet',
              ward INT,
              KEY (ward)
            ) DEFAULT CHARSET=utf8mb4;
            INSERT INTO wards VALUES (1, 'North; upstairs -- not a comment'), (2, 'It''s "South"');
            DELIMITER //
            INSERT INTO patients (name, diagnosis, ward) VALUES ('Chloé; Dupont', 'J45; asthma', 1)//
            DELIMITER ;
            """;
    static CliFixture db;
    static String config;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "init", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                """);
        config = db.config.toString();
    }

    @Test
    void aScriptCreatesSplitTablesAndRunsTheRestThroughTheDriver() throws Exception {
        Path schema = script("schema.sql", SCHEMA);
        CliFixture.Run run = CliFixture.splitdb("init", "--config", config, "--schema", schema.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("statement 1 (line 3: CREATE TABLE wards ( id INT PRIMARY KEY, name VARCHAR(50)...): created table wards, no protected columns")
                .contains("statement 2 (line 7: CREATE TABLE `patients` (")
                .contains("created table patients, split: name (shared, search: equality (32 bits)), diagnosis (shared)")
                .contains("statement 3 (line 15: INSERT INTO wards VALUES (1, 'North; upstairs -- not a co...): ok (2 rows)")
                .contains("statement 4 (line 17: INSERT INTO patients (name, diagnosis, ward) VALUES ('Chl...): ok (1 row)")
                .contains("init: 4 statements run: 2 tables created (1 split), 0 kept, 2 other");

        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.name, p.diagnosis, p.note, w.name FROM patients p JOIN wards w ON w.id = p.ward")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Chloé; Dupont");
            assertThat(rs.getString(2)).isEqualTo("J45; asthma");
            assertThat(rs.getString(3)).isEqualTo("none; yet");
            assertThat(rs.getString(4)).isEqualTo("North; upstairs -- not a comment");
        }
        // on a backend, the protected columns hold shares, not the values
        try (Connection c = db.backend(2); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, diagnosis, name_bidx, note FROM patients")) {
            assertThat(rs.next()).isTrue();
            assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Chlo");
            assertThat(new String(rs.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("asthma");
            assertThat(rs.getString(4)).isEqualTo("none; yet");
        }

        // the same script again: the tables exist, nothing runs (no second patient)
        CliFixture.Run again = CliFixture.splitdb("init", "--config", config, "--schema", schema.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("table wards exists already (statement 1 (line 3: CREATE TABLE wards", "nothing was run",
                "CREATE TABLE IF NOT EXISTS");
        assertThat(count("patients")).isEqualTo(1);

        // IF NOT EXISTS keeps them
        Path keep = script("keep.sql", "CREATE TABLE IF NOT EXISTS wards (id INT PRIMARY KEY, name VARCHAR(50));\n"
                + "CREATE TABLE IF NOT EXISTS rooms (id INT PRIMARY KEY, ward INT);\nINSERT INTO rooms VALUES (10, 1);");
        CliFixture.Run kept = CliFixture.splitdb("init", "--config", config, "--schema", keep.toString());
        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        assertThat(kept.out()).contains("table wards exists already, kept as it is (IF NOT EXISTS)", "created table rooms, no protected columns",
                "init: 3 statements run: 1 tables created (0 split), 1 kept, 1 other");
        assertThat(count("rooms")).isEqualTo(1);

        // a script that drops a table before creating it (as mysqldump writes them) replaces it
        Path dump = script("dump.sql", "DROP TABLE IF EXISTS `rooms`;\nCREATE TABLE `rooms` (id INT PRIMARY KEY, ward INT, floor INT);");
        CliFixture.Run replaced = CliFixture.splitdb("init", "--config", config, "--schema", dump.toString());
        assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
        assertThat(replaced.out()).contains("created table rooms, no protected columns");
        assertThat(count("rooms")).isZero();
    }

    @Test
    void aFailingStatementStopsTheRunAndIsNamed() throws Exception {
        CliFixture plain = CliFixture.create(db.trio, "initfail", "");
        Path bad = script("bad.sql", """
                CREATE TABLE beds (id INT PRIMARY KEY, ward INT);
                INSERT INTO beds VALUES (1, 1);

                INSERT INTO beds VALUES (1, 2);   -- a duplicate key
                INSERT INTO beds VALUES (3, 3);
                """);
        CliFixture.Run run = CliFixture.splitdb("init", "--config", plain.config.toString(), "--schema", bad.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("statement 3 (line 4: INSERT INTO beds VALUES (1, 2)) failed: ", "(SQLState 23000)",
                "statements 1 to 2 before it ran, none after it");
        try (Connection c = plain.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, ward FROM beds")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.next()).as("nothing after the failing statement").isFalse();
        }
    }

    @Test
    void scriptsThatWouldLeaveAProtectedColumnInClearRunNothing() throws Exception {
        // the policy protects patients.name and .diagnosis: a script that names the column differently must not create the table
        CliFixture other = CliFixture.create(db.trio, "initpolicy", """
                tables:
                  patients:
                    name:      { protect: shared }
                  visits:
                    reason:    { protect: shared }
                """);
        Path typo = script("typo.sql", "CREATE TABLE patients (id INT PRIMARY KEY, fullname VARCHAR(100));\n"
                + "CREATE TABLE visits (id INT PRIMARY KEY, reason TEXT);");
        CliFixture.Run run = CliFixture.splitdb("init", "--config", other.config.toString(), "--schema", typo.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("the policy protects patients.name, but statement 1 (line 1: CREATE TABLE patients",
                "declares no such column", "nothing was run");

        Path missing = script("missing.sql", "CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(100));");
        run = CliFixture.splitdb("init", "--config", other.config.toString(), "--schema", missing.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("the policy protects columns of table visits, but", "does not create it and the database has no such table");
        try (Connection c = other.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
            assertThat(rs.next()).as("no table was created").isFalse();
        }
    }

    @Test
    void routinesUnterminatedQuotesAndMissingFilesAreUsageErrors() throws Exception {
        Path trigger = script("trigger.sql", """
                CREATE TABLE t1 (id INT PRIMARY KEY);
                DELIMITER $$
                CREATE TRIGGER t1_bi BEFORE INSERT ON t1 FOR EACH ROW BEGIN SET NEW.id = NEW.id + 1; END$$
                DELIMITER ;
                """);
        CliFixture.Run run = CliFixture.splitdb("init", "--config", config, "--schema", trigger.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("statement 2 (line 3: CREATE TRIGGER t1_bi", "triggers", "nothing was run");

        Path open = script("open.sql", "CREATE TABLE t2 (id INT PRIMARY KEY);\nINSERT INTO t2 VALUES ('1);\n");
        run = CliFixture.splitdb("init", "--config", config, "--schema", open.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("line 2: the quote opened here is never closed");

        assertThat(CliFixture.splitdb("init", "--config", config, "--schema", db.dir.resolve("nope.sql").toString()).exitCode()).isEqualTo(2);
        assertThat(CliFixture.splitdb("init", "--config", config).exitCode()).as("--schema is required").isEqualTo(2);
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES LIKE 't_'")) {
            assertThat(rs.next()).as("no table was created").isFalse();
        }
        CliFixture.Run help = CliFixture.splitdb("init", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--schema=FILE", "Exit codes");
    }

    private static Path script(String name, String text) throws Exception {
        Path p = db.dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static long count(String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
