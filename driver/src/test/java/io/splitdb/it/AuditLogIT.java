package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit log's bound: while only one backend takes entries, none is durable, and past
 * {@code audit-buffer} entries {@code audit: required} fails statements on protected columns
 * (the rows are not returned) until the log catches up, while {@code best-effort} drops entries.
 * Plain statements are never held up.
 */
@ExtendWith(SplitBackendsExtension.class)
class AuditLogIT {
    private static final String TABLES = """
            tables:
              patients:
                name: { protect: shared, search: equality }
            """;

    @Test
    void requiredRefusesProtectedReadsWhileTheLogCannotKeepUp(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "audit_required", TABLES, "  audit: required\n  audit-buffer: 3\n");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            setUp(s);
            c.unwrap(SplitConnection.class).database().audit().flush(5_000);
            unwritable(db, true);
            try {
                for (int i = 0; i < 3; i++) {
                    assertThat(name(s)).isEqualTo("Ann");  // on backend 0 only: not yet durable
                }
                long start = System.currentTimeMillis();
                assertThatThrownBy(() -> name(s))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("the audit log cannot be written to two backends")
                        .extracting("SQLState").isEqualTo("HY000");
                assertThat(System.currentTimeMillis() - start).as("waited for room first").isGreaterThanOrEqualTo(4_000);
                try (ResultSet rs = s.executeQuery("SELECT beds FROM wards")) {
                    assertThat(rs.next()).as("a plain table is not audited, so not held up").isTrue();
                }
            } finally {
                unwritable(db, false);
            }
            assertThat(name(s)).as("the writer caught up").isEqualTo("Ann");
        }
    }

    @Test
    void bestEffortDropsEntriesInstead(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "audit_besteffort", TABLES, "  audit: best-effort\n  audit-buffer: 3\n");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            setUp(s);
            var audit = c.unwrap(SplitConnection.class).database().audit();
            audit.flush(5_000);
            unwritable(db, true);
            try {
                for (int i = 0; i < 5; i++) {
                    assertThat(name(s)).isEqualTo("Ann");
                }
            } finally {
                unwritable(db, false);
            }
            audit.flush(5_000);
            try (Connection b = db.backend(0); Statement q = b.createStatement();
                 ResultSet rs = q.executeQuery("SELECT COUNT(*) FROM _split_audit WHERE stream = '" + audit.stream() + "' AND kind = 'read'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("reads recorded: the buffer's 3, the other 2 dropped").isEqualTo(3);
            }
        }
    }

    @Test
    void textIsStoredAsWrittenWhateverItsQuotesAndBackslashes(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "audit_text", TABLES);
        String[] apps = {"O'Brien's ward app", "C:\\hospital\\app \\' x", "Zürich \u00e9t\u00e9 \ud83c\udfe5", "it's {fn NOW()} ?"};
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            setUp(s);
            for (String app : apps) {
                c.setClientInfo("ApplicationName", app);
                assertThat(name(s)).isEqualTo("Ann");
            }
            var audit = c.unwrap(SplitConnection.class).database().audit();
            audit.flush(5_000);
            for (int b = 0; b < 3; b++) {
                try (Connection backend = db.backend(b); Statement q = backend.createStatement();
                     ResultSet rs = q.executeQuery("SELECT app FROM _split_audit WHERE stream = '" + audit.stream()
                             + "' AND kind = 'read' ORDER BY seq")) {
                    java.util.List<String> stored = new java.util.ArrayList<>();
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                    assertThat(stored).as("backend " + b).endsWith(apps);
                }
            }
        }
    }

    @Test
    void aMergedBatchIsOneEntryWithAllItsRows(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "audit_batch", TABLES);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            setUp(s);
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO patients (id, name) VALUES (?, ?)")) {
                for (int i = 10; i < 13; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "Batch Secretname " + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            }
            var audit = c.unwrap(SplitConnection.class).database().audit();
            audit.flush(5_000);
            try (Connection b = db.backend(1); Statement q = b.createStatement();
                 ResultSet rs = q.executeQuery("SELECT kind, shape, row_count, row_keys FROM _split_audit WHERE stream = '"
                         + audit.stream() + "' AND shape LIKE 'INSERT INTO patients (id, name)%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("write");
                assertThat(rs.getString(2)).isEqualTo("INSERT INTO patients (id, name) VALUES (?, ?)");
                assertThat(rs.getLong(3)).isEqualTo(3);
                assertThat(rs.getString(4).split(" ")).hasSize(3).allMatch(k -> k.startsWith("patients:"));
                assertThat(rs.next()).as("one entry for the merged batch").isFalse();
            }
        }
    }

    @Test
    void writesOfATransactionASchemaChangeCommitsAreRecordedAndRolledBackOnesAreNot(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "audit_tx", TABLES);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            setUp(s);
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO patients (name, id) VALUES ('Committed By DDL', 20)");
            s.execute("CREATE TABLE visits (id INT PRIMARY KEY)");  // commits the open transaction, as in MySQL
            s.executeUpdate("INSERT INTO patients (id, name) VALUES (21, 'Rolled Back')");
            c.rollback();
            c.setAutoCommit(true);
            var audit = c.unwrap(SplitConnection.class).database().audit();
            audit.flush(5_000);
            try (Connection b = db.backend(2); Statement q = b.createStatement();
                 ResultSet rs = q.executeQuery("SELECT shape FROM _split_audit WHERE stream = '" + audit.stream() + "' AND kind = 'write' "
                         + "AND shape LIKE 'INSERT INTO patients (%' ORDER BY seq")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("INSERT INTO patients (name, id) VALUES (?, ?)");
                assertThat(rs.next()).as("the rolled-back insert").isFalse();
            }
        }
    }

    private static void setUp(Statement s) throws SQLException {
        s.execute("CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(40))");
        s.execute("INSERT INTO patients VALUES (1, 'Ann')");
        s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
        s.execute("INSERT INTO wards VALUES (1, 4)");
    }

    private static String name(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT name FROM patients WHERE id = 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Backends 1 and 2 refuse audit entries (their table is renamed away) or take them again. */
    private static void unwritable(SplitFixture db, boolean away) throws SQLException {
        for (int b = 1; b <= 2; b++) {
            try (Connection c = db.backend(b); Statement s = c.createStatement()) {
                s.execute(away ? "RENAME TABLE _split_audit TO _split_audit_away" : "RENAME TABLE _split_audit_away TO _split_audit");
            }
        }
    }
}
