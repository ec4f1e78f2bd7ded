package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** splitdb forget: one row's protected values erased on all three backends; plain columns and other rows untouched. */
@ExtendWith(SplitBackendsExtension.class)
class ForgetCommandIT {
    static CliFixture db;
    static String config;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "forget", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                    note:      { protect: encrypted, backend: 1 }
                  journal:
                    entry:     { protect: shared }
                """);
        config = db.config.toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), "
                    + "note VARCHAR(200), ward INT)");
            s.execute("CREATE TABLE journal (entry VARCHAR(100), day INT)");
            for (int i = 1; i <= 6; i++) {
                s.executeUpdate("INSERT INTO patients (name, diagnosis, note, ward) VALUES ('patient " + i + "', 'J" + i + "', 'note " + i
                        + "', " + (10 + i) + ")");
            }
            s.executeUpdate("INSERT INTO journal VALUES ('first entry', 1), ('second entry', 2)");
        }
    }

    @Test
    void erasesTheProtectedValuesOfOneRowOnEveryBackend() throws Exception {
        CliFixture.Run run = CliFixture.splitdb("forget", "--config", config, "--table", "patients", "--key", "3");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("erased patients row id = 3 on all three backends: name, diagnosis, note (3 protected columns");
        assertThat(run.all()).doesNotContain("patient 3", "J3", "note 3");

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, diagnosis, note, ward FROM patients WHERE id = 3")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getString(2)).isNull();
                assertThat(rs.getString(3)).isNull();
                assertThat(rs.getInt(4)).isEqualTo(13);
            }
            try (ResultSet rs = s.executeQuery("SELECT name, diagnosis, note, ward FROM patients WHERE id = 4")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("patient 4");
                assertThat(rs.getString(2)).isEqualTo("J4");
                assertThat(rs.getString(3)).isEqualTo("note 4");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients WHERE name = 'patient 3' OR diagnosis = 'J3' OR note = 'note 3'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("a search by an erased value").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients WHERE name IS NULL")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the erased row reads as NULL in searches too").isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(6);
            }
        }
        long rowid = StoredShares.rowid(db, "patients", "id", 3);
        for (int b = 0; b < 3; b++) {
            for (String column : new String[] {"name", "diagnosis", "note"}) {
                StoredShares stored = StoredShares.read(db, b, "patients", column);
                assertThat(stored.bytes().get(rowid)).as(column + " on backend " + b).isNull();
                if (!column.equals("note") || b == 1) {
                    assertThat(stored.bytes().values().stream().filter(v -> v != null).count()).as(column + " of the other rows on " + b)
                            .isEqualTo(5);
                }
            }
        }
        CliFixture.Run verify = CliFixture.splitdb("verify", "--config", config);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        // the erasure is in the audit log, under the account that ran it, with the row it named
        CliFixture.Run audit = CliFixture.splitdb("audit", "show", "--config", config, "--rowid", String.valueOf(rowid));
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains(System.getProperty("user.name") + "@").contains("(splitdb forget)  forget  patients")
                .contains("keys: patients:" + rowid);
        assertThat(CliFixture.splitdb("audit", "verify", "--config", config).exitCode()).isZero();
    }

    @Test
    void anUnknownKeyChangesNothing() {
        CliFixture.Run run = CliFixture.splitdb("forget", "--config", config, "--table", "patients", "--key", "999");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("no patients row id = 999; nothing was changed");
        CliFixture.Run typo = CliFixture.splitdb("forget", "--config", config, "--table", "patients", "--key", "2abc");
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
        assertThat(typo.err()).contains("--key 2abc is not a number, and patients.id is numeric");
    }

    @Test
    void aTableWithoutPrimaryKeyIsNamedByRowid() throws Exception {
        CliFixture.Run byKey = CliFixture.splitdb("forget", "--config", config, "--table", "journal", "--key", "1");
        assertThat(byKey.exitCode()).as(byKey.toString()).isEqualTo(2);
        assertThat(byKey.err()).contains("has no primary key").contains("--rowid N");

        long rowid = StoredShares.rowid(db, "journal", "day", 2);
        CliFixture.Run run = CliFixture.splitdb("forget", "--config", config, "--table", "journal", "--rowid", String.valueOf(rowid));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT entry, day FROM journal ORDER BY day")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("first entry");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNull();
            assertThat(rs.getInt(2)).isEqualTo(2);
        }
        CliFixture.Run usage = CliFixture.splitdb("forget", "--config", config, "--table", "journal");
        assertThat(usage.exitCode()).isEqualTo(2);
    }

    @Test
    void refusesWhileABackendIsDownAndChangesNothing() throws Exception {
        assumeTrue(db.trio.controllable(), "needs embedded backends that the test can stop");
        db.trio.stop(2);
        try {
            CliFixture.Run run = CliFixture.splitdb("forget", "--config", config, "--table", "patients", "--key", "5");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).contains("backend 2").contains("out of service").contains("nothing was changed");
        } finally {
            db.trio.start(2);
        }
        CliFixture.backInService(db.config, 2);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, diagnosis, note FROM patients WHERE id = 5")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("patient 5");
            assertThat(rs.getString(2)).isEqualTo("J5");
            assertThat(rs.getString(3)).isEqualTo("note 5");
        }
        long rowid = StoredShares.rowid(db, "patients", "id", 5);
        for (int b = 0; b < 3; b++) {
            assertThat(StoredShares.read(db, b, "patients", "name").bytes().get(rowid)).as("backend " + b).isNotNull();
        }
    }
}
