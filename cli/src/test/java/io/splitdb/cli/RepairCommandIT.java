package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** splitdb repair: a backend that missed writes is brought back from the other two; in-doubt branches are settled. */
@ExtendWith(SplitBackendsExtension.class)
class RepairCommandIT {
    static CliFixture db;
    static String config;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "repair", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                """);
        config = db.config.toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), ward INT)");
            s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
            s.execute("INSERT INTO wards VALUES (1, 10), (2, 20)");
            for (int i = 1; i <= 20; i++) {
                s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('patient " + i + "', 'J" + i + "', " + (i % 2 + 1) + ")");
            }
        }
    }

    static String shortLivedStream;

    @Test
    void aBackendThatMissedWritesIsRepairedAndThenAgrees() throws Exception {
        assumeTrue(db.trio.controllable(), "needs embedded backends that the test can stop");
        db.trio.stop(2);
        try {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('written while 2 was down', 'Z99', 2)");
                s.executeUpdate("UPDATE patients SET diagnosis = 'changed while 2 was down' WHERE id = 5");
                s.executeUpdate("DELETE FROM patients WHERE id = 6");
                s.executeUpdate("UPDATE wards SET beds = beds + 100 WHERE id = 1");
                assertThat(c.unwrap(SplitConnection.class).database().backends().get(2).isUp()).isFalse();
            }
            // another application writes while 2 is down and ends before 2 returns: its audit entries for 2 end with it
            try (Connection c = CliFixture.connect(db.copyOfConfig("short-lived")); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('from an application that ended', 'Z98', 1)");
                shortLivedStream = c.unwrap(SplitConnection.class).database().audit().stream();
                c.unwrap(SplitConnection.class).database().close();
            }
            CliFixture.Run down = CliFixture.splitdb("verify", "--config", config);
            assertThat(down.exitCode()).as(down.toString()).isEqualTo(1);
            assertThat(down.err()).contains("backend 2").contains("verify needs all three backends");
            CliFixture.Run stillDown = CliFixture.splitdb("repair", "--config", config);
            assertThat(stillDown.exitCode()).as("the server is stopped: " + stillDown).isEqualTo(1);
            assertThat(stillDown.out()).contains("backend 2 (").contains("OUT OF SERVICE");
            assertThat(stillDown.err()).contains("is still out of service: it does not answer");
        } finally {
            db.trio.start(2);
        }
        CliFixture.Run repair = CliFixture.splitdb("repair", "--config", config, "--verify");
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out())
                .containsPattern("sweep 1: in-doubt transactions committed 0, rolled back 0; rows repaired [1-9]\\d*; back in service: 2")
                .contains("repair: every backend is in service")
                .contains("verify: the three backends agree");
        assertThat(repair.all()).doesNotContain("Z99", "changed while");

        CliFixture.Run verify = CliFixture.splitdb("verify", "--config", config);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        // the returning backend got the audit entries it missed, also those of the application that ended
        try (Connection c = db.connect()) {
            c.unwrap(SplitConnection.class).database().audit().flush(10_000);
        }
        CliFixture.Run audit = CliFixture.splitdb("audit", "verify", "--config", config);
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(auditEntries(2, shortLivedStream)).as("entries of the ended application on the returned backend")
                .isEqualTo(auditEntries(0, shortLivedStream)).isGreaterThanOrEqualTo(3);  // open, the insert, close
        // the repaired shares reconstruct with backend 2's share: read with backend 1 out of the way
        db.trio.stop(1);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT diagnosis FROM patients WHERE name = 'written while 2 was down'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Z99");
        } finally {
            db.trio.start(1);
        }
        assertThat(CliFixture.splitdb("repair", "--config", config).exitCode()).isZero();
    }

    @Test
    void inDoubtBranchesAreSettledAsTheLeaderDecided() throws Exception {
        String gtrid = "sdb-0-" + tag() + "-" + Long.toHexString(System.currentTimeMillis() - 60_000) + "-00000000000000c7";
        db.onBackend(0, "INSERT INTO _split_decisions (gtrid, outcome) VALUES ('" + gtrid + "', 'C')",
                "UPDATE wards SET beds = beds + 3 WHERE id = 2");
        try (Connection c = db.backend(1); Statement s = c.createStatement()) {
            s.execute("XA START '" + gtrid + "','b1'");
            s.execute("UPDATE wards SET beds = beds + 3 WHERE id = 2");
            s.execute("XA END '" + gtrid + "','b1'");
            s.execute("XA PREPARE '" + gtrid + "','b1'");
        }
        db.onBackend(2, "UPDATE wards SET beds = beds + 3 WHERE id = 2");
        CliFixture.Run before = CliFixture.splitdb("verify", "--config", config, "--table", "wards");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(1);
        assertThat(before.out()).contains("in-doubt XA branches: 1");

        // every backend is in service: one sweep settles the branch
        CliFixture.Run repair = CliFixture.splitdb("repair", "--config", config, "--verify");
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("verify: the three backends agree");
    }

    private static int auditEntries(int backend, String stream) throws Exception {
        try (Connection c = db.backend(backend);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM _split_audit WHERE stream = ?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The tag this split database's XA transaction ids carry. */
    private static String tag() throws Exception {
        try (Connection c = db.connect()) {
            return c.unwrap(io.splitdb.jdbc.SplitConnection.class).database().databaseTag();
        }
    }
}
