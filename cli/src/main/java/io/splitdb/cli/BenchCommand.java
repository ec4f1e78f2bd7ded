package io.splitdb.cli;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.demo.DataGenerator;
import io.splitdb.embedded.MariaDbTrio;
import io.splitdb.policy.BackendConfig;
import io.splitdb.policy.ConfigLoader;
import io.splitdb.policy.SplitConfig;
import io.splitdb.proxy.ProxyConfig;
import io.splitdb.proxy.ProxyServer;
import io.splitdb.proxy.auth.ProxyUser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The cost of split storage, measured side by side in one run: the same hospital workload through
 * plain Connector/J on one server (the floor), through p6spy (the cost of wrapping a driver),
 * through {@code jdbc:split:} and through the proxy.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure plain MySQL, p6spy, jdbc:split: and the proxy side by side on the demo hospital workload.",
                "Exit codes: 0 measured, 1 a system failed, 2 usage."})
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    static final List<String> SYSTEMS = List.of("mysql", "p6spy", "split", "proxy");

    @Option(names = "--threads", defaultValue = "4", description = "client threads per system and operation (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--duration", defaultValue = "5", description = "seconds per system and operation (default ${DEFAULT-VALUE}), after 2 s of warm-up")
    int duration;

    @Option(names = "--rows", defaultValue = "2000", description = "patients generated (default ${DEFAULT-VALUE}; visits and diagnoses about twice as many)")
    int rows;

    @Option(names = "--json", paramLabel = "FILE", description = "write every figure as JSON: {\"systems\": {SYSTEM: {OPERATION: {\"ops_per_s\", \"p50_us\", \"p99_us\", ...}}}}")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "write a bar chart of p50 latency per operation")
    Path plot;

    @Option(names = "--config", paramLabel = "FILE",
            description = "measure on your own three servers: this split configuration's backends (the plain and p6spy runs use its first backend's server, database bench_plain); default: three embedded MariaDB servers")
    Path config;

    @Option(names = "--operations", split = ",", description = "only these operations (default: all)")
    List<String> operations;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "an options: entry of the split configuration for the embedded servers, e.g. --option audit=off to see what the audit log costs (with --config, edit the file)")
    Map<String, String> splitOptions = new LinkedHashMap<>();

    @Option(names = "--replace-tables", description = "with --config: drop and load the benchmark's tables (patients, visits, ...) even where they exist")
    boolean replaceTables;

    @Option(names = "--systems", split = ",", description = "only these systems (default: all; mysql, the floor, always runs)")
    List<String> systemNames;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || threads > 256 || duration < 1 || rows < 10) {
            System.err.println("splitdb bench: --threads 1..256, --duration >= 1, --rows >= 10");
            return CommandFailure.USAGE;
        }
        List<String> ops = operations == null || operations.isEmpty() ? BenchOperations.NAMES : operations;
        for (String op : ops) {
            if (!BenchOperations.NAMES.contains(op)) {
                System.err.println("splitdb bench: unknown operation " + op + " (one of " + String.join(", ", BenchOperations.NAMES) + ")");
                return CommandFailure.USAGE;
            }
        }
        if (config != null && !splitOptions.isEmpty()) {
            System.err.println("splitdb bench: --option applies to the embedded servers; with --config, set options: in " + config);
            return CommandFailure.USAGE;
        }
        for (String system : systemNames == null ? List.<String>of() : systemNames) {
            if (!SYSTEMS.contains(system)) {
                System.err.println("splitdb bench: unknown system " + system + " (one of " + String.join(", ", SYSTEMS) + ")");
                return CommandFailure.USAGE;
            }
        }
        Path work = Files.createDirectories(Path.of("target", "bench").toAbsolutePath());
        System.setProperty("p6spy.config.logfile", work.resolve("spy.log").toString());
        System.setProperty("p6spy.config.excludecategories", "info,debug,result,resultset,batch,commit,rollback,statement");
        MariaDbTrio trio = null;
        Path splitConfig = null;
        try {
            List<String> urls;
            String user;
            String password;
            if (config == null) {
                System.out.println("Starting three embedded MariaDB servers ...");
                trio = MariaDbTrio.start(null);
                trio.createDatabase("bench");
                trio.createDatabase("bench_plain");
                urls = trio.jdbcUrls("bench");
                user = trio.user();
                password = trio.password() == null ? "" : trio.password();
                splitConfig = embeddedConfig(work, urls, user, password, splitOptions);
            } else {
                SplitConfig c = new ConfigLoader().load(config.toString());
                BackendConfig first = c.backends().get(0);
                urls = c.backends().stream().map(BackendConfig::url).toList();
                user = first.user();
                password = first.password() == null ? "" : first.password();
                splitConfig = config.toAbsolutePath();
                try (Connection admin = DriverManager.getConnection(first.url(), user, password); Statement s = admin.createStatement()) {
                    s.execute("CREATE DATABASE IF NOT EXISTS bench_plain CHARACTER SET utf8mb4");
                }
            }
            String plainUrl = urls.get(0).replaceFirst("/[^/?]*(\\?|$)", "/bench_plain$1");
            if (config != null && !replaceTables) {
                List<String> existing = existingTables("jdbc:split:" + splitConfig);
                if (!existing.isEmpty()) {
                    System.err.println("splitdb bench: the database of " + config + " already has " + String.join(", ", existing)
                            + ", which the benchmark would drop and load anew; point --config at a database made for benchmarking, "
                            + "or pass --replace-tables");
                    return CommandFailure.USAGE;
                }
            }
            System.out.println("Loading " + rows + " patients into the plain database and through jdbc:split: ...");
            int diagnoses = load(DriverManager.getConnection(plainUrl, user, password));
            load(DriverManager.getConnection("jdbc:split:" + splitConfig));
            // the proxy's user lives only in this process: the configuration file is never written to
            String proxyPassword = java.util.HexFormat.of().formatHex(randomBytes(12));
            ProxyConfig proxyConfig = new ProxyConfig(0, Map.of("bench", ProxyUser.withPassword("bench", proxyPassword)),
                    ProxyConfig.DEFAULT_MAX_CONNECTIONS, ProxyConfig.DEFAULT_MAX_PACKET, ProxyConfig.DEFAULT_IDLE_TIMEOUT);
            try (ProxyServer proxy = new ProxyServer(splitConfig, proxyConfig)) {
                int proxyPort = proxy.start();
                String proxyUrl = "jdbc:mysql://127.0.0.1:" + proxyPort + "/" + BackendConfig.databaseOf(urls.get(0)) + "?useSSL=false";
                Map<String, Supplier<Connection>> systems = new LinkedHashMap<>();
                systems.put("mysql", () -> connect(plainUrl, user, password));
                systems.put("p6spy", () -> connect("jdbc:p6spy:" + plainUrl.substring("jdbc:".length()), user, password));
                String splitUrl = "jdbc:split:" + splitConfig;
                systems.put("split", () -> connect(splitUrl, null, null));
                systems.put("proxy", () -> connect(proxyUrl, "bench", proxyPassword));
                if (systemNames != null && !systemNames.isEmpty()) {
                    systems.keySet().removeIf(name -> !name.equals("mysql") && !systemNames.contains(name));
                }
                Map<String, Map<String, BenchStats>> results = new LinkedHashMap<>();
                BackendStatements statements = new BackendStatements(urls, user, password);
                for (Map.Entry<String, Supplier<Connection>> system : systems.entrySet()) {
                    for (String op : ops) {
                        BenchStats st = measure(system.getValue(), op, diagnoses, statements);
                        results.computeIfAbsent(system.getKey(), k -> new LinkedHashMap<>()).put(op, st);
                        System.out.printf(Locale.ROOT, "  %-6s %-17s %9.0f ops/s  p50 %8.1f us  p99 %8.1f us%n", system.getKey(), op,
                                st.opsPerSecond(), st.p50Nanos() / 1000.0, st.p99Nanos() / 1000.0);
                    }
                }
                print(results, ops);
                if (json != null) {
                    Files.writeString(json, json(results, ops));
                    System.out.println("wrote " + json);
                }
                if (plot != null) {
                    BenchPlot.write(plot, List.copyOf(systems.keySet()), ops, results);
                    System.out.println("wrote " + plot);
                }
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            System.err.println("splitdb bench: " + e.getMessage());
            return CommandFailure.FAILED;
        } finally {
            if (splitConfig != null) {
                io.splitdb.jdbc.SplitDriver.close(splitConfig.toString());  // before the servers: the audit log writes what it buffered
            }
            if (trio != null) {
                trio.close();
            }
        }
    }

    private static final List<String> TABLES = List.of("prescriptions", "diagnoses", "visits", "patients", "staff");

    /** The benchmark's tables that exist already in the split database at {@code url}. */
    private static List<String> existingTables(String url) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                if (TABLES.contains(rs.getString(1).toLowerCase(Locale.ROOT))) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private static Connection connect(String url, String user, String password) {
        try {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    private static Path embeddedConfig(Path work, List<String> urls, String user, String password, Map<String, String> options)
            throws Exception {
        Path keystore = work.resolve("bench.p12");
        Files.deleteIfExists(keystore);
        KeystoreFile.create(keystore, "bench-keystore".toCharArray(), MasterKey.generate());
        StringBuilder y = new StringBuilder("backends:\n");
        for (String u : urls) {
            y.append("  - url: \"").append(u).append("\"\n    user: \"").append(user).append("\"\n    password: \"").append(password).append("\"\n");
        }
        y.append("keys:\n  keystore: bench.p12\n  password: bench-keystore\n");
        if (!options.isEmpty()) {
            y.append("options:\n");
            options.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        try (InputStream in = BenchCommand.class.getResourceAsStream("/hospital/policy.yaml")) {
            y.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path file = work.resolve("bench.yaml");
        Files.writeString(file, y.toString());
        return file;
    }

    /** The hospital schema (dropped first) and its generated data; returns the number of diagnoses. */
    private int load(Connection c) throws Exception {
        try (c; Statement s = c.createStatement(); InputStream in = BenchCommand.class.getResourceAsStream("/hospital/schema.sql")) {
            for (String t : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
            for (SqlScript.Statement st : SqlScript.split(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                s.execute(st.sql());
            }
            DataGenerator.generate(c, 42, rows);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM diagnoses")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** {@code threads} threads, each with its own connection, run {@code op} for 2 s of warm-up and then {@code duration} s. */
    private BenchStats measure(Supplier<Connection> connections, String op, int diagnoses, BackendStatements statements) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmupEnd + duration * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        int[] warmups = new int[threads];
        long[] cpu = new long[threads];
        long[] bytes = new long[threads];
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads);
        long statements0 = statements.count();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int index = t;
            Thread worker = new Thread(() -> {
                try (Connection c = connections.get(); BenchOperations ops = new BenchOperations(c, rows, diagnoses, 1000L + index)) {
                    while (System.nanoTime() < warmupEnd) {
                        ops.run(op);
                        warmups[index]++;
                    }
                    long tid = Thread.currentThread().getId();
                    long cpu0 = mx.getThreadCpuTime(tid);
                    long bytes0 = mx.getThreadAllocatedBytes(tid);
                    int n = 0;
                    long now;
                    while ((now = System.nanoTime()) < end && n < mine.length) {
                        ops.run(op);
                        mine[n++] = System.nanoTime() - now;
                    }
                    counts[index] = n;
                    cpu[index] = mx.getThreadCpuTime(tid) - cpu0;
                    bytes[index] = mx.getThreadAllocatedBytes(tid) - bytes0;
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "splitdb-bench-" + t);
            worker.start();
        }
        done.await();
        long statementsRun = statements.count() - statements0;
        if (failure.get() != null) {
            throw new SQLException(op + ": " + failure.get().getMessage(), failure.get());
        }
        int total = 0;
        long all0 = 0;
        for (int t = 0; t < threads; t++) {
            total += counts[t];
            all0 += counts[t] + warmups[t];
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        long cpuTotal = 0;
        long bytesTotal = 0;
        for (int t = 0; t < threads; t++) {
            cpuTotal += cpu[t];
            bytesTotal += bytes[t];
        }
        return BenchStats.of(all, total, duration, cpuTotal, bytesTotal, all0 == 0 ? 0 : (double) statementsRun / all0);
    }

    private static void print(Map<String, Map<String, BenchStats>> results, List<String> ops) {
        Map<String, BenchStats> floor = results.get("mysql");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-17s %-6s %10s %10s %10s %8s %8s %12s %12s %10s%n", "operation", "system", "ops/s", "p50 us", "p99 us",
                "x p50", "x ops/s", "cpu us/op", "KiB/op", "stmts/op");
        for (String op : ops) {
            for (Map.Entry<String, Map<String, BenchStats>> e : results.entrySet()) {
                BenchStats s = e.getValue().get(op);
                BenchStats f = floor.get(op);
                System.out.printf(Locale.ROOT, "%-17s %-6s %10.0f %10.1f %10.1f %8.2f %8.2f %12.1f %12.1f %10.2f%n", op, e.getKey(),
                        s.opsPerSecond(), s.p50Nanos() / 1000.0, s.p99Nanos() / 1000.0, (double) s.p50Nanos() / f.p50Nanos(),
                        s.opsPerSecond() / f.opsPerSecond(), s.cpuNanosPerOp() / 1000.0, s.bytesPerOp() / 1024.0, s.backendStatementsPerOp());
            }
        }
    }

    private static String json(Map<String, Map<String, BenchStats>> results, List<String> ops) {
        StringBuilder j = new StringBuilder("{\"systems\": {");
        boolean firstSystem = true;
        for (Map.Entry<String, Map<String, BenchStats>> e : results.entrySet()) {
            j.append(firstSystem ? "" : ", ").append('"').append(e.getKey()).append("\": {");
            firstSystem = false;
            boolean firstOp = true;
            for (String op : ops) {
                BenchStats s = e.getValue().get(op);
                j.append(firstOp ? "" : ", ").append(String.format(Locale.ROOT,
                        "\"%s\": {\"ops_per_s\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f, \"cpu_us_per_op\": %.2f, \"bytes_per_op\": %.0f, \"backend_statements_per_op\": %.2f, \"operations\": %d}",
                        op, s.opsPerSecond(), s.p50Nanos() / 1000.0, s.p99Nanos() / 1000.0, s.cpuNanosPerOp() / 1000.0, s.bytesPerOp(),
                        s.backendStatementsPerOp(), s.operations()));
                firstOp = false;
            }
            j.append('}');
        }
        return j.append("}}\n").toString();
    }
}
