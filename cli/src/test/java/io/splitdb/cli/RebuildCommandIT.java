package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** splitdb rebuild: a backend whose database was emptied is rebuilt from the other two and serves reads with either of them. */
@ExtendWith(SplitBackendsExtension.class)
class RebuildCommandIT {
    static final int LOST = 0;  // the leader: the hardest one to lose
    static CliFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "rebuild", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), ward INT)");
            s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
            s.execute("INSERT INTO wards VALUES (1, 10), (2, 20)");
            for (int from = 1; from <= 600; from += 100) {
                StringBuilder sql = new StringBuilder("INSERT INTO patients (name, diagnosis, ward) VALUES ");
                for (int i = from; i < from + 100; i++) {
                    sql.append(i == from ? "" : ", ").append("('patient ").append(i).append("', 'J").append(i).append("', ")
                            .append(i % 2 + 1).append(")");
                }
                s.executeUpdate(sql.toString());
            }
            s.executeUpdate("DELETE FROM patients WHERE id = 17");
        }
    }

    @Test
    void anEmptiedBackendIsRebuiltFromTheOtherTwo() throws Exception {
        assumeTrue(db.trio.controllable(), "needs embedded backends that the test can stop");
        List<String> expected = everything(db.config);

        // the lost server's replacement: the database exists and is empty
        db.onBackend(LOST, "DROP DATABASE `" + db.database + "`", "CREATE DATABASE `" + db.database + "` CHARACTER SET utf8mb4");
        // a new process, as a DBA would run it (the test's own driver instance knew the old server)
        Path cli = db.copyOfConfig("cli");
        CliFixture.Run rebuild = CliFixture.splitdb("rebuild", "--config", cli.toString(), "--backend", String.valueOf(LOST));
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
        assertThat(rebuild.out())
                .containsPattern("rebuilt backend " + LOST + ": \\d+ rows written; it is back in service")
                .contains("table patients (split, 2 protected columns): 599 rows checked: ok")
                .contains("table wards (no protected columns): 2 rows on each backend, checksums agree: ok")
                .contains("verify: the three backends agree");
        assertThat(rebuild.all()).doesNotContain("patient 5", "J5");

        // reads work with the rebuilt backend and either of the other two
        Path app = db.copyOfConfig("app");
        for (int stopped = 0; stopped < 3; stopped++) {
            if (stopped == LOST) {
                continue;
            }
            db.trio.stop(stopped);
            try {
                assertThat(everything(app)).as("reads with backend " + stopped + " stopped").isEqualTo(expected);
                try (Connection c = CliFixture.connect(app); PreparedStatement ps = c.prepareStatement("SELECT id FROM patients WHERE name = ?")) {
                    ps.setString(1, "PATIENT 42");
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("an equality search on the rebuilt blind index").isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(42);
                    }
                }
            } finally {
                db.trio.start(stopped);
            }
            CliFixture.backInService(app, stopped);
        }
        // and writes go on: AUTO_INCREMENT comes from the rebuilt leader
        try (Connection c = CliFixture.connect(app); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('after the rebuild', 'Z1', 1)");
            try (ResultSet rs = s.executeQuery("SELECT id FROM patients WHERE name = 'after the rebuild'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isGreaterThan(600);
            }
        }
        assertThat(CliFixture.splitdb("verify", "--config", app.toString()).exitCode()).isZero();

        // the rebuilt server holds the audit log's history too: every entry on all three backends
        for (Path instance : List.of(db.config, app)) {
            try (Connection c = CliFixture.connect(instance)) {
                c.unwrap(io.splitdb.jdbc.SplitConnection.class).database().audit().flush(10_000);
            }
        }
        CliFixture.Run audit = CliFixture.splitdb("audit", "verify", "--config", app.toString());
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
    }

    private static List<String> everything(Path config) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = CliFixture.connect(config); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.id, p.name, p.diagnosis, w.beds FROM patients p JOIN wards w ON w.id = p.ward ORDER BY p.id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getInt(4));
            }
        }
        assertThat(rows).hasSize(599);
        return rows;
    }
}
