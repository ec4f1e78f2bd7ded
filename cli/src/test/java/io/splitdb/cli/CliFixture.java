package io.splitdb.cli;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.embedded.BackendTrio;
import io.splitdb.jdbc.SplitConnection;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A split database of its own for one test class (a database on each backend, a keystore and a
 * configuration file), and the splitdb command run in-process with its output captured.
 * Background recovery sweeps are rare ({@code down-retry-ms} of an hour), so what gets repaired is
 * what {@code splitdb repair} repairs.
 */
final class CliFixture {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final BackendTrio trio;
    final String database;
    final Path dir;
    final Path config;

    private CliFixture(BackendTrio trio, String database, Path dir, Path config) {
        this.trio = trio;
        this.database = database;
        this.dir = dir;
        this.config = config;
    }

    static CliFixture create(BackendTrio trio, String name, String tablesYaml) throws Exception {
        String database = name + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        trio.createDatabase(database);
        Path dir = Path.of(System.getProperty("splitdb.test.base", "target"), "it", database);
        Files.createDirectories(dir);
        KeystoreFile.create(dir.resolve("keys.p12"), "test-password".toCharArray(), MasterKey.generate());
        StringBuilder y = new StringBuilder("backends:\n");
        for (String u : trio.jdbcUrls(database)) {
            y.append("  - url: \"").append(u).append("\"\n")
                    .append("    user: \"").append(trio.user()).append("\"\n")
                    .append("    password: \"").append(trio.password() == null ? "" : trio.password()).append("\"\n");
        }
        y.append("keys:\n  keystore: keys.p12\n  password: test-password\n");
        y.append("options:\n  connect-timeout-ms: 1500\n  down-retry-ms: 3600000\n");
        y.append(tablesYaml);
        Path config = dir.resolve("split.yaml");
        Files.writeString(config, y.toString());
        return new CliFixture(trio, database, dir, config);
    }

    /** A copy of the configuration under another name: a separate driver instance, as another process would have. */
    Path copyOfConfig(String name) throws Exception {
        Path copy = dir.resolve(name + ".yaml");
        Files.copy(config, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:split:" + config);
    }

    static Connection connect(Path config) throws SQLException {
        return DriverManager.getConnection("jdbc:split:" + config);
    }

    /** A plain connection straight to backend {@code i}, bypassing splitdb. */
    Connection backend(int i) throws SQLException {
        return DriverManager.getConnection(trio.jdbcUrls(database).get(i), trio.user(), trio.password());
    }

    void onBackend(int i, String... sql) throws SQLException {
        try (Connection c = backend(i); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Runs recovery until backend {@code i} is in service again (at most a minute), for the driver instance of {@code config}. */
    static void backInService(Path config, int i) throws Exception {
        try (Connection c = connect(config)) {
            var db = c.unwrap(SplitConnection.class).database();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!db.backends().get(i).isUp()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("backend " + i + " is not back in service after a minute");
                }
                db.recovery().runNow();
                Thread.sleep(100);
            }
        }
    }

    /** What one run of the command printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static synchronized Run splitdb(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SplitDb.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        oldOut.println("$ splitdb " + String.join(" ", List.of(args)) + "\n" + run);
        return run;
    }
}
