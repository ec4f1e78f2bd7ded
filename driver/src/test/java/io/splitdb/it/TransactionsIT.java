package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.splitdb.it.TxChecks.assertBackendsAgree;
import static io.splitdb.it.TxChecks.assertNoXaBranches;
import static io.splitdb.it.TxChecks.one;
import static io.splitdb.it.TxChecks.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactions across the three backends (issue 4): commit and rollback of inserts, updates and
 * deletes on tables with protected columns and on plain tables, reading one's own writes, isolation
 * from other connections, savepoints, transaction statements as SQL text, statement-level
 * atomicity and generated keys. After every commit the three backends must hold the same rows
 * (row id, row version, plain columns and blind indexes; shares differ by design) and no XA
 * branch may be left.
 */
@ExtendWith(SplitBackendsExtension.class)
class TransactionsIT {
    private static final String PATIENTS = "CREATE TABLE %s (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(60), ssn CHAR(11), "
            + "diagnosis VARCHAR(200), ward INT)";
    private static final String POLICY = """
              %s:
                name:      { protect: shared, search: equality }
                ssn:       { protect: shared, search: equality, bits: 16 }
                diagnosis: { protect: shared }
            """;
    private static final String VISITS = "CREATE TABLE %s (id INT PRIMARY KEY, patient INT, note VARCHAR(100))";
    private static final List<String> SHARES = List.of("name", "ssn", "diagnosis");
    private static final List<String> PROTECTED = List.of("p_commit", "p_rollback", "p_own", "p_sp", "p_sql", "p_close", "p_atomic",
            "p_keys", "p_iso", "p_tamper", "p_auto");
    private static final List<String> PLAIN = List.of("v_commit", "v_rollback", "v_own", "v_sp", "v_sql", "v_close", "v_atomic", "v_auto");

    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        StringBuilder policy = new StringBuilder("tables:\n");
        PROTECTED.forEach(t -> policy.append(POLICY.formatted(t)));
        db = SplitFixture.create(trio, "tx", policy.toString());
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String t : PROTECTED) {
                s.execute(PATIENTS.formatted(t));
                s.executeUpdate("INSERT INTO " + t + " (id, name, ssn, diagnosis, ward) VALUES "
                        + "(1, 'Ann Able', '111-11-1111', 'influenza', 1), "
                        + "(2, 'Bob Baker', '222-22-2222', 'broken arm', 1), "
                        + "(3, 'Chloé Cohen', NULL, 'asthma', 2)");
            }
            for (String t : PLAIN) {
                s.execute(VISITS.formatted(t));
                s.executeUpdate("INSERT INTO " + t + " VALUES (1, 1, 'first'), (2, 2, 'second')");
            }
        }
    }

    @AfterEach
    void noBranchesLeft() throws Exception {
        assertNoXaBranches(db);
    }

    private static List<String> patients(Connection c, String table) throws SQLException {
        return rows(c, "SELECT id, name, ssn, diagnosis, ward FROM " + table + " ORDER BY id");
    }

    private static List<String> visits(Connection c, String table) throws SQLException {
        return rows(c, "SELECT id, patient, note FROM " + table + " ORDER BY id");
    }

    /** After a commit: the three backends agree on every table named, and no XA branch is left. */
    private static void assertCommittedEverywhere(String... tables) throws SQLException {
        for (String t : tables) {
            assertBackendsAgree(db, t, t.startsWith("p_") ? SHARES : List.of());
        }
        assertNoXaBranches(db);
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    // ------------------------------------------------------------------ commit and rollback

    @Test
    void commitPublishesInsertsUpdatesAndDeletesTogether() throws Exception {
        try (Connection c = db.connect(); Connection other = db.connect()) {
            List<String> beforeP = patients(other, "p_commit");
            List<String> beforeV = visits(other, "v_commit");
            c.setAutoCommit(false);
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(update(c, "INSERT INTO p_commit (id, name, ssn, diagnosis, ward) VALUES (10, 'Dora Dunn', '444-44-4444', 'gout', 3)"))
                    .isEqualTo(1);
            assertThat(update(c, "UPDATE p_commit SET diagnosis = 'influenza A', name = 'Ann Able-Smith' WHERE id = 1")).isEqualTo(1);
            assertThat(update(c, "DELETE FROM p_commit WHERE id = 2")).isEqualTo(1);
            assertThat(update(c, "INSERT INTO v_commit VALUES (10, 10, 'admitted')")).isEqualTo(1);
            assertThat(update(c, "UPDATE v_commit SET note = 'first, revised' WHERE id = 1")).isEqualTo(1);
            assertThat(update(c, "DELETE FROM v_commit WHERE id = 2")).isEqualTo(1);

            List<String> expectedP = List.of("1|Ann Able-Smith|111-11-1111|influenza A|1", "3|Chloé Cohen|null|asthma|2",
                    "10|Dora Dunn|444-44-4444|gout|3");
            List<String> expectedV = List.of("1|1|first, revised", "10|10|admitted");
            assertThat(patients(c, "p_commit")).as("the transaction reads its own writes").isEqualTo(expectedP);
            assertThat(visits(c, "v_commit")).isEqualTo(expectedV);
            assertThat(patients(other, "p_commit")).as("another connection does not see uncommitted writes").isEqualTo(beforeP);
            assertThat(visits(other, "v_commit")).isEqualTo(beforeV);

            c.commit();
            assertThat(patients(other, "p_commit")).isEqualTo(expectedP);
            assertThat(visits(other, "v_commit")).isEqualTo(expectedV);
            assertThat(patients(c, "p_commit")).isEqualTo(expectedP);
            assertCommittedEverywhere("p_commit", "v_commit");
            // the connection stays in manual-commit mode: the next statement starts a new transaction
            assertThat(c.getAutoCommit()).isFalse();
            update(c, "DELETE FROM p_commit WHERE id = 10");
            assertThat(one(other, "SELECT COUNT(*) FROM p_commit WHERE id = 10")).isEqualTo("1");
            c.commit();
            assertThat(one(other, "SELECT COUNT(*) FROM p_commit WHERE id = 10")).isEqualTo("0");
            assertCommittedEverywhere("p_commit");
        }
    }

    @Test
    void rollbackUndoesInsertsUpdatesAndDeletesOnEveryBackend() throws Exception {
        List<List<String>> physicalBefore = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            physicalBefore.add(TxChecks.physicalRows(db, b, "p_rollback", SHARES));
            physicalBefore.add(TxChecks.physicalRows(db, b, "v_rollback", List.of()));
        }
        try (Connection c = db.connect()) {
            List<String> beforeP = patients(c, "p_rollback");
            List<String> beforeV = visits(c, "v_rollback");
            c.setAutoCommit(false);
            update(c, "INSERT INTO p_rollback (id, name, ssn, diagnosis, ward) VALUES (10, 'Dora Dunn', '444-44-4444', 'gout', 3)");
            update(c, "UPDATE p_rollback SET diagnosis = 'pneumonia' WHERE name = 'Bob Baker'");
            update(c, "UPDATE p_rollback SET ward = ward + 10");
            update(c, "DELETE FROM p_rollback WHERE id = 3");
            update(c, "INSERT INTO v_rollback VALUES (10, 10, 'admitted')");
            update(c, "DELETE FROM v_rollback WHERE id = 1");
            assertThat(patients(c, "p_rollback")).hasSize(3).contains("2|Bob Baker|222-22-2222|pneumonia|11");
            c.rollback();
            assertThat(patients(c, "p_rollback")).isEqualTo(beforeP);
            assertThat(visits(c, "v_rollback")).isEqualTo(beforeV);
            c.setAutoCommit(true);
        }
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT diagnosis FROM p_rollback WHERE name = 'Bob Baker'")).isEqualTo("broken arm");
            assertThat(one(c, "SELECT COUNT(*) FROM p_rollback WHERE name = 'Dora Dunn'")).isEqualTo("0");
        }
        List<List<String>> physicalAfter = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            physicalAfter.add(TxChecks.physicalRows(db, b, "p_rollback", SHARES));
            physicalAfter.add(TxChecks.physicalRows(db, b, "v_rollback", List.of()));
        }
        assertThat(physicalAfter).as("row ids, versions, blind indexes and plain columns on each backend").isEqualTo(physicalBefore);
        assertNoXaBranches(db);
    }

    @Test
    void readsOwnWritesIncludingSearchesThatRunInTheDriverAndHidesThemFromOthers() throws Exception {
        try (Connection c = db.connect(); Connection other = db.connect()) {
            c.setAutoCommit(false);
            update(c, "INSERT INTO p_own (id, name, ssn, diagnosis, ward) VALUES (20, 'Zoë Quill', '555-55-5555', 'seasonal flu', 4)");
            update(c, "UPDATE p_own SET name = 'Bea Baker', diagnosis = 'flu, then arm' WHERE id = 2");
            update(c, "INSERT INTO v_own VALUES (20, 20, 'flu visit')");
            // equality on a blind-indexed column (pushed down) sees the new and updated rows, not the old value
            try (PreparedStatement ps = c.prepareStatement("SELECT id, diagnosis FROM p_own WHERE name = ?")) {
                ps.setString(1, "Zoë Quill");
                assertThat(rowsOf(ps)).containsExactly("20|seasonal flu");
                ps.setString(1, "Bea Baker");
                assertThat(rowsOf(ps)).containsExactly("2|flu, then arm");
                ps.setString(1, "Bob Baker");
                assertThat(rowsOf(ps)).isEmpty();
            }
            assertThat(one(c, "SELECT id FROM p_own WHERE ssn = '555-55-5555'")).isEqualTo("20");
            // LIKE on a protected column runs in the driver over the decrypted rows of this transaction
            assertThat(rows(c, "SELECT id FROM p_own WHERE diagnosis LIKE '%flu%' ORDER BY id")).containsExactly("1", "2", "20");
            assertThat(rows(c, "SELECT name FROM p_own WHERE name LIKE '%Quill' ORDER BY name")).containsExactly("Zoë Quill");
            // a join of the protected and the plain table
            assertThat(rows(c, "SELECT p.name, v.note FROM p_own p JOIN v_own v ON v.patient = p.id WHERE p.id = 20"))
                    .containsExactly("Zoë Quill|flu visit");
            assertThat(one(c, "SELECT COUNT(*) FROM p_own")).isEqualTo("4");

            // another connection sees none of it, by any path
            try (PreparedStatement ps = other.prepareStatement("SELECT id, diagnosis FROM p_own WHERE name = ?")) {
                ps.setString(1, "Zoë Quill");
                assertThat(rowsOf(ps)).isEmpty();
                ps.setString(1, "Bob Baker");
                assertThat(rowsOf(ps)).containsExactly("2|broken arm");
                ps.setString(1, "Bea Baker");
                assertThat(rowsOf(ps)).isEmpty();
            }
            assertThat(rows(other, "SELECT id FROM p_own WHERE diagnosis LIKE '%flu%' ORDER BY id")).containsExactly("1");
            assertThat(one(other, "SELECT COUNT(*) FROM v_own WHERE id = 20")).isEqualTo("0");
            c.commit();
            try (PreparedStatement ps = other.prepareStatement("SELECT id, diagnosis FROM p_own WHERE name = ?")) {
                ps.setString(1, "Zoë Quill");
                assertThat(rowsOf(ps)).containsExactly("20|seasonal flu");
            }
            assertThat(rows(other, "SELECT id FROM p_own WHERE diagnosis LIKE '%flu%' ORDER BY id")).containsExactly("1", "2", "20");
            assertCommittedEverywhere("p_own", "v_own");
        }
    }

    private static List<String> rowsOf(PreparedStatement ps) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------ savepoints

    @Test
    void savepointsNamedAndUnnamedRollBackPartOfTheTransaction() throws Exception {
        try (Connection c = db.connect(); Connection other = db.connect()) {
            c.setAutoCommit(false);
            update(c, "INSERT INTO p_sp (id, name, ssn, diagnosis, ward) VALUES (30, 'Sam A', '300-00-0000', 'a', 3)");
            update(c, "INSERT INTO v_sp VALUES (30, 30, 'a')");
            Savepoint one = c.setSavepoint("one");
            assertThat(one.getSavepointName()).isEqualTo("one");
            update(c, "INSERT INTO p_sp (id, name, ssn, diagnosis, ward) VALUES (31, 'Sam B', '310-00-0000', 'b', 3)");
            Savepoint unnamed = c.setSavepoint();
            update(c, "UPDATE p_sp SET diagnosis = 'a, changed' WHERE id = 30");
            update(c, "UPDATE v_sp SET note = 'a, changed' WHERE id = 30");
            update(c, "DELETE FROM p_sp WHERE id = 1");

            c.rollback(unnamed);
            assertThat(rows(c, "SELECT id, diagnosis FROM p_sp WHERE id IN (1, 30, 31) ORDER BY id"))
                    .as("rolled back to the unnamed savepoint: the update and delete after it are undone, the insert before it kept")
                    .containsExactly("1|influenza", "30|a", "31|b");
            assertThat(one(c, "SELECT note FROM v_sp WHERE id = 30")).isEqualTo("a");
            assertThat(one(c, "SELECT id FROM p_sp WHERE name = 'Sam B'")).isEqualTo("31");

            update(c, "INSERT INTO p_sp (id, name, ssn, diagnosis, ward) VALUES (32, 'Sam C', '320-00-0000', 'c', 3)");
            c.rollback(one);
            assertThat(rows(c, "SELECT id FROM p_sp WHERE id >= 30 ORDER BY id")).as("rolled back to 'one'").containsExactly("30");
            assertThat(rows(c, "SELECT id FROM p_sp WHERE name = 'Sam C'")).isEmpty();
            assertThat(rows(c, "SELECT id FROM v_sp WHERE id = 30")).containsExactly("30");
            // savepoint 'one' survives a rollback to it; the unnamed one, set after it, does not
            update(c, "INSERT INTO p_sp (id, name, ssn, diagnosis, ward) VALUES (33, 'Sam D', '330-00-0000', 'd', 3)");
            c.rollback(one);
            assertThat(rows(c, "SELECT id FROM p_sp WHERE id >= 30 ORDER BY id")).containsExactly("30");
            assertThatThrownBy(() -> c.rollback(unnamed)).isInstanceOf(SQLException.class);

            Savepoint three = c.setSavepoint("three");
            update(c, "INSERT INTO p_sp (id, name, ssn, diagnosis, ward) VALUES (34, 'Sam E', '340-00-0000', 'e', 3)");
            c.releaseSavepoint(three);
            SQLException gone = catchSql(() -> c.rollback(three));
            assertThat((Object) gone).as("a released savepoint cannot be rolled back to").isNotNull();
            assertThat(gone.getErrorCode()).as(TxChecks.describe(gone)).isEqualTo(1305);
            assertThat(gone.getSQLState()).isEqualTo("42000");
            // the failed rollback-to left the transaction as it was
            assertThat(rows(c, "SELECT id FROM p_sp WHERE id >= 30 ORDER BY id")).containsExactly("30", "34");
            assertThat(rows(other, "SELECT id FROM p_sp WHERE id >= 30 ORDER BY id")).isEmpty();
            c.commit();
            assertThat(rows(other, "SELECT id, name, diagnosis FROM p_sp WHERE id >= 30 ORDER BY id")).containsExactly("30|Sam A|a", "34|Sam E|e");
            assertThat(rows(other, "SELECT id, note FROM v_sp WHERE id = 30")).containsExactly("30|a");
            assertThat(one(other, "SELECT name FROM p_sp WHERE id = 1")).isEqualTo("Ann Able");
            assertCommittedEverywhere("p_sp", "v_sp");
            // a savepoint does not outlive its transaction
            assertThatThrownBy(() -> c.rollback(one)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void savepointsNeedAManualCommitConnection() throws Exception {
        try (Connection c = db.connect()) {
            assertThatThrownBy(c::setSavepoint).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> c.setSavepoint("x")).isInstanceOf(SQLException.class);
        }
    }

    // ------------------------------------------------------------------ SQL text

    @Test
    void transactionStatementsAsSqlText() throws Exception {
        try (Connection c = db.connect(); Connection other = db.connect(); Statement s = c.createStatement()) {
            // START TRANSACTION ... ROLLBACK
            s.execute("START TRANSACTION");
            s.executeUpdate("INSERT INTO p_sql (id, name, ssn, diagnosis, ward) VALUES (40, 'Text One', '400-00-0000', 'x', 4)");
            s.executeUpdate("INSERT INTO v_sql VALUES (40, 40, 'x')");
            assertThat(one(c, "SELECT COUNT(*) FROM p_sql WHERE name = 'Text One'")).isEqualTo("1");
            assertThat(one(other, "SELECT COUNT(*) FROM p_sql WHERE name = 'Text One'")).isEqualTo("0");
            s.execute("ROLLBACK");
            assertThat(one(c, "SELECT COUNT(*) FROM p_sql WHERE id = 40")).isEqualTo("0");
            assertThat(one(c, "SELECT COUNT(*) FROM v_sql WHERE id = 40")).isEqualTo("0");
            // after COMMIT/ROLLBACK of a START TRANSACTION, auto-commit is on again
            assertThat(c.getAutoCommit()).isTrue();
            s.executeUpdate("INSERT INTO v_sql VALUES (41, 41, 'autocommitted')");
            assertThat(one(other, "SELECT COUNT(*) FROM v_sql WHERE id = 41")).isEqualTo("1");

            // BEGIN, savepoints by SQL, COMMIT
            s.execute("BEGIN");
            s.executeUpdate("INSERT INTO p_sql (id, name, ssn, diagnosis, ward) VALUES (42, 'Text Two', '420-00-0000', 'y', 4)");
            s.execute("SAVEPOINT sp1");
            s.executeUpdate("UPDATE p_sql SET diagnosis = 'y, changed' WHERE id = 42");
            s.executeUpdate("INSERT INTO v_sql VALUES (42, 42, 'y')");
            s.execute("ROLLBACK TO SAVEPOINT sp1");
            assertThat(one(c, "SELECT diagnosis FROM p_sql WHERE id = 42")).isEqualTo("y");
            assertThat(one(c, "SELECT COUNT(*) FROM v_sql WHERE id = 42")).isEqualTo("0");
            s.execute("SAVEPOINT sp2");
            s.executeUpdate("UPDATE p_sql SET ward = 44 WHERE name = 'Text Two'");
            s.execute("RELEASE SAVEPOINT sp2");
            SQLException released = catchSql(() -> s.execute("ROLLBACK TO SAVEPOINT sp2"));
            assertThat((Object) released).isNotNull();
            assertThat(released.getErrorCode()).as(TxChecks.describe(released)).isEqualTo(1305);
            assertThat(one(other, "SELECT COUNT(*) FROM p_sql WHERE id = 42")).isEqualTo("0");
            s.execute("COMMIT");
            assertThat(rows(other, "SELECT id, name, diagnosis, ward FROM p_sql WHERE id = 42")).containsExactly("42|Text Two|y|44");
            assertCommittedEverywhere("p_sql", "v_sql");

            // SET autocommit = 0: statements wait for COMMIT; SET autocommit = 1 commits what is pending
            s.execute("SET autocommit = 0");
            assertThat(c.getAutoCommit()).as("getAutoCommit() after SET autocommit = 0").isFalse();
            s.executeUpdate("INSERT INTO p_sql (id, name, ssn, diagnosis, ward) VALUES (43, 'Text Three', '430-00-0000', 'z', 4)");
            assertThat(one(other, "SELECT COUNT(*) FROM p_sql WHERE id = 43")).isEqualTo("0");
            s.execute("ROLLBACK");
            assertThat(one(c, "SELECT COUNT(*) FROM p_sql WHERE id = 43")).isEqualTo("0");
            s.executeUpdate("INSERT INTO p_sql (id, name, ssn, diagnosis, ward) VALUES (44, 'Text Four', '440-00-0000', 'w', 4)");
            assertThat(one(other, "SELECT COUNT(*) FROM p_sql WHERE id = 44")).isEqualTo("0");
            s.execute("SET autocommit = 1");
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(one(other, "SELECT name FROM p_sql WHERE id = 44")).as("SET autocommit = 1 commits the open transaction")
                    .isEqualTo("Text Four");
            assertCommittedEverywhere("p_sql");
        }
    }

    @Test
    void setAutoCommitTrueCommitsTheOpenTransaction() throws Exception {
        try (Connection c = db.connect(); Connection other = db.connect()) {
            c.setAutoCommit(false);
            update(c, "INSERT INTO p_auto (id, name, ssn, diagnosis, ward) VALUES (50, 'Auto One', '500-00-0000', 'q', 5)");
            update(c, "INSERT INTO v_auto VALUES (50, 50, 'q')");
            assertThat(one(other, "SELECT COUNT(*) FROM p_auto WHERE id = 50")).isEqualTo("0");
            c.setAutoCommit(true);
            assertThat(one(other, "SELECT name FROM p_auto WHERE id = 50")).isEqualTo("Auto One");
            assertThat(one(other, "SELECT note FROM v_auto WHERE id = 50")).isEqualTo("q");
            assertCommittedEverywhere("p_auto", "v_auto");
            // back in auto-commit mode, each statement commits on its own
            update(c, "INSERT INTO p_auto (id, name, ssn, diagnosis, ward) VALUES (51, 'Auto Two', '510-00-0000', 'r', 5)");
            assertThat(one(other, "SELECT name FROM p_auto WHERE id = 51")).isEqualTo("Auto Two");
            assertCommittedEverywhere("p_auto");
        }
    }

    // ------------------------------------------------------------------ close, failures, keys

    @Test
    void closingAConnectionWithAnOpenTransactionRollsItBack() throws Exception {
        List<String> beforeP;
        List<String> beforeV;
        try (Connection c = db.connect()) {
            beforeP = patients(c, "p_close");
            beforeV = visits(c, "v_close");
        }
        Connection c = db.connect();
        c.setAutoCommit(false);
        update(c, "INSERT INTO p_close (id, name, ssn, diagnosis, ward) VALUES (60, 'Closed Away', '600-00-0000', 'lost', 6)");
        update(c, "UPDATE p_close SET diagnosis = 'never' WHERE id = 1");
        update(c, "DELETE FROM p_close WHERE id = 2");
        update(c, "INSERT INTO v_close VALUES (60, 60, 'lost')");
        c.close();
        assertThat(c.isClosed()).isTrue();
        try (Connection check = db.connect()) {
            assertThat(patients(check, "p_close")).isEqualTo(beforeP);
            assertThat(visits(check, "v_close")).isEqualTo(beforeV);
        }
        // no backend still holds the closed transaction's locks
        for (int b = 0; b < 3; b++) {
            try (Connection direct = db.backend(b); Statement s = direct.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 2");
                direct.setAutoCommit(false);
                SQLException locked = catchSql(() -> {
                    s.executeQuery("SELECT id FROM p_close WHERE id IN (1, 2, 60) FOR UPDATE").close();
                    s.executeQuery("SELECT id FROM v_close WHERE id = 60 FOR UPDATE").close();
                });
                assertThat((Object) locked).as("rows still locked on backend %d after close()", b).isNull();
                direct.rollback();
            }
        }
        assertCommittedEverywhere("p_close", "v_close");
    }

    @Test
    void aFailingStatementKeepsTheTransactionsEarlierWrites() throws Exception {
        try (Connection c = db.connect(); Connection other = db.connect()) {
            c.setAutoCommit(false);
            update(c, "INSERT INTO p_atomic (id, name, ssn, diagnosis, ward) VALUES (70, 'Atom One', '700-00-0000', 'one', 7)");
            update(c, "INSERT INTO v_atomic VALUES (70, 70, 'one')");
            update(c, "UPDATE p_atomic SET diagnosis = 'changed in tx' WHERE id = 1");
            // a duplicate key: MySQL's error, the transaction goes on
            SQLException dup = catchSql(() -> update(c, "INSERT INTO p_atomic (id, name, ssn, diagnosis, ward) VALUES (70, 'Dup', NULL, 'dup', 7)"));
            assertThat((Object) dup).isNotNull();
            assertThat(dup.getSQLState()).as(TxChecks.describe(dup)).isEqualTo("23000");
            assertThat(dup.getErrorCode()).isEqualTo(1062);
            // a multi-row statement whose second row fails leaves nothing of its first row
            SQLException multi = catchSql(() -> update(c,
                    "INSERT INTO p_atomic (id, name, ssn, diagnosis, ward) VALUES (71, 'Atom Two', '710-00-0000', 'two', 7), (1, 'Dup', NULL, 'dup', 7)"));
            assertThat((Object) multi).isNotNull();
            assertThat(multi.getSQLState()).as(TxChecks.describe(multi)).isEqualTo("23000");
            SQLException plainDup = catchSql(() -> update(c, "INSERT INTO v_atomic VALUES (72, 72, 'two'), (70, 70, 'dup')"));
            assertThat((Object) plainDup).isNotNull();
            assertThat(plainDup.getSQLState()).isEqualTo("23000");
            // an UPDATE that fails part-way (1 -> 69 works, 2 -> 70 collides) changes no row
            SQLException upd = catchSql(() -> update(c, "UPDATE v_atomic SET id = id + 68 ORDER BY id"));
            assertThat((Object) upd).as("UPDATE v_atomic fails on its second row").isNotNull();
            assertThat(upd.getSQLState()).isEqualTo("23000");
            SQLException updP = catchSql(() -> update(c, "UPDATE p_atomic SET id = id + 68, diagnosis = 'moved' WHERE id IN (1, 2)"));
            assertThat((Object) updP).as("UPDATE p_atomic fails on its second row").isNotNull();
            assertThat(updP.getSQLState()).as(TxChecks.describe(updP)).isEqualTo("23000");
            // a statement error that is not about keys
            SQLException bad = catchSql(() -> update(c, "INSERT INTO p_atomic (id, name, nosuch) VALUES (73, 'x', 1)"));
            assertThat((Object) bad).isNotNull();
            assertThat(bad.getSQLState()).isEqualTo("42S22");

            assertThat(rows(c, "SELECT id, name, diagnosis FROM p_atomic WHERE id IN (1, 2, 3, 70, 71) ORDER BY id")).containsExactly(
                    "1|Ann Able|changed in tx", "2|Bob Baker|broken arm", "3|Chloé Cohen|asthma", "70|Atom One|one");
            assertThat(rows(c, "SELECT id FROM p_atomic WHERE name = 'Atom Two'")).isEmpty();
            List<String> plainRows = visits(c, "v_atomic");
            assertThat(plainRows).containsExactly("1|1|first", "2|2|second", "70|70|one");
            assertThat(rows(c, "SELECT id FROM p_atomic WHERE diagnosis = 'moved' OR id IN (69, 71, 73)")).isEmpty();
            c.commit();
            assertThat(rows(other, "SELECT id, name, diagnosis FROM p_atomic WHERE id IN (1, 2, 3, 70, 71) ORDER BY id")).containsExactly(
                    "1|Ann Able|changed in tx", "2|Bob Baker|broken arm", "3|Chloé Cohen|asthma", "70|Atom One|one");
            assertThat(visits(other, "v_atomic")).isEqualTo(plainRows);
            assertCommittedEverywhere("p_atomic", "v_atomic");
        }
    }

    @Test
    void generatedKeysInsideATransaction() throws Exception {
        try (Connection c = db.connect(); Connection other = db.connect()) {
            c.setAutoCommit(false);
            List<Long> first = insertPatients(c, "Key A", "Key B");
            assertThat(first).hasSize(2);
            assertThat(first.get(1)).isEqualTo(first.get(0) + 1);
            assertThat(first.get(0)).isGreaterThan(3);
            assertThat(one(c, "SELECT name FROM p_keys WHERE id = " + first.get(1))).isEqualTo("Key B");
            c.rollback();
            assertThat(one(c, "SELECT COUNT(*) FROM p_keys WHERE id >= " + first.get(0))).isEqualTo("0");

            List<Long> second = insertPatients(c, "Key C");
            assertThat(second).hasSize(1);
            // InnoDB does not hand out a rolled-back auto-increment value again
            assertThat(second.get(0)).isGreaterThan(first.get(1));
            List<Long> third;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO p_keys (name, ssn, diagnosis, ward) VALUES (?, ?, ?, 9)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (String n : List.of("Key D", "Key E", "Key F")) {
                    ps.setString(1, n);
                    ps.setString(2, "999-99-9999");
                    ps.setString(3, "batch");
                    ps.addBatch();
                }
                ps.executeBatch();
                third = keys(ps);
            }
            assertThat(third).hasSize(3).doesNotHaveDuplicates().allMatch(k -> k > second.get(0));
            assertThat(one(other, "SELECT COUNT(*) FROM p_keys WHERE id >= " + second.get(0))).isEqualTo("0");
            c.commit();
            assertThat(rows(other, "SELECT id, name FROM p_keys WHERE id >= " + second.get(0) + " ORDER BY id")).containsExactly(
                    second.get(0) + "|Key C", third.get(0) + "|Key D", third.get(1) + "|Key E", third.get(2) + "|Key F");
            assertCommittedEverywhere("p_keys");
        }
    }

    private static List<Long> insertPatients(Connection c, String... names) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO p_keys (name, ssn, diagnosis, ward) VALUES ");
        for (int i = 0; i < names.length; i++) {
            sql.append(i > 0 ? ", " : "").append("('").append(names[i]).append("', '123-45-6789', 'keys', 9)");
        }
        try (Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(sql.toString(), Statement.RETURN_GENERATED_KEYS)).isEqualTo(names.length);
            return keys(s);
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

    // ------------------------------------------------------------------ isolation

    @Test
    void repeatableReadKeepsOneSnapshotAcrossBackendsAndReadCommittedDoesNot() throws Exception {
        try (Connection c = db.connect(); Connection writer = db.connect()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(one(c, "SELECT diagnosis FROM p_iso WHERE id = 1")).isEqualTo("influenza");
            assertThat(one(c, "SELECT ward FROM p_iso WHERE id = 1")).isEqualTo("1");
            update(writer, "UPDATE p_iso SET diagnosis = 'cured', ward = 9 WHERE id = 1");
            // reads rotate over the backends: every one of them must serve the transaction's snapshot
            for (int i = 0; i < 6; i++) {
                assertThat(rows(c, "SELECT diagnosis, ward FROM p_iso WHERE id = 1")).as("read %d in REPEATABLE READ", i)
                        .containsExactly("influenza|1");
                assertThat(rows(c, "SELECT id FROM p_iso WHERE diagnosis LIKE 'infl%'")).containsExactly("1");
            }
            c.commit();
            assertThat(rows(c, "SELECT diagnosis, ward FROM p_iso WHERE id = 1")).containsExactly("cured|9");
            c.commit();

            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(one(c, "SELECT @@transaction_isolation")).isEqualTo("READ-COMMITTED");
            assertThat(one(c, "SELECT diagnosis FROM p_iso WHERE id = 1")).isEqualTo("cured");
            update(writer, "UPDATE p_iso SET diagnosis = 'influenza', ward = 1 WHERE id = 1");
            for (int i = 0; i < 3; i++) {
                assertThat(rows(c, "SELECT diagnosis, ward FROM p_iso WHERE id = 1")).as("read %d in READ COMMITTED", i)
                        .containsExactly("influenza|1");
            }
            c.commit();
            assertCommittedEverywhere("p_iso");
        }
    }

    // ------------------------------------------------------------------ tampering, inside a transaction

    /**
     * FaultsIT covers a tampered share read in auto-commit mode; this reads one through a
     * transaction's own backend connections, and then updates the row in that transaction.
     */
    @Test
    void aTamperedShareReadInsideATransactionIsOutvotedAndReported() throws Exception {
        try (Connection direct = db.backend(1); Statement s = direct.createStatement()) {
            s.executeUpdate("UPDATE p_tamper SET diagnosis = CONCAT(LEFT(diagnosis, 20), CHAR(ASCII(SUBSTRING(diagnosis, 21, 1)) ^ 1), "
                    + "SUBSTRING(diagnosis, 22)) WHERE id = 2");
        }
        try (Connection c = db.connect()) {
            long before = c.unwrap(SplitConnection.class).database().values().tamperCounts().getOrDefault(1, 0L);
            c.setAutoCommit(false);
            for (int i = 0; i < 6; i++) {
                assertThat(rows(c, "SELECT id, diagnosis FROM p_tamper WHERE id = 2")).containsExactly("2|broken arm");
                assertThat(rows(c, "SELECT id FROM p_tamper WHERE diagnosis LIKE 'broken%'")).containsExactly("2");
            }
            assertThat(c.unwrap(SplitConnection.class).database().values().tamperCounts().getOrDefault(1, 0L))
                    .as("backend 1 is named as serving a bad share").isGreaterThan(before);
            // rewriting the row in the transaction replaces the bad share
            update(c, "UPDATE p_tamper SET diagnosis = 'mended arm' WHERE id = 2");
            c.commit();
            long afterRewrite = c.unwrap(SplitConnection.class).database().values().tamperCounts().getOrDefault(1, 0L);
            for (int i = 0; i < 6; i++) {
                assertThat(one(c, "SELECT diagnosis FROM p_tamper WHERE id = 2")).isEqualTo("mended arm");
            }
            c.commit();
            assertThat(c.unwrap(SplitConnection.class).database().values().tamperCounts().getOrDefault(1, 0L)).isEqualTo(afterRewrite);
            assertCommittedEverywhere("p_tamper");
        }
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    /** The SQLException {@code action} throws, or null. */
    static SQLException catchSql(SqlAction action) {
        try {
            action.run();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
