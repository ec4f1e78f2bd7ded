package io.splitdb.it;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.embedded.BackendTrio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh split database for one test class: its own database on each backend, its own keystore
 * and configuration file, and the {@code jdbc:split:} URL that names them.
 */
final class SplitFixture {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final BackendTrio trio;
    final String database;
    final Path dir;
    final Path config;
    final String url;
    final MasterKey key;

    private SplitFixture(BackendTrio trio, String database, Path dir, Path config, MasterKey key) {
        this.trio = trio;
        this.database = database;
        this.dir = dir;
        this.config = config;
        this.url = "jdbc:split:" + config;
        this.key = key;
    }

    /** Creates the database on all three backends and a configuration protecting {@code tablesYaml}. */
    static SplitFixture create(BackendTrio trio, String name, String tablesYaml) throws Exception {
        return create(trio, name, tablesYaml, "");
    }

    /** As {@link #create(BackendTrio, String, String)}, with more {@code options:} lines (each "  key: value\n"). */
    static SplitFixture create(BackendTrio trio, String name, String tablesYaml, String moreOptions) throws Exception {
        String database = name + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        trio.createDatabase(database);
        Path base = Path.of(System.getProperty("splitdb.test.base", "target"), "it", database);
        Files.createDirectories(base);
        MasterKey key = MasterKey.generate();
        KeystoreFile.create(base.resolve("keys.p12"), "test-password".toCharArray(), key);
        Path config = base.resolve("split.yaml");
        Files.writeString(config, yaml(trio, database, "keys.p12", tablesYaml, moreOptions));
        return new SplitFixture(trio, database, base, config, key);
    }

    static String yaml(BackendTrio trio, String database, String keystore, String tablesYaml) {
        return yaml(trio, database, keystore, tablesYaml, "");
    }

    static String yaml(BackendTrio trio, String database, String keystore, String tablesYaml, String moreOptions) {
        List<String> urls = trio.jdbcUrls(database);
        StringBuilder y = new StringBuilder("backends:\n");
        for (String u : urls) {
            y.append("  - url: \"").append(u).append("\"\n")
                    .append("    user: \"").append(trio.user()).append("\"\n")
                    .append("    password: \"").append(trio.password() == null ? "" : trio.password()).append("\"\n");
        }
        y.append("keys:\n  keystore: ").append(keystore).append("\n  password: test-password\n");
        y.append("options:\n  connect-timeout-ms: 1500\n  down-retry-ms: 1000\n").append(moreOptions);
        y.append(tablesYaml);
        return y.toString();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs recovery until backend {@code i}, restarted, is repaired and in service again (at most a minute). */
    void backInService(int i) throws Exception {
        try (Connection c = connect()) {
            io.splitdb.jdbc.SplitConnection split = c.unwrap(io.splitdb.jdbc.SplitConnection.class);
            long deadline = System.currentTimeMillis() + 60_000;
            while (!split.database().backends().get(i).isUp()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("backend " + i + " is not back in service after a minute");
                }
                split.database().recovery().runNow();
                Thread.sleep(100);
            }
        }
    }

    /** The tag this split database's XA transaction ids carry ({@code sdb-<leader>-<tag>-...}). */
    String tag() throws SQLException {
        try (Connection c = connect()) {
            return c.unwrap(io.splitdb.jdbc.SplitConnection.class).database().databaseTag();
        }
    }

    /** A plain connection straight to backend {@code i}, bypassing splitdb. */
    Connection backend(int i) throws SQLException {
        return DriverManager.getConnection(trio.jdbcUrls(database).get(i), trio.user(), trio.password());
    }
}
