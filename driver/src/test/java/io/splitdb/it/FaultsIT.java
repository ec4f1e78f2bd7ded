package io.splitdb.it;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Wrong keys, tampered shares and a backend that is down: clear errors or the right rows, never garbage. */
@ExtendWith(SplitBackendsExtension.class)
class FaultsIT {
    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "faults", """
                tables:
                  notes:
                    body:  { protect: shared, search: equality }
                    extra: { protect: shared }
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(200), extra VARCHAR(50), tag VARCHAR(10))");
            for (int i = 1; i <= 50; i++) {
                s.executeUpdate("INSERT INTO notes VALUES (" + i + ", 'note number " + i + "', " + (i % 3 == 0 ? "NULL" : "'x" + i + "'")
                        + ", 't" + (i % 4) + "')");
            }
        }
    }

    private static List<String> all(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, body, extra, tag FROM notes ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }

    @Test
    void aWrongKeyIsRefusedAtConnect() throws Exception {
        Path dir = db.dir.resolve("wrong-key");
        Files.createDirectories(dir);
        KeystoreFile.create(dir.resolve("other.p12"), "test-password".toCharArray(), MasterKey.generate());
        Path config = dir.resolve("split.yaml");
        Files.writeString(config, SplitFixture.yaml(db.trio, db.database, "other.p12", "tables:\n  notes:\n    body: { protect: shared, search: equality }\n    extra: { protect: shared }\n"));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:split:" + config))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("master key")
                .extracting("SQLState").isEqualTo("28000");
    }

    @Test
    void aWrongKeystorePasswordIsRefused() throws Exception {
        Path dir = db.dir.resolve("wrong-password");
        Files.createDirectories(dir);
        Path config = dir.resolve("split.yaml");
        Files.writeString(config, SplitFixture.yaml(db.trio, db.database, "../keys.p12", "").replace("password: test-password", "password: nope"));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:split:" + config))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("keystore")
                .extracting("SQLState").isEqualTo("28000");
    }

    @Test
    void aPolicyThatNoLongerMatchesTheStorageIsRefused() throws Exception {
        Path dir = db.dir.resolve("changed-policy");
        Files.createDirectories(dir);
        Path config = dir.resolve("split.yaml");
        Files.writeString(config, SplitFixture.yaml(db.trio, db.database, "../keys.p12",
                "tables:\n  notes:\n    body: { protect: shared, search: equality }\n    tag: { protect: shared }\n"));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:split:" + config))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("tables.notes.tag");
    }

    @Test
    void aTamperedShareIsAnErrorNotGarbage() throws Exception {
        try (Connection direct = db.backend(1); Statement s = direct.createStatement()) {
            s.executeUpdate("CREATE TABLE notes_backup AS SELECT * FROM notes WHERE id = 7");
            // flip one byte of one share on backend 1
            s.executeUpdate("UPDATE notes SET extra = CONCAT(LEFT(extra, 20), CHAR(ASCII(SUBSTRING(extra, 21, 1)) ^ 1), SUBSTRING(extra, 22)) WHERE id = 7");
        }
        try {
            try (Connection c = db.connect()) {
                long before = c.unwrap(SplitConnection.class).database().values().tamperCounts().getOrDefault(1, 0L);
                for (int attempt = 0; attempt < 6; attempt++) {  // reads rotate over backends: make sure backend 1 is read
                    try (PreparedStatement ps = c.prepareStatement("SELECT extra FROM notes WHERE id = ?")) {
                        ps.setInt(1, 7);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            // the two honest backends outvote the tampered share
                            assertThat(rs.getString(1)).isEqualTo("x7");
                        }
                    }
                }
                assertThat(c.unwrap(SplitConnection.class).database().values().tamperCounts().getOrDefault(1, 0L))
                        .as("backend 1 is named as serving a bad share").isGreaterThan(before);
                // the same count, as an operator's monitoring reads it over JMX
                var jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                long[] tampered = (long[]) jmx.getAttribute(new javax.management.ObjectName("io.splitdb:type=SplitDatabase,name=\""
                        + db.database + "\""), "TamperedShares");
                assertThat(tampered[1]).isGreaterThan(before);
                assertThat(tampered[0]).isZero();
            }
            // with the third backend down, the bad share cannot be outvoted: a clear error, never garbage
            if (db.trio.controllable()) {
                db.trio.stop(2);
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    SQLException error = null;
                    for (int attempt = 0; attempt < 4 && error == null; attempt++) {
                        try (ResultSet rs = s.executeQuery("SELECT extra FROM notes WHERE id = 7")) {
                            assertThat(rs.next()).isTrue();
                            assertThat(rs.getString(1)).isEqualTo("x7");
                        } catch (SQLException e) {
                            error = e;
                        }
                    }
                    assertThat(error != null).as("an error is reported").isTrue();
                    assertThat(error.getMessage()).contains("notes.extra").doesNotContain("x7");
                    assertThat(error.getSQLState()).isEqualTo("XX001");
                } finally {
                    db.trio.start(2);
                }
                db.backInService(2);
            }
        } finally {
            try (Connection direct = db.backend(1); Statement s = direct.createStatement()) {
                s.executeUpdate("UPDATE notes n JOIN notes_backup b ON n.id = b.id SET n.extra = b.extra");
                s.executeUpdate("DROP TABLE notes_backup");
            }
        }
    }

    @Test
    void aShareMovedToAnotherRowDoesNotDecrypt() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO notes VALUES (100, 'moved', 'a', 't'), (101, 'target', 'b', 't')");
        }
        for (int b = 0; b < 3; b++) {
            try (Connection direct = db.backend(b); Statement s = direct.createStatement()) {
                s.executeUpdate("UPDATE notes t JOIN notes m ON m.id = 100 SET t.extra = m.extra WHERE t.id = 101");
            }
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> {
                try (ResultSet rs = s.executeQuery("SELECT extra FROM notes WHERE id = 101")) {
                    rs.next();
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("notes.extra").extracting("SQLState").isEqualTo("XX001");
            s.executeUpdate("DELETE FROM notes WHERE id IN (100, 101)");
        }
    }

    @Test
    void readsGoOnWithOneBackendDown() throws Exception {
        assumeTrue(db.trio.controllable(), "needs embedded backends that the test can stop");
        List<String> before;
        try (Connection c = db.connect()) {
            before = all(c);
        }
        assertThat(before).hasSize(50);
        for (int down = 0; down < 3; down++) {
            db.trio.stop(down);
            try (Connection c = db.connect()) {
                for (int round = 0; round < 3; round++) {
                    assertThat(all(c)).as("rows with backend %d down", down).isEqualTo(before);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM notes WHERE body = ?")) {
                    ps.setString(1, "NOTE NUMBER 17");
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(17);
                    }
                }
                try (Statement s = c.createStatement()) {
                    // writes go on with two backends (options.writes: quorum); the third is repaired when it returns
                    s.executeUpdate("INSERT INTO notes VALUES (99, 'x', 'y', 'z')");
                    s.executeUpdate("UPDATE notes SET body = 'note number 2' WHERE id = 2");
                    s.executeUpdate("DELETE FROM notes WHERE id = 99");
                }
            } finally {
                db.trio.start(down);
            }
            db.backInService(down);
        }
        try (Connection c = db.connect()) {
            assertThat(all(c)).isEqualTo(before);
        }
    }
}
