package io.splitdb.cli;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.ShamirSplitter;
import io.splitdb.crypto.ValueSealer;
import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * splitdb rotate-keys: a new key version, then every value re-encrypted under it, online
 * (concurrent writes kept), resumable, with both versions readable meanwhile.
 */
@ExtendWith(SplitBackendsExtension.class)
class RotateKeysCommandIT {
    static final int ROWS = 40;
    static CliFixture db;
    static String config;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "rotate", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                    note:      { protect: encrypted, backend: 2 }
                """);
        config = db.config.toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), "
                    + "note VARCHAR(200), ward INT)");
            StringBuilder sql = new StringBuilder("INSERT INTO patients (name, diagnosis, note, ward) VALUES ");
            for (int i = 1; i <= ROWS; i++) {
                sql.append(i == 1 ? "" : ", ").append("('patient ").append(i).append("', 'J").append(i).append("', 'note ").append(i)
                        .append("', ").append(i % 3).append(")");
            }
            s.executeUpdate(sql.toString());
        }
    }

    @Test
    void aNewKeyThenEveryValueReencryptedOnlineAndResumably() throws Exception {
        try (Connection stale = db.connect()) {  // a host that keeps the keystore of before the rotation
            rotate();
            assertThatThrownBy(() -> {
                try (Statement s = stale.createStatement(); ResultSet rs = s.executeQuery("SELECT diagnosis FROM patients WHERE id = 2")) {
                    rs.next();
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("master key version 2, which this host's keystore [1] does not hold")
                    .hasMessageNotContaining("J2");
        }
    }

    private void rotate() throws Exception {
        CliFixture.Run status = CliFixture.splitdb("rotate-keys", "--config", config, "--status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("patients: v1 " + 3 * ROWS).contains("values under older key versions: 0");

        CliFixture.Run newKey = CliFixture.splitdb("rotate-keys", "--config", config, "--new-key");
        assertThat(newKey.exitCode()).as(newKey.toString()).isZero();
        assertThat(newKey.out()).contains("added master key version 2").contains("back up keys.p12").contains("splitdb rotate-keys --config");
        assertThat(KeystoreFile.load(db.dir.resolve("keys.p12"), "test-password".toCharArray()).versions()).containsExactly(1, 2);
        assertThat(keyVersions()).as("--new-key re-encrypts nothing").containsOnlyKeys(1);

        CliFixture.Run interrupted = CliFixture.splitdb("rotate-keys", "--config", config, "--batch", "8", "--stop-after", "8");
        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(1);
        assertThat(interrupted.out()).contains("patients: 8 rows read, 8 re-encrypted").contains("stopped early");
        assertThat(keyVersions()).containsEntry(1, (long) 3 * (ROWS - 8)).containsEntry(2, 3L * 8);
        // both versions readable meanwhile
        assertThat(readAll()).hasSize(ROWS).containsEntry(1, "patient 1|J1|note 1").containsEntry(ROWS, "patient 40|J40|note 40");

        // application writes while the rotation resumes: updates of rows it rewrites, and new rows
        Map<Integer, String> expected = new ConcurrentHashMap<>(readAll());
        List<Throwable> writerErrors = new ArrayList<>();
        Thread writer = new Thread(() -> {
            try (Connection c = db.connect();
                 PreparedStatement update = c.prepareStatement("UPDATE patients SET diagnosis = ? WHERE id = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO patients (id, name, diagnosis, note, ward) VALUES (?, ?, ?, ?, 1)")) {
                for (int i = 1; i <= ROWS; i++) {
                    update.setString(1, "updated " + i);
                    update.setInt(2, i);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                    expected.put(i, "patient " + i + "|updated " + i + "|note " + i);
                    if (i % 4 == 0) {
                        int id = 1000 + i;
                        insert.setInt(1, id);
                        insert.setString(2, "new " + id);
                        insert.setString(3, "K" + id);
                        insert.setString(4, "new note " + id);
                        insert.executeUpdate();
                        expected.put(id, "new " + id + "|K" + id + "|new note " + id);
                    }
                }
            } catch (Throwable e) {
                writerErrors.add(e);
            }
        });
        writer.start();
        CliFixture.Run resumed = CliFixture.splitdb("rotate-keys", "--config", config, "--batch", "4");
        writer.join();
        assertThat(writerErrors).isEmpty();
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("values under older key versions: 0").doesNotContain("patient 1", "J1");
        assertThat(resumed.out()).containsPattern("patients: \\d+ rows read, \\d+ re-encrypted");

        assertThat(keyVersions()).as("every value's header, reconstructed from the backends").containsOnlyKeys(2);
        assertThat(readAll()).isEqualTo(new TreeMap<>(expected));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM patients WHERE name = 'patient 7'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
            assertThat(rs.next()).isFalse();
        }
        CliFixture.Run again = CliFixture.splitdb("rotate-keys", "--config", config);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 re-encrypted").contains("values under older key versions: 0");
        CliFixture.Run verify = CliFixture.splitdb("verify", "--config", config);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }

    /** Each value's key version, read from its header: two shares combined, or the holder's ciphertext. */
    private static Map<Integer, Long> keyVersions() throws Exception {
        ShamirSplitter shamir = new ShamirSplitter();
        Map<Integer, Long> counts = new TreeMap<>();
        for (String column : new String[] {"name", "diagnosis"}) {
            StoredShares a = StoredShares.read(db, 0, "patients", column);
            StoredShares b = StoredShares.read(db, 1, "patients", column);
            for (Map.Entry<Long, byte[]> e : a.bytes().entrySet()) {
                byte[] sealed = shamir.combine(0, e.getValue(), 1, b.bytes().get(e.getKey()));
                counts.merge(ValueSealer.keyVersionOf(sealed), 1L, Long::sum);
            }
        }
        for (byte[] ciphertext : StoredShares.read(db, 2, "patients", "note").bytes().values()) {
            counts.merge(ValueSealer.keyVersionOf(ciphertext), 1L, Long::sum);
        }
        return counts;
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
