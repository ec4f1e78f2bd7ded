package io.splitdb.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(SplitBackendsExtension.class)
class MariaDbTrioIT {
    static BackendTrio trio;

    @BeforeAll
    static void setUp(BackendTrio shared) throws SQLException {
        trio = shared;
        trio.createDatabase("trio_it");
    }

    private static String scalar(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, trio.user(), trio.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void threeServersAnswerInUtf8mb4() throws Exception {
        List<String> urls = trio.jdbcUrls("trio_it");
        assertThat(urls).hasSize(3).doesNotHaveDuplicates();
        for (String url : urls) {
            assertThat(scalar(url, "SELECT VERSION()")).isNotBlank();
            assertThat(scalar(url, "SELECT @@character_set_database")).isEqualTo("utf8mb4");
            assertThat(scalar(url, "SELECT DATABASE()")).isEqualTo("trio_it");
        }
    }

    @Test
    void aStoppedServerRefusesConnectionsAndComesBackWithItsData() throws Exception {
        assumeTrue(trio.controllable());
        String url = trio.jdbcUrls("trio_it").get(1);
        try (Connection c = DriverManager.getConnection(url, trio.user(), trio.password()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survives (v VARCHAR(10))");
            s.execute("INSERT INTO survives VALUES ('kept')");
        }
        trio.stop(1);
        assertThat(trio.isRunning(1)).isFalse();
        assertThatThrownBy(() -> DriverManager.getConnection(url, trio.user(), trio.password())).isInstanceOf(SQLException.class);
        assertThat(scalar(trio.jdbcUrls("trio_it").get(0), "SELECT 1")).isEqualTo("1");
        trio.start(1);
        assertThat(scalar(url, "SELECT v FROM survives")).isEqualTo("kept");
        trio.kill(1);
        assertThatThrownBy(() -> DriverManager.getConnection(url, trio.user(), trio.password())).isInstanceOf(SQLException.class);
        trio.start(1);
        assertThat(scalar(url, "SELECT v FROM survives")).isEqualTo("kept");
    }

    @Test
    void dumpsWithTheBundledTool() throws Exception {
        assumeTrue(trio.clientBin("mariadb-dump").isPresent());
        try (Connection c = DriverManager.getConnection(trio.jdbcUrls("trio_it").get(0), trio.user(), trio.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE dumped (v VARCHAR(20))");
            s.execute("INSERT INTO dumped VALUES ('in-the-dump')");
        }
        int port = ((MariaDbTrio) trio).port(0);
        Process p = new ProcessBuilder(trio.clientBin("mariadb-dump").get().toString(), "--host=127.0.0.1", "--port=" + port,
                "--user=" + trio.user(), "--password=" + trio.password(), "--skip-ssl", "trio_it").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("in-the-dump");
    }

    @Test
    void dataSurvivesARestartOfTheTrio() throws Exception {
        assumeTrue(trio.controllable());
        Path dir = Path.of(System.getProperty("splitdb.test.base", "target"), "trio-persist-" + ProcessHandle.current().pid());
        try (MariaDbTrio own = MariaDbTrio.start(dir)) {
            own.createDatabase("keep");
            try (Connection c = DriverManager.getConnection(own.jdbcUrls("keep").get(2), own.user(), own.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v INT)");
                s.execute("INSERT INTO t VALUES (42)");
            }
        }
        try (MariaDbTrio again = MariaDbTrio.start(dir);
             Connection c = DriverManager.getConnection(again.jdbcUrls("keep").get(2), again.user(), again.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        assertThat(Files.exists(dir)).isTrue();
    }
}
