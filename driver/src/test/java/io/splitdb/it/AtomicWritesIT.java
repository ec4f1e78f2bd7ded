package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The commit protocol's pieces seen from the backends: in-doubt XA branches settled by the
 * leader's decision records, and a backend that missed writes repaired from the other two.
 */
@ExtendWith(SplitBackendsExtension.class)
class AtomicWritesIT {
    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "atomic", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), ward INT)");
            s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
            s.execute("INSERT INTO wards VALUES (1, 10), (2, 20)");
            for (int i = 1; i <= 30; i++) {
                s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('patient " + i + "', 'J" + i + "', " + (i % 2 + 1) + ")");
            }
        }
    }

    private static SplitConnection split(Connection c) throws SQLException {
        return c.unwrap(SplitConnection.class);
    }

    /** A coordinator that died after preparing: the branch waits on the follower for recovery. */
    private static void preparedBranch(int backend, String gtrid, String sql) throws SQLException {
        try (Connection direct = db.backend(backend); Statement s = direct.createStatement()) {
            s.execute("XA START '" + gtrid + "','b" + backend + "'");
            s.execute(sql);
            s.execute("XA END '" + gtrid + "','b" + backend + "'");
            s.execute("XA PREPARE '" + gtrid + "','b" + backend + "'");
        }
    }

    private static List<String> inDoubt(int backend) throws SQLException {
        List<String> xids = new ArrayList<>();
        try (Connection direct = db.backend(backend); Statement s = direct.createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                if (rs.getString("data").startsWith("sdb-")) {
                    xids.add(rs.getString("data"));
                }
            }
        }
        return xids;
    }

    private static int beds(int backend, int ward) throws SQLException {
        try (Connection direct = db.backend(backend); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SELECT beds FROM wards WHERE id = " + ward)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void inDoubtBranchesFollowTheLeadersDecision() throws Exception {
        String old = Long.toHexString(System.currentTimeMillis() - 60_000);
        String tag;
        try (Connection c = db.connect()) {
            tag = split(c).database().databaseTag();
        }
        String committed = "sdb-0-" + tag + "-" + old + "-00000000000000c1";
        String undecided = "sdb-0-" + tag + "-" + old + "-00000000000000a1";
        String elsewhere = "sdb-0-ffffffff-" + old + "-00000000000000e1";  // another split database's branch on the same server
        try (Connection direct = db.backend(0); Statement s = direct.createStatement()) {
            s.executeUpdate("INSERT INTO _split_decisions (gtrid, outcome) VALUES ('" + committed + "', 'C')");
        }
        preparedBranch(1, committed, "UPDATE wards SET beds = beds + 5 WHERE id = 1");
        preparedBranch(2, undecided, "UPDATE wards SET beds = beds + 7 WHERE id = 2");
        preparedBranch(1, elsewhere, "INSERT INTO wards VALUES (99, 0)");
        assertThat(inDoubt(1)).hasSize(2);
        assertThat(inDoubt(2)).hasSize(1);

        try (Connection c = db.connect()) {
            split(c).database().recovery().runNow();  // (the background sweep may have been first)
        }
        assertThat(inDoubt(1)).as("another database's branch is left to its own recovery").containsExactly(elsewhere + "b1");
        assertThat(inDoubt(2)).isEmpty();
        try (Connection direct = db.backend(1); Statement s = direct.createStatement()) {
            s.execute("XA ROLLBACK '" + elsewhere + "','b1'");
        }
        assertThat(beds(1, 1)).as("the branch whose leader decided to commit").isEqualTo(beds(0, 1) + 5);
        assertThat(beds(2, 2)).as("the branch nobody decided is rolled back").isEqualTo(beds(0, 2));
        try (Connection direct = db.backend(0); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SELECT outcome FROM _split_decisions WHERE gtrid = '" + undecided + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("recovery's abort record: a late commit of that transaction would now fail").isEqualTo("A");
        }
        // undo the committed test branch's effect on backend 1, so the three agree again
        try (Connection direct = db.backend(1); Statement s = direct.createStatement()) {
            s.executeUpdate("UPDATE wards SET beds = beds - 5 WHERE id = 1");
        }
    }

    @Test
    void aTransactionCommitsOnAllBackendsAndLeavesNothingInDoubt() throws Exception {
        int total = beds(0, 1) + beds(0, 2);
        try (Connection c = db.connect(); Connection other = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE wards SET beds = beds - 1 WHERE id = 1");
                s.executeUpdate("UPDATE wards SET beds = beds + 1 WHERE id = 2");
                s.executeUpdate("UPDATE patients SET diagnosis = 'moved' WHERE name = 'patient 3'");
                try (ResultSet rs = s.executeQuery("SELECT diagnosis FROM patients WHERE name = 'patient 3'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("a transaction reads its own writes").isEqualTo("moved");
                }
            }
            try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery("SELECT diagnosis FROM patients WHERE name = 'patient 3'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("others do not see it before commit").isEqualTo("J3");
            }
            c.commit();
            try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery("SELECT diagnosis FROM patients WHERE name = 'patient 3'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("moved");
            }
        }
        for (int b = 0; b < 3; b++) {
            assertThat(inDoubt(b)).isEmpty();
            assertThat(beds(b, 1) + beds(b, 2)).isEqualTo(total);
            assertThat(beds(b, 1)).isEqualTo(beds(0, 1));
        }
        assertThat(rowImages(0)).isEqualTo(rowImages(1)).isEqualTo(rowImages(2));
    }

    @Test
    void aRolledBackTransactionLeavesNoTrace() throws Exception {
        List<String> before = rowImages(0);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('temporary', 'X1', 1)");
                s.executeUpdate("DELETE FROM patients WHERE name = 'patient 4'");
            }
            c.rollback();
        }
        for (int b = 0; b < 3; b++) {
            assertThat(inDoubt(b)).isEmpty();
            assertThat(rowImages(b)).isEqualTo(before);
        }
    }

    /** Every row's key, version, blind index and plain columns on one backend (shares differ by design). */
    private static List<String> rowImages(int backend) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection direct = db.backend(backend); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, ward, _split_rowid, _split_ver, name_bidx, LENGTH(name), LENGTH(diagnosis) "
                     + "FROM patients ORDER BY _split_rowid")) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= 7; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                rows.add(b.toString());
            }
        }
        return rows;
    }

    private static String nameOf(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, diagnosis FROM patients WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + "/" + rs.getString(2) : null;
            }
        }
    }

    @Test
    void aBackendThatMissedWritesIsRepairedFromTheOtherTwo() throws Exception {
        assumeTrue(db.trio.controllable(), "needs embedded backends that the test can stop");
        long newId;
        db.trio.stop(2);
        try {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('written while 2 was down', 'Z99', 2)",
                            Statement.RETURN_GENERATED_KEYS);
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        newId = keys.getLong(1);
                    }
                    s.executeUpdate("UPDATE patients SET name = 'renamed while 2 was down' WHERE id = 5");
                    s.executeUpdate("DELETE FROM patients WHERE id = 6");
                    s.executeUpdate("UPDATE wards SET beds = beds + 100 WHERE id = 1");
                }
                c.commit();
                assertThat(split(c).database().backends().get(2).isUp()).isFalse();
            }
            try (Connection direct = db.backend(0); Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM _split_pending WHERE target = 2")) {
                rs.next();
                assertThat(rs.getInt(1)).as("what backend 2 missed is recorded").isGreaterThan(0);
            }
        } finally {
            db.trio.start(2);
        }
        db.backInService(2);
        for (int b = 0; b < 2; b++) {
            try (Connection direct = db.backend(b); Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM _split_pending")) {
                rs.next();
                assertThat(rs.getInt(1)).as("repair records are deleted").isZero();
            }
        }
        assertThat(rowImages(2)).isEqualTo(rowImages(0)).isEqualTo(rowImages(1));
        assertThat(beds(2, 1)).isEqualTo(beds(0, 1));
        // the repaired shares reconstruct: read with backend 1 out of the way (backends 0 and 2 answer)
        db.trio.stop(1);
        try (Connection c = db.connect()) {
            assertThat(nameOf(c, (int) newId)).isEqualTo("written while 2 was down/Z99");
            assertThat(nameOf(c, 5)).isEqualTo("renamed while 2 was down/J5");
            assertThat(nameOf(c, 6)).isNull();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM patients WHERE name = ?")) {
                ps.setString(1, "RENAMED WHILE 2 WAS DOWN");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(5);
                }
            }
        } finally {
            db.trio.start(1);
        }
        db.backInService(1);
    }

    @Test
    void writesAllRefusesWhileABackendIsDown() throws Exception {
        assumeTrue(db.trio.controllable(), "needs embedded backends that the test can stop");
        java.nio.file.Path config = db.dir.resolve("all.yaml");
        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(db.config).replace("options:\n", "options:\n  writes: all\n"));
        db.trio.stop(1);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:split:" + config); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE wards SET beds = beds + 1 WHERE id = 2"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("writes: all").extracting("SQLState").isEqualTo("08S01");
            assertThat(nameOf(c, 7)).as("reads go on").isEqualTo("patient 7/J7");
        } finally {
            db.trio.start(1);
        }
        db.backInService(1);
    }
}
