package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log end to end: statements through jdbc:split: are listed by {@code splitdb audit show}
 * with user, table, shape and row keys and never a value; {@code splitdb audit verify} passes, and
 * names entries edited or removed directly on one backend or on all three.
 */
@ExtendWith(SplitBackendsExtension.class)
class AuditCommandIT {
    static CliFixture db;
    static String config;
    static String stream;
    /** The hidden row key of the patient row read by name. */
    static long zeldaRowid;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "audit", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                """);
        config = db.config.toString();
        // the JDBC user names the application's user; the backends' own users are in the configuration
        try (Connection c = DriverManager.getConnection("jdbc:split:" + db.config, "dr_alice", "unused");
             Statement s = c.createStatement()) {
            c.setClientInfo("ApplicationName", "ward-app");
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), ward INT)");
            s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
            s.execute("INSERT INTO wards VALUES (1, 10)");
            s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('Zelda Secretname', 'secret-diagnosis-one', 1)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO patients (name, diagnosis, ward) VALUES (?, ?, 2)")) {
                ps.setString(1, "Yves Secretname");
                ps.setString(2, "secret-diagnosis-two");
                ps.executeUpdate();
            }
            try (ResultSet rs = s.executeQuery("SELECT name, diagnosis FROM patients WHERE name = 'Zelda Secretname'")) {
                assertThat(rs.next()).isTrue();
            }
            try (ResultSet rs = s.executeQuery("SELECT beds FROM wards WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
            }
            s.executeUpdate("UPDATE patients SET diagnosis = 'secret-diagnosis-new' WHERE id = 2");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO patients (ward, name) VALUES (3, 'Rolled Secretname')");
            c.rollback();
            s.executeUpdate("INSERT INTO patients (name, ward) VALUES ('Kept Secretname', 4)");
            c.commit();
            c.setAutoCommit(true);
            s.executeUpdate("DELETE FROM patients WHERE ward = 9");  // run as written by the backends: its rows are not known
            SplitDatabase database = c.unwrap(SplitConnection.class).database();
            database.audit().flush(10_000);
            stream = database.audit().stream();
        }
        try (Connection b = db.backend(0); Statement s = b.createStatement();
             ResultSet rs = s.executeQuery("SELECT _split_rowid FROM patients WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            zeldaRowid = rs.getLong(1);
        }
    }

    @Test
    void showListsReadsAndWritesWithUserTableShapeAndRowKeys() {
        CliFixture.Run run = CliFixture.splitdb("audit", "show", "--config", config, "--user", "dr_alice");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("dr_alice@")
                .contains("(ward-app)")
                .contains("ddl  patients  rows=0  CREATE TABLE patients")
                .containsPattern("(?s)(write  patients  rows=1  INSERT INTO patients \\(name, diagnosis, ward\\) VALUES \\(\\?, \\?, \\?\\).*){2}")
                .contains("read  patients  rows=1  SELECT name, diagnosis FROM patients WHERE name = ?")
                .contains("columns: patients.name,patients.diagnosis")
                .contains("keys: patients:" + zeldaRowid)
                .contains("write  patients  rows=1  UPDATE patients SET diagnosis = ? WHERE id = ?\n    columns: patients.diagnosis\n")
                .contains("INSERT INTO patients (name, ward) VALUES (?, ?)")
                .contains("\n7 matching entries shown");
        // a rolled-back write is not recorded; a plain table is not audited
        assertThat(run.out()).doesNotContain("INSERT INTO patients (ward, name)").doesNotContain("wards");
        assertThat(run.all()).doesNotContain("Secretname").doesNotContain("secret-diagnosis");
    }

    @Test
    void showFiltersByTableKeyTimeAndPrintsJson() {
        CliFixture.Run byKey = CliFixture.splitdb("audit", "show", "--config", config, "--table", "patients",
                "--rowid", String.valueOf(zeldaRowid), "--format", "json");
        assertThat(byKey.exitCode()).as(byKey.toString()).isZero();
        assertThat(byKey.out())
                .startsWith("[")
                .contains("\"kind\": \"read\"")
                .contains("\"shape\": \"SELECT name, diagnosis FROM patients WHERE name = ?\"")
                .contains("\"keys\": [\"patients:" + zeldaRowid + "\"]")
                .contains("\"user\": \"dr_alice\"")
                .doesNotContain("UPDATE patients");  // row 2, not Zelda's

        // a DBA names the row by its primary key, as the application does
        CliFixture.Run byPrimaryKey = CliFixture.splitdb("audit", "show", "--config", config, "--table", "patients", "--key", "1",
                "--format", "json");
        assertThat(byPrimaryKey.exitCode()).as(byPrimaryKey.toString()).isZero();
        assertThat(byPrimaryKey.out()).isEqualTo(byKey.out());
        CliFixture.Run noSuchRow = CliFixture.splitdb("audit", "show", "--config", config, "--table", "patients", "--key", "999");
        assertThat(noSuchRow.exitCode()).isEqualTo(1);
        assertThat(noSuchRow.err()).contains("no patients row with id = 999 now").contains("--rowid");
        assertThat(CliFixture.splitdb("audit", "show", "--config", config, "--key", "1").exitCode()).as("--key without --table").isEqualTo(2);

        CliFixture.Run future = CliFixture.splitdb("audit", "show", "--config", config, "--since", "2999-01-01");
        assertThat(future.exitCode()).as(future.toString()).isZero();
        assertThat(future.out()).contains("0 matching entries shown");

        CliFixture.Run limited = CliFixture.splitdb("audit", "show", "--config", config, "--user", "dr_alice", "--limit", "1");
        assertThat(limited.out()).contains("the newest 1 matching entries shown (older ones match too")
                .contains("write  patients  rows=? (chosen by the backends)  DELETE FROM patients WHERE ward = ?")
                .contains("columns: patients.name,patients.diagnosis");

        CliFixture.Run bad = CliFixture.splitdb("audit", "show", "--config", config, "--since", "yesterday");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("--since must be an ISO-8601 time");
    }

    @Test
    void theLogIsOnAllThreeBackendsAndHoldsNoValue() throws Exception {
        for (int b = 0; b < 3; b++) {
            try (Connection c = db.backend(b); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CONCAT_WS('|', who, app, host, kind, tables_touched, "
                         + "columns_touched, shape, row_keys) LIKE '%Secretname%' OR CONCAT_WS('|', shape, row_keys) LIKE '%secret-%') "
                         + "FROM _split_audit WHERE stream = '" + stream + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("entries on backend " + b).isEqualTo(8);  // the open marker and 7 statements
                assertThat(rs.getInt(2)).as("entries with a value on backend " + b).isZero();
            }
        }
    }

    @Test
    void verifyPassesOnAnUntouchedLog() {
        CliFixture.Run run = CliFixture.splitdb("audit", "verify", "--config", config);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("stream " + stream + ": seq 0..7")
                .contains("entries held by backend 0/1/2: 8/8/8")
                .contains("audit log OK");
    }

    @Test
    void anEntryEditedOnOneBackendOrOnAllThreeIsNamed() throws Exception {
        String where = " WHERE stream = '" + stream + "' AND seq = 3";
        Object[] original = snapshot(3);
        db.onBackend(1, "UPDATE _split_audit SET who = 'mallory'" + where);
        try {
            CliFixture.Run run = CliFixture.splitdb("audit", "verify", "--config", config);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("stream " + stream + " seq 3 on backend 1: edited (its HMAC does not match its fields)")
                    .contains("1 problem(s)");
            for (int b : new int[] {0, 2}) {
                db.onBackend(b, "UPDATE _split_audit SET row_keys = ''" + where);
            }
            run = CliFixture.splitdb("audit", "verify", "--config", config);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("seq 3 on backend 0: edited")
                    .contains("seq 3 on backend 1: edited")
                    .contains("seq 3 on backend 2: edited")
                    .contains("3 problem(s)");
        } finally {
            restore(3, original);
        }
        assertThat(CliFixture.splitdb("audit", "verify", "--config", config).exitCode()).isZero();
    }

    @Test
    void anEntryRemovedFromOneBackendOrFromAllThreeIsNamed() throws Exception {
        String where = " WHERE stream = '" + stream + "' AND seq = 4";
        Object[] original = snapshot(4);
        db.onBackend(2, "DELETE FROM _split_audit" + where);
        try {
            CliFixture.Run run = CliFixture.splitdb("audit", "verify", "--config", config);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("stream " + stream + " seq 4: missing on backend 2 (removed there, or backend 2 was down")
                    .contains("entries held by backend 0/1/2: 8/8/7");
            db.onBackend(0, "DELETE FROM _split_audit" + where);
            db.onBackend(1, "DELETE FROM _split_audit" + where);
            run = CliFixture.splitdb("audit", "verify", "--config", config);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("stream " + stream + " seq 4: missing on every backend (removed: the chain has a gap)")
                    .contains("1 problem(s)");
        } finally {
            restore(4, original);
        }
        assertThat(CliFixture.splitdb("audit", "verify", "--config", config).exitCode()).isZero();
    }

    @Test
    void aBackendThatCouldNotTakeEntriesGetsThemLaterAndCloseEndsTheStream() throws Exception {
        java.nio.file.Path second = db.copyOfConfig("second");  // a driver instance (and stream) of its own
        SplitDatabase instance;
        String secondStream;
        try (Connection c = CliFixture.connect(second); Statement s = c.createStatement()) {
            instance = c.unwrap(SplitConnection.class).database();
            secondStream = instance.audit().stream();
            instance.audit().flush(5_000);  // its open marker, on all three
            db.onBackend(2, "RENAME TABLE _split_audit TO _split_audit_away");
            try {
                try (ResultSet rs = s.executeQuery("SELECT diagnosis FROM patients WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                }
                instance.audit().flush(5_000);
                assertThat(count(0, secondStream)).isEqualTo(2);  // open marker, the read
            } finally {
                db.onBackend(2, "RENAME TABLE _split_audit_away TO _split_audit");
            }
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (count(2, secondStream) < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);  // the writer retries every 200 ms
        }
        assertThat(count(2, secondStream)).as("entries written to backend 2 once it takes them").isEqualTo(2);
        instance.close();
        CliFixture.Run run = CliFixture.splitdb("audit", "verify", "--config", config);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("stream " + secondStream + ": seq 0..2").contains("closed; entries held by backend 0/1/2: 3/3/3");
    }

    private static int count(int backend, String ofStream) throws Exception {
        try (Connection c = db.backend(backend); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM _split_audit WHERE stream = '" + ofStream + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** An entry's row as backend 0 holds it before a test tampers with it. */
    private static Object[] snapshot(long seq) throws Exception {
        try (Connection c = db.backend(0); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM _split_audit WHERE stream = '" + stream + "' AND seq = " + seq)) {
            assertThat(rs.next()).as("entry " + seq).isTrue();
            Object[] row = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getObject(i + 1);
            }
            return row;
        }
    }

    /** Puts an entry back on every backend as it was. */
    private static void restore(long seq, Object[] original) throws Exception {
        for (int b = 0; b < 3; b++) {
            try (Connection c = db.backend(b)) {
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM _split_audit WHERE stream = '" + stream + "' AND seq = " + seq);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO _split_audit VALUES ("
                        + "?, ".repeat(original.length - 1) + "?)")) {
                    for (int i = 0; i < original.length; i++) {
                        ps.setObject(i + 1, original[i]);
                    }
                    ps.executeUpdate();
                }
            }
        }
    }
}
