package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
                  stamps:
                    secret: { protect: shared }
                  charts:
                    name: { protect: shared, search: equality }
                    score: { protect: shared }
                    grade: { protect: shared }
                    code: { protect: shared, search: equality }
                    visits_n: { protect: shared }
                    seen: { protect: shared }
                    memo: { protect: encrypted }
                    flag: { protect: shared }
                    scan: { protect: encrypted }
                    notes: { protect: shared }
                """, "  pool-size: 2\n");
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
            // a batch (merged into one write underneath) leaves its last statement's key, as run one by one
            try (PreparedStatement ps = a.prepareStatement("INSERT INTO visits (reason) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                for (String r : List.of("b1", "b2", "b3")) {
                    ps.setString(1, r);
                    ps.addBatch();
                }
                ps.executeBatch();
                long last = 0;
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        last = keys.getLong(1);
                    }
                }
                assertThat(last).isGreaterThan(first + 1);
                assertThat(lastInsertId(s, "SELECT LAST_INSERT_ID()")).isEqualTo(last);
            }
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
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(c.isReadOnly()).isTrue();
            s.execute("SET SESSION TRANSACTION READ WRITE");
            assertThat(c.isReadOnly()).isFalse();
            s.execute("SET NAMES utf8mb4");
            s.execute("SET NAMES 'utf8' COLLATE 'utf8_general_ci'");
            s.execute("SET autocommit = 1");
            s.execute("SET character_set_results = utf8mb4, autocommit = ON");
            s.execute("SET character_set_results = NULL"); // Connector/J after COM_RESET_CONNECTION
            s.execute("SET SESSION character_set_results = 'binary'"); // mysqldump
            s.execute("UNLOCK TABLES"); // mysqldump --single-transaction: nothing is locked, nothing to release
            s.execute("/*!40000 ALTER TABLE `some_table` DISABLE KEYS */"); // around each table's rows in a dump: InnoDB ignores it
            s.execute("ALTER TABLE some_table ENABLE KEYS");
            // a thread id is one backend's: run on all three, KILL would end unrelated connections
            assertThatThrownBy(() -> s.execute("KILL QUERY 5")).isInstanceOfSatisfying(java.sql.SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            s.execute("USE " + db.database);
            try (ResultSet rs = s.executeQuery("SELECT DATABASE(), @@version, 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(db.database);
                assertThat(rs.getString(2)).isNotBlank();
            }
        }
    }

    @Test
    void sessionVariablesStayWithTheirConnectionAndNeverLeakThroughThePool() throws Exception {
        String serverZone;
        String serverMode;
        try (Connection direct = db.backend(0); Statement d = direct.createStatement();
             ResultSet rs = d.executeQuery("SELECT @@session.time_zone, @@session.sql_mode")) {
            rs.next();
            serverZone = rs.getString(1);
            serverMode = rs.getString(2);
        }
        try (Connection a = db.connect(); Connection b = db.connect(); Statement s = a.createStatement(); Statement t = b.createStatement()) {
            s.execute("CREATE TABLE stamps (id INT PRIMARY KEY, secret VARCHAR(20), at TIMESTAMP NULL)");
            s.executeUpdate("INSERT INTO stamps VALUES (1, 'tick', '2024-01-01 12:00:00')");
            s.execute("/* app init */ SET time_zone = '+09:45', SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE'");
            s.execute("SET @patient = 42, @@session.group_concat_max_len = 4096");
            String plainAt = null;
            // the backend pools hold 2 connections each: both logical connections keep reusing the same physical ones
            for (int i = 0; i < 8; i++) {
                try (ResultSet rs = s.executeQuery("SELECT @@session.time_zone, @@session.sql_mode, @patient, @@group_concat_max_len")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("+09:45");
                    assertThat(rs.getString(2)).isEqualTo("STRICT_ALL_TABLES,NO_ZERO_DATE");
                    assertThat(rs.getLong(3)).isEqualTo(42);
                    assertThat(rs.getLong(4)).isEqualTo(4096);
                }
                try (ResultSet rs = t.executeQuery("SELECT @@session.time_zone, @@session.sql_mode, @patient")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("the other connection's zone").isEqualTo(serverZone);
                    assertThat(rs.getString(2)).isEqualTo(serverMode);
                    assertThat(rs.getObject(3)).isNull();
                }
                // a read of protected columns from two backends on the fan-out threads carries the zone too
                try (ResultSet rs = s.executeQuery("SELECT secret, at FROM stamps WHERE id = 1");
                     ResultSet plain = a.createStatement().executeQuery("SELECT at FROM stamps WHERE id = 1");
                     ResultSet other = t.executeQuery("SELECT secret, at FROM stamps WHERE id = 1")) {
                    rs.next();
                    plain.next();
                    other.next();
                    assertThat(rs.getString(1)).isEqualTo("tick");
                    assertThat(rs.getString(2)).isEqualTo(plain.getString(1)).isNotEqualTo(other.getString(2));
                    plainAt = plain.getString(1);
                }
            }
            assertThat(plainAt).isNotNull();
            try (ResultSet rs = s.executeQuery("SHOW VARIABLES LIKE 'time_zone'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("+09:45");
            }
            s.execute("SET @patient = NULL, time_zone = DEFAULT");
            try (ResultSet rs = s.executeQuery("SELECT @@session.time_zone, @patient")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(serverZone);
                assertThat(rs.getObject(2)).isNull();
            }
        }
        // a connection closed with settings leaves nothing behind in the backend pools
        try (Connection a = db.connect(); Statement s = a.createStatement()) {
            s.execute("SET time_zone = '+03:00', @left = 'behind'");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 6; i++) {
                try (ResultSet rs = s.executeQuery("SELECT @@session.time_zone, @left")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(serverZone);
                    assertThat(rs.getObject(2)).isNull();
                }
            }
        }
    }

    @Test
    void isolationAndReadOnlyReachTheBackends() throws Exception {
        try (Connection a = db.connect(); Connection b = db.connect(); Statement s = a.createStatement(); Statement t = b.createStatement()) {
            assertThat(a.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            for (int i = 0; i < 4; i++) {
                assertThat(string(s, "SELECT @@session.tx_isolation")).isEqualTo("READ-COMMITTED");
                assertThat(string(s, "SELECT @@transaction_isolation")).isEqualTo("READ-COMMITTED");
                assertThat(string(t, "SELECT @@session.tx_isolation")).isEqualTo("REPEATABLE-READ");
            }
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            assertThat(a.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(string(s, "SELECT @@tx_isolation")).isEqualTo("SERIALIZABLE");
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(string(s, "SELECT @@tx_isolation")).isEqualTo("REPEATABLE-READ");
            assertThatThrownBy(() -> a.setTransactionIsolation(Connection.TRANSACTION_NONE)).isInstanceOf(java.sql.SQLException.class);

            a.setReadOnly(true);
            assertThat(string(s, "SELECT @@tx_read_only")).isEqualTo("1");
            assertThat(string(t, "SELECT @@tx_read_only")).isEqualTo("0");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO visits (reason) VALUES ('read-only')"))
                    .isInstanceOf(java.sql.SQLException.class).extracting("SQLState").isEqualTo("25006");
            assertThatThrownBy(() -> s.execute("CREATE TABLE never (id INT PRIMARY KEY, reason VARCHAR(5))"))
                    .extracting("SQLState").isEqualTo("25006");
            assertThat(string(s, "SELECT COUNT(*) FROM visits WHERE reason = 'read-only'")).isEqualTo("0");
            a.setReadOnly(false);
            s.executeUpdate("INSERT INTO visits (reason) VALUES ('read-write')");
            assertThat(string(t, "SELECT COUNT(*) FROM visits WHERE reason = 'read-write'")).isEqualTo("1");
            try (ResultSet rs = a.getMetaData().getTables(db.database, null, "never", null)) {
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void setTransactionWithoutSessionSetsTheNextStatementOnly() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION READ ONLY");
            assertThat(c.isReadOnly()).isFalse();
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO visits (reason) VALUES ('once')")).extracting("SQLState").isEqualTo("25006");
            assertThat(s.executeUpdate("INSERT INTO visits (reason) VALUES ('once')")).isEqualTo(1);
            s.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            assertThat(string(s, "SELECT @@tx_isolation")).isEqualTo("SERIALIZABLE");
            assertThat(string(s, "SELECT @@tx_isolation")).isEqualTo("REPEATABLE-READ");
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    @Test
    void stateAStatementLeavesOnItsBackendConnectionDoesNotReachOtherConnections() throws Exception {
        try (Connection a = db.connect(); Connection b = db.connect(); Statement s = a.createStatement(); Statement t = b.createStatement()) {
            assertThat(string(s, "SELECT @counted := COUNT(*) FROM visits")).isNotNull();
            assertThat(string(s, "SELECT @seven := 7")).isEqualTo("7");
            for (int i = 0; i < 6; i++) {
                try (ResultSet rs = t.executeQuery("SELECT @counted, @seven")) {
                    rs.next();
                    assertThat(rs.getObject(1)).isNull();
                    assertThat(rs.getObject(2)).isNull();
                }
            }
            assertThatThrownBy(() -> s.execute("LOCK TABLES visits READ")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("LOCK TABLES");
            assertThatThrownBy(() -> s.execute("CREATE TEMPORARY TABLE scratch (id INT)")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("TEMPORARY");
        }
    }

    @Test
    void settingsTheDriverCannotHonourFailClosed() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+01:00'");
            assertThatThrownBy(() -> s.execute("SET @when = NOW()")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("@when").extracting("SQLState").isEqualTo("0A000");
            assertThatThrownBy(() -> s.execute("SET div_precision_increment = 8")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("div_precision_increment");
            assertThatThrownBy(() -> s.execute("SET sql_select_limit = 10")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("sql_select_limit");
            assertThatThrownBy(() -> s.execute("SET NAMES utf8mb4, autocommit = 0")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("autocommit");
            s.execute("SET autocommit = 0");  // alone, it is transaction control
            assertThat(c.getAutoCommit()).isFalse();
            s.execute("SET @@autocommit = 1");
            assertThat(c.getAutoCommit()).isTrue();
            assertThatThrownBy(() -> s.execute("SET GLOBAL max_connections = 10")).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> s.execute("SET NAMES latin1")).isInstanceOf(SQLFeatureNotSupportedException.class);
            // the SQL the driver writes must keep its meaning
            assertThatThrownBy(() -> s.execute("SET sql_mode = 'ANSI'")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("ANSI_QUOTES");
            assertThatThrownBy(() -> s.execute("SET @@session.sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"))
                    .hasMessageContaining("NO_BACKSLASH_ESCAPES");
            // the server's own error for what it does not know; nothing of that SET is kept
            assertThatThrownBy(() -> s.execute("SET time_zone = '+02:00', no_such_variable = 1"))
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("no_such_variable");
            s.execute("SET SESSION sql_mode = (SELECT REPLACE(@@sql_mode, 'ONLY_FULL_GROUP_BY', ''))");
            for (int i = 0; i < 4; i++) {
                assertThat(string(s, "SELECT @@time_zone")).isEqualTo("+01:00");
                assertThat(string(s, "SELECT @@sql_mode")).doesNotContain("ANSI_QUOTES").doesNotContain("ONLY_FULL_GROUP_BY");
                assertThat(string(s, "SELECT reason FROM visits WHERE reason = 'first' LIMIT 1")).isIn("first", null);
            }
        }
    }

    @Test
    void useSwitchesToAnotherDatabaseAllThreeBackendsHold() throws Exception {
        String other = db.database + "_other";
        String split = db.database + "_split";
        db.trio.createDatabase(other);
        db.trio.createDatabase(split);
        for (int b = 0; b < 3; b++) {
            try (Connection direct = db.backend(b); Statement d = direct.createStatement()) {
                d.execute("CREATE TABLE " + split + "._split_catalog (x INT)");
            }
        }
        try (Connection c = db.connect(); Connection bystander = db.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("USE no_such_database_here")).isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("no_such_database_here").extracting("SQLState").isEqualTo("42000");
            assertThatThrownBy(() -> s.execute("USE " + split)).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("_split_catalog");
            s.execute("USE `" + other + "`");
            assertThat(c.getCatalog()).isEqualTo(other);
            assertThat(string(s, "SELECT DATABASE()")).isEqualTo(other);
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "elsewhere");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(string(s, "/* dao */ SELECT body FROM notes WHERE id = 1")).isEqualTo("elsewhere");
            // a table the configuration manages is never reached from another database
            assertThatThrownBy(() -> s.executeQuery("SELECT reason FROM " + db.database + ".visits"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("visits");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO records (name) VALUES ('x')"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("records");
            assertThat(string(bystander.createStatement(), "SELECT DATABASE()")).isEqualTo(db.database);
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement d = direct.createStatement()) {
                    assertThat(string(d, "SELECT body FROM " + other + ".notes")).isEqualTo("elsewhere");
                }
            }
            c.setCatalog(db.database);
            assertThat(string(s, "SELECT DATABASE()")).isEqualTo(db.database);
            assertThat(string(s, "SELECT COUNT(*) > 0 FROM visits")).isNotNull();
            c.setCatalog(other);
            assertThat(string(s, "SELECT COUNT(*) FROM notes")).isEqualTo("1");
            s.execute("USE " + db.database);
            assertThat(c.getCatalog()).isEqualTo(db.database);
        }
    }

    @Test
    void poolsResetWhatTheyHandOutAgain() throws Exception {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(db.url);
        config.setMaximumPoolSize(1);
        config.setConnectionTestQuery("SELECT 1");
        config.setCatalog(db.database);  // Hikari puts the catalog back only when it is configured (as with Connector/J)
        try (com.zaxxer.hikari.HikariDataSource hikari = new com.zaxxer.hikari.HikariDataSource(config)) {
            String other = db.database + "_hikari";
            db.trio.createDatabase(other);
            try (Connection c = hikari.getConnection()) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
                c.setReadOnly(true);
                c.setCatalog(other);
                assertThat(string(c.createStatement(), "SELECT CONCAT(@@tx_isolation, ' ', @@tx_read_only, ' ', DATABASE())"))
                        .isEqualTo("READ-UNCOMMITTED ON " + other);
            }
            try (Connection c = hikari.getConnection()) {
                assertThat(c.isValid(2)).isTrue();
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
                assertThat(c.isReadOnly()).isFalse();
                assertThat(c.getCatalog()).isEqualTo(db.database);
                assertThat(string(c.createStatement(), "SELECT CONCAT(@@tx_isolation, ' ', @@tx_read_only, ' ', DATABASE())"))
                        .isEqualTo("REPEATABLE-READ OFF " + db.database);
            }
        }
        org.apache.tomcat.jdbc.pool.PoolProperties p = new org.apache.tomcat.jdbc.pool.PoolProperties();
        p.setUrl(db.url);
        p.setDriverClassName("io.splitdb.jdbc.SplitDriver");
        p.setMaxActive(1);
        p.setInitialSize(1);
        p.setTestOnBorrow(true);
        p.setValidationQuery("/* ping */ SELECT 1");
        p.setDefaultAutoCommit(true);
        p.setDefaultReadOnly(false);
        p.setDefaultCatalog(db.database);
        p.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        p.setInitSQL("SET NAMES utf8mb4");
        p.setJdbcInterceptors("ConnectionState");  // puts the defaults back on each borrow
        org.apache.tomcat.jdbc.pool.DataSource tomcat = new org.apache.tomcat.jdbc.pool.DataSource(p);
        try {
            try (Connection c = tomcat.getConnection()) {
                assertThat(string(c.createStatement(), "SELECT @@tx_isolation")).isEqualTo("READ-COMMITTED");
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                c.setReadOnly(true);
                c.setCatalog(db.database + "_hikari");
                c.setAutoCommit(true);
            }
            try (Connection c = tomcat.getConnection()) {
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
                assertThat(c.isReadOnly()).isFalse();
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(c.getCatalog()).isEqualTo(db.database);
                assertThat(string(c.createStatement(), "SELECT CONCAT(@@tx_isolation, ' ', @@tx_read_only, ' ', DATABASE())"))
                        .isEqualTo("READ-COMMITTED OFF " + db.database);
            }
        } finally {
            tomcat.close(true);
        }
    }

    private static String string(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
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

    @Test
    void showCreateTableKeysAndTableStatusShowTheLogicalSchema() throws Exception {
        List<String> ddl = List.of(
                "CREATE TABLE wards (id INT PRIMARY KEY, label VARCHAR(20))",
                "CREATE TABLE charts (id BIGINT NOT NULL AUTO_INCREMENT, ward_id INT NOT NULL, name VARCHAR(40) NOT NULL DEFAULT 'x', "
                        + "score DECIMAL(6,2) UNSIGNED, grade ENUM('A','b','C') NOT NULL, code VARCHAR(10) COLLATE utf8mb4_bin, "
                        + "visits_n INT NOT NULL DEFAULT 0, seen DATETIME(3), memo TEXT, flag TINYINT(1) DEFAULT 1, scan MEDIUMBLOB, notes LONGTEXT, "
                        + "PRIMARY KEY (id), KEY by_name (name, ward_id), CONSTRAINT fk_ward FOREIGN KEY (ward_id) REFERENCES wards (id))");
        String plainDb = db.database + "_plain2";
        db.trio.createDatabase(plainDb);
        try (Connection plain = DriverManager.getConnection(db.trio.jdbcUrls(plainDb).get(0), db.trio.user(), db.trio.password());
             Connection split = db.connect(); Statement p = plain.createStatement(); Statement s = split.createStatement()) {
            for (String sql : ddl) {
                p.execute(sql);
                s.execute(sql);
            }
            for (String sql : List.of("SHOW CREATE TABLE charts", "/* tool */ SHOW CREATE TABLE `charts`", "DESCRIBE charts",
                    "SHOW FULL COLUMNS FROM charts", "/* orm */ SHOW COLUMNS FROM charts")) {
                QueryOutcome expected = QueryOutcome.of(plain, sql);
                assertThat((Object) expected.error).as(sql).isNull();
                assertThat((Object) normalized(QueryOutcome.of(split, sql).rows)).as(sql).isEqualTo(normalized(expected.rows));
            }
            List<String> status = new ArrayList<>();
            QueryOutcome.of(split, "SHOW TABLE STATUS").rows.forEach(r -> status.add(r.get(0)));
            assertThat(status).contains("charts", "wards").noneMatch(n -> n.startsWith("_split_"));
            QueryOutcome.of(split, "SHOW FULL TABLES").rows.forEach(r -> assertThat(r.get(0)).doesNotStartWith("_split_"));

            DatabaseMetaData pm = plain.getMetaData();
            DatabaseMetaData sm = split.getMetaData();
            assertThat(rows(sm.getImportedKeys(db.database, null, "charts"), "PKTABLE_NAME", "PKCOLUMN_NAME", "FKCOLUMN_NAME", "FK_NAME"))
                    .isEqualTo(rows(pm.getImportedKeys(plainDb, null, "charts"), "PKTABLE_NAME", "PKCOLUMN_NAME", "FKCOLUMN_NAME", "FK_NAME"))
                    .containsExactly("wards id ward_id fk_ward");
            assertThat(rows(sm.getExportedKeys(db.database, null, "wards"), "FKTABLE_NAME", "FKCOLUMN_NAME"))
                    .isEqualTo(rows(pm.getExportedKeys(plainDb, null, "wards"), "FKTABLE_NAME", "FKCOLUMN_NAME"));
            String[] columnFields = {"COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE", "IS_NULLABLE",
                "COLUMN_DEF", "ORDINAL_POSITION", "IS_AUTOINCREMENT"};
            assertThat(rows(sm.getColumns(db.database, null, "charts", "%"), columnFields))
                    .isEqualTo(rows(pm.getColumns(plainDb, null, "charts", "%"), columnFields)).hasSize(12);
            assertThat(rows(sm.getPrimaryKeys(db.database, null, "charts"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"))
                    .isEqualTo(rows(pm.getPrimaryKeys(plainDb, null, "charts"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
            assertThat(rows(sm.getIndexInfo(db.database, null, "charts", false, false), "INDEX_NAME", "ORDINAL_POSITION", "COLUMN_NAME"))
                    .containsExactlyInAnyOrderElementsOf(
                            rows(pm.getIndexInfo(plainDb, null, "charts", false, false), "INDEX_NAME", "ORDINAL_POSITION", "COLUMN_NAME"));
            assertThat(rows(sm.getTables(db.database, null, "%", new String[] {"TABLE"}), "TABLE_NAME"))
                    .contains("charts", "wards").noneMatch(n -> n.startsWith("_split_"));
            // what the driver can do, said truthfully
            assertThat(sm.supportsTransactions()).isTrue();
            assertThat(sm.supportsSavepoints()).isTrue();
            assertThat(sm.supportsStoredProcedures()).isFalse();
            assertThat(sm.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)).isFalse();
            assertThat(sm.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)).isTrue();
            assertThat(sm.supportsGetGeneratedKeys()).isTrue();
            assertThat(sm.supportsBatchUpdates()).isTrue();
            // optimizer hints and comments inside statements over protected columns
            s.executeUpdate("INSERT INTO wards VALUES (1, 'east')");
            s.executeUpdate("INSERT /* audit */ INTO charts (ward_id, name, score, grade, code) VALUES (1, 'Zoë', 12.5, 'b', 'K1')");
            assertThat(lastInsertId(s, "SELECT LAST_INSERT_ID()")).isPositive();
            assertThat(string(s, "SELECT /*+ MAX_EXECUTION_TIME(5000) */ name FROM charts /* by code */ WHERE code = 'K1'")).isEqualTo("Zoë");
            assertThat(string(s, "/* report */ SELECT SQL_NO_CACHE score FROM charts WHERE name = 'zoe'")).isEqualTo("12.50");
        }
    }

    /** Rows of a listing with AUTO_INCREMENT counters and row statistics blanked (they differ between any two servers). */
    private static List<List<String>> normalized(List<List<String>> rows) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> row = new ArrayList<>();
            r.forEach(v -> row.add(v == null ? null : v.replaceAll(" AUTO_INCREMENT=\\d+", "")));
            out.add(row);
        }
        return out;
    }

    private static List<String> rows(ResultSet rs, String... labels) throws Exception {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (String l : labels) {
                    sb.append(sb.length() > 0 ? " " : "").append(rs.getString(l));
                }
                out.add(sb.toString());
            }
        }
        return out;
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
