package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statement surface of issue 2, each behaviour checked on real backends. */
@ExtendWith(SplitBackendsExtension.class)
class StatementsIT {
    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "stmts", """
                tables:
                  visits:
                    reason:  { protect: shared, search: equality, bits: 8 }
                    notes:   { protect: encrypted }
                    amount:  { protect: shared }
                    seen_at: { protect: shared }
                    flag:    { protect: shared, search: equality }
                  badkeys:
                    code:    { protect: shared, search: equality }
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wards (code VARCHAR(10) PRIMARY KEY, floor INT NOT NULL)");
            s.execute("CREATE TABLE visits (id INT AUTO_INCREMENT PRIMARY KEY, ward VARCHAR(10), reason VARCHAR(50) NOT NULL, "
                    + "notes TEXT, amount DECIMAL(8,2) DEFAULT 0, seen_at DATETIME(3), flag TINYINT(1), KEY by_reason (reason))");
            s.executeUpdate("INSERT INTO wards VALUES ('A', 1), ('B', 2), ('C', 3)");
        }
    }

    @Test
    void driverIsRegisteredAndAcceptsOnlyItsPrefix() throws Exception {
        Driver d = DriverManager.getDriver(db.url);
        assertThat(d.getClass().getName()).isEqualTo("io.splitdb.jdbc.SplitDriver");
        assertThat(d.acceptsURL("jdbc:mysql://x/y")).isFalse();
        assertThat(d.acceptsURL(null)).isFalse();
        assertThat(d.connect("jdbc:mysql://x/y", null)).isNull();
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:split:/no/such/file.yaml"))
                .isInstanceOf(SQLException.class).hasMessageContaining("/no/such/file.yaml").extracting("SQLState").isEqualTo("08001");
    }

    @Test
    void multiRowInsertReturnsEveryGeneratedKeyAndReadsBackTypes() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            int n = s.executeUpdate("INSERT INTO visits (ward, reason, notes, amount, seen_at, flag) VALUES "
                    + "('A', 'checkup', 'long notes here', 12.345, '2024-03-04 05:06:07.891', 1), "
                    + "('B', 'Checkup', NULL, -3, '2024-03-05 00:00:00', 0), "
                    + "('A', 'x-ray', 'n', DEFAULT, NULL, NULL)", Statement.RETURN_GENERATED_KEYS);
            assertThat(n).isEqualTo(3);
            List<Long> keys = new ArrayList<>();
            try (ResultSet rs = s.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            assertThat(keys).hasSize(3);
            assertThat(keys.get(1)).isEqualTo(keys.get(0) + 1);
            try (PreparedStatement ps = c.prepareStatement("SELECT id, reason, notes, amount, seen_at, flag FROM visits WHERE id = ?")) {
                ps.setLong(1, keys.get(0));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("reason")).isEqualTo("checkup");
                    assertThat(rs.getString("notes")).isEqualTo("long notes here");
                    assertThat(rs.getBigDecimal("amount")).isEqualTo(new BigDecimal("12.35"));
                    assertThat(rs.getObject("seen_at")).isEqualTo(LocalDateTime.of(2024, 3, 4, 5, 6, 7, 891_000_000));
                    assertThat(rs.getTimestamp("seen_at")).isEqualTo(Timestamp.valueOf("2024-03-04 05:06:07.891"));
                    assertThat(rs.getBoolean("flag")).isTrue();
                    assertThat(rs.getObject("flag")).isEqualTo(Boolean.TRUE);
                    ResultSetMetaData md = rs.getMetaData();
                    assertThat(md.getColumnTypeName(4)).isEqualTo("DECIMAL");
                    assertThat(md.getColumnName(2)).isEqualTo("reason");
                    assertThat(md.getTableName(2)).isEqualTo("visits");
                }
                ps.setLong(1, keys.get(2));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal("amount")).isEqualByComparingTo("0");
                    assertThat(rs.getObject("seen_at")).isNull();
                    assertThat(rs.wasNull()).isTrue();
                }
            }
            // an 8-bit blind index collides often: the driver must filter false positives
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM visits WHERE reason = 'CHECKUP'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void notNullAndTypeErrorsAreReportedAndNothingIsWritten() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            long before = count(s, "visits");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO visits (ward, reason) VALUES ('A', NULL)"))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class).hasMessageContaining("reason");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO visits (ward, reason) VALUES ('A', '"
                    + "x".repeat(51) + "')")).isInstanceOf(SQLException.class).hasMessageContaining("reason")
                    .extracting("SQLState").isEqualTo("22001");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO visits (ward, reason, nope) VALUES ('A', 'r', 1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("nope");
            assertThat(count(s, "visits")).isEqualTo(before);
        }
    }

    @Test
    void plainTablesAndJoinsOnPlainColumnsPassThrough() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO visits (ward, reason) VALUES ('C', 'join-test')");
            try (ResultSet rs = s.executeQuery("SELECT w.floor, COUNT(*) AS n FROM visits v JOIN wards w ON w.code = v.ward "
                    + "WHERE w.code = 'C' GROUP BY w.floor")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("floor")).isEqualTo(3);
                assertThat(rs.getLong("n")).isEqualTo(1);
            }
            assertThat(s.executeUpdate("UPDATE wards SET floor = floor + 10 WHERE code = 'C'")).isEqualTo(1);
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement d = direct.createStatement();
                     ResultSet rs = d.executeQuery("SELECT floor FROM wards WHERE code = 'C'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("backend %d", b).isEqualTo(13);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT 1 + 1, @@version, DATABASE()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("1 + 1");
                assertThat(rs.getString(3)).isEqualTo(db.database);
            }
        }
    }

    @Test
    void concatenatedStatementsShareOnePlan() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            SplitDatabase split = c.unwrap(SplitConnection.class).database();
            s.executeQuery("SELECT reason FROM visits WHERE id = 1").close();
            int plans = split.plans().size();
            for (int i = 2; i < 30; i++) {
                s.executeQuery("SELECT reason FROM visits WHERE id = " + i).close();
            }
            assertThat(split.plans().size()).isEqualTo(plans);
        }
    }

    @Test
    void metadataShowsTheLogicalSchema() throws Exception {
        try (Connection c = db.connect()) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(db.database, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("visits", "wards").noneMatch(t -> t.startsWith("_split"));
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(db.database, null, "visits", "%")) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME"));
                }
            }
            assertThat(columns).containsExactly("id:INT", "ward:VARCHAR", "reason:VARCHAR", "notes:TEXT", "amount:DECIMAL",
                    "seen_at:DATETIME", "flag:BIT");
        }
    }

    @Test
    void unsupportedFeaturesFailClosed() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT ROW_NUMBER() OVER (ORDER BY reason) FROM visits"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).extracting("SQLState").isEqualTo("0A000");
            assertThatThrownBy(() -> s.executeQuery("SELECT SOUNDEX(reason) FROM visits"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("SOUNDEX");
            assertThatThrownBy(() -> s.executeUpdate("INSERT IGNORE INTO visits (ward, reason) VALUES ('A', 'x')"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("visits");
            assertThatThrownBy(() -> s.execute("CREATE TABLE badkeys (code VARCHAR(5) PRIMARY KEY)"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("badkeys.code");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM visits WHERE reason = ? garbage garbage"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
        }
    }

    @Test
    void aPolicyTypoIsRefusedAtCreateTable() throws Exception {
        SplitFixture other = SplitFixture.create(db.trio, "typo", """
                tables:
                  people:
                    diagnoses: { protect: shared }
                """);
        try (Connection c = other.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE TABLE people (id INT PRIMARY KEY, diagnosis TEXT)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("people.diagnoses");
        }
    }

    @Test
    void dropTableRemovesTablesEverywhere() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t1 (a INT)");
            s.execute("CREATE TABLE t2 (a INT)");
            s.execute("DROP TABLE IF EXISTS t1, t2");
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement d = direct.createStatement();
                     ResultSet rs = d.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                             + "AND TABLE_NAME IN ('t1', 't2')")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
        }
    }

    @Test
    void showTablesListsTheApplicationsTablesOnly() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            assertThat(tables).contains("visits", "wards").noneMatch(t -> t.startsWith("_split"));
        }
    }

    @Test
    void credentialsFromGetConnectionApplyToBackendsWithoutTheirOwn() throws Exception {
        java.nio.file.Path config = db.dir.resolve("no-users.yaml");
        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(db.config)
                .replaceAll("\n    user: \"[^\"]*\"", "").replaceAll("\n    password: \"[^\"]*\"", ""));
        assertThat(java.nio.file.Files.readString(config)).doesNotContain("user:");
        try (Connection c = DriverManager.getConnection("jdbc:split:" + config, db.trio.user(), db.trio.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM wards")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:split:" + config, "nobody", "wrong"))
                .isInstanceOf(SQLException.class);
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
