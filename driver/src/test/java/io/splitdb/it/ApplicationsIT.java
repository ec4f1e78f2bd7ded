package io.splitdb.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How applications really connect: through a pool, several at once, from more than one driver instance. */
@ExtendWith(SplitBackendsExtension.class)
class ApplicationsIT {
    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "apps", """
                tables:
                  staff:
                    email: { protect: shared, search: equality }
                  late:
                    secret: { protect: shared, search: equality }
                  rota:
                    email: { protect: shared, search: equality }
                """);
    }

    @Test
    void hikariPoolOverSplitWorksUnchanged() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url);
        config.setMaximumPoolSize(4);
        config.setPoolName("app-pool");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE staff (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(80) NOT NULL, role VARCHAR(20))");
            }
            Thread[] threads = new Thread[4];
            Throwable[] failure = new Throwable[1];
            for (int t = 0; t < threads.length; t++) {
                int worker = t;
                threads[t] = new Thread(() -> {
                    try (Connection c = pool.getConnection();
                         PreparedStatement ps = c.prepareStatement("INSERT INTO staff (email, role) VALUES (?, ?)")) {
                        for (int i = 0; i < 25; i++) {
                            ps.setString(1, "user" + worker + "-" + i + "@hospital.example");
                            ps.setString(2, "nurse");
                            ps.executeUpdate();
                        }
                    } catch (Throwable e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failure[0]).isNull();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM staff")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(100);
                }
                try (ResultSet rs = s.executeQuery("SELECT role FROM staff WHERE email = 'USER3-7@hospital.example'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("nurse");
                }
            }
            // all three backends agree on every generated key
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement s = direct.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id), SUM(id) FROM staff")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(100);
                    assertThat(rs.getLong(4)).isEqualTo((long) rs.getLong(2) * 100 + 4950);
                }
            }
        }
    }

    @Test
    void tomcatJdbcPoolAsAJspApplicationConfiguresIt() throws Exception {
        org.apache.tomcat.jdbc.pool.PoolProperties p = new org.apache.tomcat.jdbc.pool.PoolProperties();
        p.setUrl(db.url);
        p.setDriverClassName("io.splitdb.jdbc.SplitDriver");
        p.setInitialSize(2);
        p.setMaxActive(4);
        p.setTestOnBorrow(true);
        p.setValidationQuery("SELECT 1");
        p.setDefaultAutoCommit(true);
        p.setDefaultReadOnly(false);
        p.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        p.setInitSQL("SET NAMES utf8mb4");
        org.apache.tomcat.jdbc.pool.DataSource pool = new org.apache.tomcat.jdbc.pool.DataSource(p);
        try {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE rota (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(80) NOT NULL, role VARCHAR(20))");
                s.executeUpdate("INSERT INTO rota (email, role) VALUES ('tomcat@hospital.example', 'doctor')");
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            }
            for (int i = 0; i < 10; i++) {
                try (Connection c = pool.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT role, UPPER(email) FROM rota WHERE email = ? AND role LIKE ?")) {
                    ps.setString(1, "TOMCAT@hospital.example");
                    ps.setString(2, "doc%");
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("doctor");
                        assertThat(rs.getString(2)).isEqualTo("TOMCAT@HOSPITAL.EXAMPLE");
                    }
                }
            }
        } finally {
            pool.close(true);
        }
    }

    @Test
    void aTableCreatedByAnotherDriverInstanceIsProtectedHereToo() throws Exception {
        Path other = db.dir.resolve("other.yaml");
        Files.copy(db.config, other);
        try (Connection second = DriverManager.getConnection("jdbc:split:" + other);
             Connection first = db.connect()) {
            // the second instance has read the catalog before the table exists
            try (Statement s = second.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            try (Statement s = first.createStatement()) {
                s.execute("CREATE TABLE late (id INT PRIMARY KEY, secret VARCHAR(20))");
            }
            try (Statement s = second.createStatement()) {
                s.executeUpdate("INSERT INTO late VALUES (1, 'classified')");
                try (ResultSet rs = s.executeQuery("SELECT secret FROM late WHERE id = 1")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("classified");
                }
            }
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement s = direct.createStatement();
                     ResultSet rs = s.executeQuery("SELECT secret FROM late")) {
                    rs.next();
                    assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("classified");
                }
            }
        }
    }

    @Test
    void masterKeyFromAnEnvironmentVariable(BackendTrio trio) throws Exception {
        assumeTrue(System.getenv("SPLITDB_IT_MASTER_KEY") != null, "set by the failsafe configuration");
        String database = db.database + "_env";
        trio.createDatabase(database);
        Path config = db.dir.resolve("env-key.yaml");
        String yaml = SplitFixture.yaml(trio, database, "unused.p12", "tables:\n  notes:\n    body: { protect: shared }\n")
                .replaceAll("(?s)keys:\n  keystore: unused.p12\n  password: test-password\n", "keys:\n  master-key-env: SPLITDB_IT_MASTER_KEY\n");
        Files.writeString(config, yaml);
        try (Connection c = DriverManager.getConnection("jdbc:split:" + config); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))");
            s.executeUpdate("INSERT INTO notes VALUES (1, 'from the environment')");
            try (ResultSet rs = s.executeQuery("SELECT body FROM notes")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("from the environment");
            }
        }
        Path missing = db.dir.resolve("env-missing.yaml");
        Files.writeString(missing, yaml.replace("SPLITDB_IT_MASTER_KEY", "SPLITDB_SURELY_UNSET_KEY"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection("jdbc:split:" + missing))
                .hasMessageContaining("SPLITDB_SURELY_UNSET_KEY").hasMessageContaining("not set");
    }
}
