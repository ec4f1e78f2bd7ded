package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** splitdb verify: passes on a consistent database, names table, backend and row after damage done directly on one backend. */
@ExtendWith(SplitBackendsExtension.class)
class VerifyCommandIT {
    static final int ROWS = 1200;  // more than one chunk
    static CliFixture db;
    static String config;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "verify", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                    note:      { protect: encrypted, backend: 0 }
                """);
        config = db.config.toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), "
                    + "note VARCHAR(200), ward INT)");
            s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
            s.execute("INSERT INTO wards VALUES (1, 10), (2, 20)");
            for (int from = 1; from <= ROWS; from += 100) {
                StringBuilder sql = new StringBuilder("INSERT INTO patients (name, diagnosis, note, ward) VALUES ");
                for (int i = from; i < from + 100; i++) {
                    sql.append(i == from ? "" : ", ").append("('secret-name-").append(i).append("', 'secret-diagnosis-").append(i)
                            .append("', 'secret-note-").append(i).append("', ").append(i % 2 + 1).append(")");
                }
                s.executeUpdate(sql.toString());
            }
        }
    }

    @Test
    void aConsistentDatabasePasses() {
        CliFixture.Run run = CliFixture.splitdb("verify", "--config", config);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("table patients (split, 3 protected columns): " + ROWS + " rows checked: ok")
                .contains("table wards (no protected columns): 2 rows on each backend, checksums agree: ok")
                .contains("table _split_catalog (splitdb's own)")
                .contains("in-doubt XA branches: none")
                .contains("pending repairs: none")
                .contains("verify: the three backends agree");
        assertThat(run.all()).doesNotContain("secret-");
    }

    @Test
    void aTamperedShareIsNamedWithBackendTableColumnAndRow() throws Exception {
        byte[] original = bytes(1, "SELECT diagnosis FROM patients WHERE id = 7");
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 0x01;
        update(1, "UPDATE patients SET diagnosis = ? WHERE id = 7", tampered);
        try {
            CliFixture.Run run = CliFixture.splitdb("verify", "--config", config);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("shares that do not authenticate: 1: INCONSISTENT")
                    .containsPattern("patients row _split_rowid=\\d+ \\(id=7\\): the share of patients\\.diagnosis on backend 1 "
                            + "does not authenticate \\(backends 0 and 2 agree\\)")
                    .contains("verify: 1 inconsistency found");
            assertThat(run.all()).doesNotContain("secret-");
        } finally {
            update(1, "UPDATE patients SET diagnosis = ? WHERE id = 7", original);
        }
        assertThat(CliFixture.splitdb("verify", "--config", config, "--table", "patients").exitCode()).isZero();
    }

    @Test
    void anAlteredCiphertextOnItsHolderIsNamed() throws Exception {
        byte[] original = bytes(0, "SELECT note FROM patients WHERE id = 11");
        byte[] tampered = original.clone();
        tampered[tampered.length - 1] ^= 0x40;
        update(0, "UPDATE patients SET note = ? WHERE id = 11", tampered);
        try {
            CliFixture.Run run = CliFixture.splitdb("verify", "--config", config, "--table", "patients");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).containsPattern("\\(id=11\\): the ciphertext of patients\\.note on backend 0 does not authenticate");
        } finally {
            update(0, "UPDATE patients SET note = ? WHERE id = 11", original);
        }
    }

    @Test
    void aRowDeletedOnOneBackendIsNamed() throws Exception {
        Object[] row;
        String[] columns;
        try (Connection c = db.backend(2); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM patients WHERE id = 1100")) {
            assertThat(rs.next()).isTrue();
            ResultSetMetaData md = rs.getMetaData();
            row = new Object[md.getColumnCount()];
            columns = new String[md.getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getObject(i + 1);
                columns[i] = md.getColumnName(i + 1);
            }
        }
        db.onBackend(2, "DELETE FROM patients WHERE id = 1100");
        try {
            CliFixture.Run run = CliFixture.splitdb("verify", "--config", config);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("table patients (split, 3 protected columns): " + ROWS + " rows checked, rows missing on backend 0/1/2: 0/0/1")
                    .containsPattern("patients row _split_rowid=\\d+ \\(id=1100\\): missing on backend 2");
        } finally {
            try (Connection c = db.backend(2); PreparedStatement ps = c.prepareStatement("INSERT INTO patients (" + String.join(", ", columns)
                    + ") VALUES (" + "?, ".repeat(row.length - 1) + "?)")) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.executeUpdate();
            }
        }
        assertThat(CliFixture.splitdb("verify", "--config", config, "--table", "patients").exitCode()).isZero();
    }

    @Test
    void aVersionChangedOnOneBackendIsNamed() throws Exception {
        db.onBackend(0, "UPDATE patients SET _split_ver = _split_ver + 5 WHERE id = 9");
        try {
            CliFixture.Run run = CliFixture.splitdb("verify", "--config", config, "--table", "PATIENTS");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("version mismatches: 1")
                    .containsPattern("patients row _split_rowid=\\d+ \\(id=9\\): _split_ver differs on backend 0 \\(0: \\d+, 1: \\d+, 2: \\d+\\)");
        } finally {
            db.onBackend(0, "UPDATE patients SET _split_ver = _split_ver - 5 WHERE id = 9");
        }
    }

    @Test
    void plainColumnsAndPlainTablesAreCompared() throws Exception {
        db.onBackend(1, "UPDATE patients SET ward = 7 WHERE id = 10");
        db.onBackend(2, "UPDATE wards SET beds = 99 WHERE id = 2");
        try {
            CliFixture.Run run = CliFixture.splitdb("verify", "--config", config);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("plain-column mismatches: 1")
                    .containsPattern("\\(id=10\\): column ward differs on backend 1")
                    .contains("table wards (no protected columns): 2 rows on each backend, but the checksum differs on backend 2: INCONSISTENT");
        } finally {
            db.onBackend(1, "UPDATE patients SET ward = 1 WHERE id = 10");
            db.onBackend(2, "UPDATE wards SET beds = 20 WHERE id = 2");
        }
    }

    @Test
    void inDoubtBranchesAndPendingRecordsAreReported() throws Exception {
        String gtrid = "sdb-0-" + tag() + "-" + Long.toHexString(System.currentTimeMillis() - 60_000) + "-00000000000000f1";
        String elsewhere = "sdb-0-ffffffff-" + Long.toHexString(System.currentTimeMillis() - 60_000) + "-00000000000000e1";
        try (Connection c = db.backend(1); Statement s = c.createStatement()) {
            s.execute("XA START '" + gtrid + "','b1'");
            s.execute("UPDATE wards SET beds = beds + 1 WHERE id = 1");
            s.execute("XA END '" + gtrid + "','b1'");
            s.execute("XA PREPARE '" + gtrid + "','b1'");
        }
        try (Connection c = db.backend(2); Statement s = c.createStatement()) {  // another split database's branch on the same server
            s.execute("XA START '" + elsewhere + "','b2'");
            s.execute("UPDATE wards SET beds = beds + 1 WHERE id = 2");
            s.execute("XA END '" + elsewhere + "','b2'");
            s.execute("XA PREPARE '" + elsewhere + "','b2'");
        }
        db.onBackend(0, "INSERT INTO _split_pending (target, table_name, row_id) VALUES (2, 'patients', 1)");
        try {
            CliFixture.Run run = CliFixture.splitdb("verify", "--config", config, "--table", "wards");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out())
                    .contains("in-doubt XA branches: 1")
                    .contains("backend 1: " + gtrid + " (branch b1)")
                    .doesNotContain(elsewhere)
                    .contains("backend 0 records 1 write that backend 2 missed")
                    .doesNotContain("table patients");
        } finally {
            db.onBackend(0, "DELETE FROM _split_pending");
            db.onBackend(1, "XA ROLLBACK '" + gtrid + "','b1'");
            db.onBackend(2, "XA ROLLBACK '" + elsewhere + "','b2'");
        }
    }

    @Test
    void usageAndConfigurationErrorsExitWithTwo() {
        assertThat(CliFixture.splitdb("verify").exitCode()).as("--config is required").isEqualTo(2);
        assertThat(CliFixture.splitdb("verify", "--config", db.dir.resolve("nope.yaml").toString()).exitCode()).isEqualTo(2);
        assertThat(CliFixture.splitdb("verify", "--config", config, "--table", "no_such_table").exitCode()).isEqualTo(2);
        CliFixture.Run help = CliFixture.splitdb("verify", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--config=FILE", "--table=TABLE", "Exit codes");
        assertThat(CliFixture.splitdb("rebuild", "--config", config, "--backend", "3").exitCode()).isEqualTo(2);
        assertThat(CliFixture.splitdb("repair", "--help").out()).contains("--verify");
    }

    private static byte[] bytes(int backend, String sql) throws Exception {
        try (Connection c = db.backend(backend); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getBytes(1);
        }
    }

    private static void update(int backend, String sql, byte[] value) throws Exception {
        try (Connection c = db.backend(backend); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, value);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The tag this split database's XA transaction ids carry. */
    private static String tag() throws Exception {
        try (Connection c = db.connect()) {
            return c.unwrap(io.splitdb.jdbc.SplitConnection.class).database().databaseTag();
        }
    }
}
