package io.splitdb.cli;

import io.splitdb.catalog.TableInfo;
import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** splitdb reshare: every share gets new bytes; an old share and a new one of another backend do not combine. */
@ExtendWith(SplitBackendsExtension.class)
class ReshareCommandIT {
    static final int ROWS = 25;
    static final String[] COLUMNS = {"name", "diagnosis", "note"};
    static CliFixture db;
    static String config;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "reshare", """
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
            for (int i = 1; i <= ROWS; i++) {
                s.executeUpdate("INSERT INTO patients (name, diagnosis, note, ward) VALUES ('patient " + i + "', 'J" + i + "', 'note " + i
                        + "', " + i % 3 + ")");
            }
        }
    }

    @Test
    void everyShareIsNewAndOldSharesDoNotCombineWithNewOnes() throws Exception {
        Map<Integer, String> values = readAll();
        Map<String, StoredShares[]> before = snapshot();

        CliFixture.Run interrupted = CliFixture.splitdb("reshare", "--config", config, "--batch", "6", "--stop-after", "6");
        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(1);
        assertThat(interrupted.out()).contains("patients: 6 rows re-shared").contains("stopped early");
        assertThat(changedRows(before, snapshot(), "name", 1)).isEqualTo(6);

        // the application keeps writing while the reshare resumes
        Map<Integer, String> expected = new java.util.concurrent.ConcurrentHashMap<>(values);
        java.util.List<Throwable> writerErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            try (Connection c = db.connect(); java.sql.PreparedStatement ps = c.prepareStatement("UPDATE patients SET diagnosis = ? WHERE id = ?")) {
                for (int i = ROWS; i >= 1; i--) {
                    ps.setString(1, "during reshare " + i);
                    ps.setInt(2, i);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                    expected.put(i, "patient " + i + "|during reshare " + i + "|note " + i);
                }
            } catch (Throwable e) {
                writerErrors.add(e);
            }
        });
        writer.start();
        CliFixture.Run resumed = CliFixture.splitdb("reshare", "--config", config, "--batch", "6");
        writer.join();
        assertThat(writerErrors).isEmpty();
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("resuming the reshare of every protected value")
                .contains("patients: " + (ROWS - 6) + " rows re-shared (resumed)")
                .doesNotContain("patient 1", "J1");
        Map<String, StoredShares[]> after = snapshot();

        for (String column : COLUMNS) {
            for (int b = 0; b < 3; b++) {
                if (column.equals("note") && b != 0) {
                    continue;  // an encrypted column lives on its holder only
                }
                assertThat(changedRows(before, after, column, b)).as(column + " on backend " + b).isEqualTo(ROWS);
            }
        }
        try (Connection c = db.connect()) {
            SplitDatabase split = c.unwrap(SplitConnection.class).database();
            TableInfo t = split.catalog().table("patients");
            for (String column : new String[] {"name", "diagnosis"}) {
                StoredShares[] old = before.get(column);
                StoredShares[] now = after.get(column);
                for (long rowid : now[0].bytes().keySet()) {
                    long oldVersion = old[0].versions().get(rowid);
                    long newVersion = now[0].versions().get(rowid);
                    assertThat(newVersion).isGreaterThan(oldVersion);
                    assertThat(split.values().authenticates(t, t.column(column), 0, now[0].bytes().get(rowid), 1, now[1].bytes().get(rowid),
                            rowid, newVersion)).as("the new shares open").isTrue();
                    for (long version : new long[] {oldVersion, newVersion}) {
                        assertThat(split.values().authenticates(t, t.column(column), 0, old[0].bytes().get(rowid), 1,
                                now[1].bytes().get(rowid), rowid, version)).as("old share of 0 + new share of 1, " + column).isFalse();
                        assertThat(split.values().authenticates(t, t.column(column), 1, old[1].bytes().get(rowid), 2,
                                now[2].bytes().get(rowid), rowid, version)).as("old share of 1 + new share of 2, " + column).isFalse();
                    }
                }
            }
        }
        assertThat(readAll()).isEqualTo(new TreeMap<>(expected));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM patients WHERE name = 'patient 9'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(9);
        }
        try (Connection c = db.backend(1); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM _split_jobs")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the cursor is gone once the reshare finished").isZero();
        }
        CliFixture.Run verify = CliFixture.splitdb("verify", "--config", config);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        CliFixture.Run fresh = CliFixture.splitdb("reshare", "--config", config);
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.out()).contains("resharing every protected value").contains("patients: " + ROWS + " rows re-shared");
    }

    @Test
    void refusesWhileABackendIsDownAndChangesNothing() throws Exception {
        assumeTrue(db.trio.controllable(), "needs embedded backends that the test can stop");
        db.trio.stop(1);
        try {
            Map<Long, byte[]> before = StoredShares.read(db, 0, "patients", "name").bytes();
            CliFixture.Run reshare = CliFixture.splitdb("reshare", "--config", config);
            assertThat(reshare.exitCode()).as(reshare.toString()).isEqualTo(1);
            assertThat(reshare.err()).contains("backend 1 (").contains("OUT OF SERVICE")
                    .contains("every backend must be in service to reshare").contains("nothing was changed");
            CliFixture.Run rotate = CliFixture.splitdb("rotate-keys", "--config", config);
            assertThat(rotate.exitCode()).as(rotate.toString()).isEqualTo(1);
            assertThat(rotate.err()).contains("every backend must be in service to re-encrypt");
            Map<Long, byte[]> after = StoredShares.read(db, 0, "patients", "name").bytes();
            assertThat(after.keySet()).isEqualTo(before.keySet());
            after.forEach((rowid, share) -> assertThat(share).isEqualTo(before.get(rowid)));
        } finally {
            db.trio.start(1);
        }
        CliFixture.backInService(db.config, 1);
    }

    private static Map<String, StoredShares[]> snapshot() throws Exception {
        Map<String, StoredShares[]> shares = new TreeMap<>();
        for (String column : COLUMNS) {
            StoredShares[] perBackend = new StoredShares[3];
            for (int b = 0; b < 3; b++) {
                perBackend[b] = StoredShares.read(db, b, "patients", column);
            }
            shares.put(column, perBackend);
        }
        return shares;
    }

    /** Rows whose stored bytes of {@code column} on backend {@code b} differ between the two snapshots. */
    private static long changedRows(Map<String, StoredShares[]> before, Map<String, StoredShares[]> after, String column, int b) {
        Map<Long, byte[]> old = before.get(column)[b].bytes();
        return after.get(column)[b].bytes().entrySet().stream().filter(e -> !java.util.Arrays.equals(old.get(e.getKey()), e.getValue())).count();
    }

    private static Map<Integer, String> readAll() throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, diagnosis, note FROM patients")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        return rows;
    }
}
