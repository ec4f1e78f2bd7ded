package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Session statements: what the logical connection keeps (isolation, read-only, the last generated
 * key), what it accepts as harmless, and what fails closed because a pooled backend connection
 * would lose it or leak it to another application connection.
 */
@ExtendWith(SplitBackendsExtension.class)
class SessionIT {
    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "session", """
                tables:
                  visits:
                    reason: { protect: shared, search: equality }
                  records:
                    name: { protect: shared, search: equality }
                    born: { protect: shared }
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE visits (id INT AUTO_INCREMENT PRIMARY KEY, reason VARCHAR(50))");
        }
    }

    @Test
    void lastInsertIdIsThisConnectionsLastGeneratedKey() throws Exception {
        try (Connection a = db.connect(); Connection b = db.connect(); Statement s = a.createStatement(); Statement t = b.createStatement()) {
            assertThat(lastInsertId(t, "SELECT LAST_INSERT_ID()")).isZero();
            s.executeUpdate("INSERT INTO visits (reason) VALUES ('first')", Statement.RETURN_GENERATED_KEYS);
            long first;
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                first = keys.getLong(1);
            }
            assertThat(lastInsertId(s, "SELECT LAST_INSERT_ID()")).isEqualTo(first);
            assertThat(lastInsertId(s, "/* dao */ select last_insert_id() AS id")).isEqualTo(first);
            try (PreparedStatement ps = a.prepareStatement("INSERT INTO visits (reason) VALUES (?), (?)")) {
                ps.setString(1, "second");
                ps.setString(2, "third");
                ps.executeUpdate();
            }
            // a multi-row INSERT reports the first key it generated, as MySQL does
            assertThat(lastInsertId(s, "SELECT @@IDENTITY")).isEqualTo(first + 1);
            try (PreparedStatement ps = a.prepareStatement("SELECT LAST_INSERT_ID()"); ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(first + 1);
            }
            assertThat(lastInsertId(t, "SELECT LAST_INSERT_ID()")).as("another connection's").isZero();
        }
    }

    @Test
    void foundRowsPagesTheWayLegacyApplicationsDo() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO visits (reason) VALUES ('page a'), ('page b'), ('page c'), ('page d'), ('other')");
            long total;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM visits WHERE reason LIKE 'page%'")) {
                rs.next();
                total = rs.getLong(1);
            }
            int shown = 0;
            try (ResultSet rs = s.executeQuery("SELECT SQL_CALC_FOUND_ROWS id, reason FROM visits WHERE reason LIKE 'page%' ORDER BY id LIMIT 2")) {
                while (rs.next()) {
                    shown++;
                }
            }
            assertThat(shown).isEqualTo(2);
            assertThat(lastInsertId(s, "SELECT FOUND_ROWS()")).isEqualTo(total).isGreaterThanOrEqualTo(4);
            try (ResultSet rs = s.executeQuery("SELECT SQL_CALC_FOUND_ROWS id FROM visits ORDER BY id LIMIT 1, 1")) {
                assertThat(rs.next()).isTrue();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM visits")) {
                rs.next();
                total = rs.getLong(1);
            }
            assertThat(lastInsertId(s, "SELECT FOUND_ROWS()")).as("after a plain SELECT: the rows it returned").isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT SQL_CALC_FOUND_ROWS id FROM visits ORDER BY id LIMIT 1, 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(lastInsertId(s, "SELECT FOUND_ROWS() AS n")).isEqualTo(total);
        }
    }

    @Test
    void settingsTheConnectionKeeps() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            s.execute("SET tx_isolation = 'SERIALIZABLE'");
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(c.isReadOnly()).isTrue();
            s.execute("SET SESSION TRANSACTION READ WRITE");
            assertThat(c.isReadOnly()).isFalse();
            s.execute("SET NAMES utf8mb4");
            s.execute("SET NAMES 'utf8' COLLATE 'utf8_general_ci'");
            s.execute("SET autocommit = 1");
            s.execute("SET character_set_results = utf8mb4, autocommit = ON");
            s.execute("USE " + db.database);
            try (ResultSet rs = s.executeQuery("SELECT DATABASE(), @@version, 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(db.database);
                assertThat(rs.getString(2)).isNotBlank();
            }
        }
    }

    @Test
    void settingsThatWouldNotStayOrWouldLeakFailClosed() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SET time_zone = '+05:00'")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("time_zone").extracting("SQLState").isEqualTo("0A000");
            assertThatThrownBy(() -> s.execute("SET @@session.sql_mode = ''")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("sql_mode");
            assertThatThrownBy(() -> s.execute("SET @patient = 42")).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> s.execute("SET autocommit = 0")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("autocommit");
            assertThatThrownBy(() -> s.execute("SET GLOBAL max_connections = 10")).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> s.execute("SET NAMES latin1")).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> s.execute("USE mysql")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining(db.database);
            // nothing leaked into the pool: every backend connection keeps the server's zone
            for (int i = 0; i < 6; i++) {
                try (ResultSet rs = s.executeQuery("SELECT @@session.time_zone")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isNotEqualTo("+05:00");
                }
            }
        }
    }

    @Test
    void describeAndShowColumnsShowTheLogicalSchema() throws Exception {
        String ddl = "CREATE TABLE records (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL DEFAULT 'x', born DATE, "
                + "note TEXT, KEY by_name (name))";
        String plainDb = db.database + "_plain";
        try (Connection admin = db.backend(0); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + plainDb + " CHARACTER SET utf8mb4");
            s.execute("USE " + plainDb);
            s.execute(ddl);
        }
        try (Connection split = db.connect(); Statement s = split.createStatement();
             Connection plain = java.sql.DriverManager.getConnection(db.trio.jdbcUrls(plainDb).get(0), db.trio.user(), db.trio.password())) {
            s.execute(ddl);
            for (String sql : java.util.List.of("DESCRIBE records", "SHOW COLUMNS FROM records", "DESC records name")) {
                java.util.List<java.util.List<String>> expected = QueryOutcome.of(plain, sql).rows;
                assertThat((Object) QueryOutcome.of(split, sql).rows).as(sql).isEqualTo(expected);
                assertThat(expected).as(sql).isNotEmpty();
            }
            java.util.function.Function<QueryOutcome, java.util.List<String>> keys = o -> {
                java.util.List<String> out = new java.util.ArrayList<>();
                o.rows.forEach(r -> out.add(r.get(1) + " " + r.get(2) + " " + r.get(4)));  // Non_unique, Key_name, Column_name
                return out;
            };
            assertThat(keys.apply(QueryOutcome.of(split, "SHOW INDEX FROM records")))
                    .containsExactlyInAnyOrderElementsOf(keys.apply(QueryOutcome.of(plain, "SHOW INDEX FROM records")));
            assertThat(metadata(split, "columns")).isEqualTo(metadata(plain, "columns")).hasSize(4);
            assertThat(metadata(split, "keys")).isEqualTo(metadata(plain, "keys")).containsExactly("id");
            assertThat(metadata(split, "indexes")).containsExactlyInAnyOrderElementsOf(metadata(plain, "indexes"));
            // CREATE INDEX on a searchable protected column indexes its blind index, on all three backends
            s.execute("CREATE INDEX by_id_name ON records (id, name)");
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement d = direct.createStatement();
                     ResultSet rs = d.executeQuery("SHOW INDEX FROM records WHERE Key_name = 'by_id_name'")) {
                    java.util.List<String> cols = new java.util.ArrayList<>();
                    while (rs.next()) {
                        cols.add(rs.getString("Column_name"));
                    }
                    assertThat(cols).as("backend %d", b).containsExactly("id", "name_bidx");
                }
            }
            assertThat(metadata(split, "indexes")).contains("true name");
            s.execute("DROP INDEX by_id_name ON records");
            assertThatThrownBy(() -> s.execute("CREATE INDEX by_born ON records (born)"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("records.born");
            assertThatThrownBy(() -> s.execute("CREATE UNIQUE INDEX u_name ON records (name)"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("records.name");
            QueryOutcome full = QueryOutcome.of(split, "SHOW FULL COLUMNS FROM records");
            assertThat((Object) full.error).isNull();
            java.util.List<String> names = new java.util.ArrayList<>();
            full.rows.forEach(r -> names.add(r.get(0)));
            assertThat(names).containsExactly("id", "name", "born", "note");
        }
    }

    /** What DatabaseMetaData says of table records: its columns, primary key or indexed columns. */
    private static java.util.List<String> metadata(Connection c, String what) throws Exception {
        java.sql.DatabaseMetaData md = c.getMetaData();
        java.util.List<String> out = new java.util.ArrayList<>();
        String catalog = c.getCatalog();
        try (ResultSet rs = what.equals("columns") ? md.getColumns(catalog, null, "records", "%")
                : what.equals("keys") ? md.getPrimaryKeys(catalog, null, "records") : md.getIndexInfo(catalog, null, "records", false, false)) {
            while (rs.next()) {
                out.add(what.equals("columns")
                        ? rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " " + rs.getInt("COLUMN_SIZE") + " "
                                + rs.getInt("ORDINAL_POSITION") + " " + rs.getString("IS_NULLABLE") + " " + rs.getString("COLUMN_DEF")
                        : what.equals("keys") ? rs.getString("COLUMN_NAME")
                        : rs.getBoolean("NON_UNIQUE") + " " + rs.getString("COLUMN_NAME"));
            }
        }
        return out;
    }

    private static long lastInsertId(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            long id = rs.getLong(1);
            assertThat(rs.next()).isFalse();
            return id;
        }
    }
}
