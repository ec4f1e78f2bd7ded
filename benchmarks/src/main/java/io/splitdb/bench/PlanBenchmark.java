package io.splitdb.bench;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.embedded.MariaDbTrio;
import io.splitdb.jdbc.SplitConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * From SQL text to a plan, without running it (no backend round trip): the plan cache's hit path
 * for an unprepared statement whose literals change every time (they are lifted out, so the shape
 * hits), for a prepared statement, and a cache miss (a new shape: parse and plan) for comparison.
 * Needs the three embedded backends for the catalog; nothing is sent to them per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlanBenchmark {
    private MariaDbTrio trio;
    private Connection connection;
    private SplitConnection split;
    private long n;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        trio = MariaDbTrio.start(null);
        trio.createDatabase("bench");
        Path dir = Files.createTempDirectory("splitdb-bench");
        KeystoreFile.create(dir.resolve("keys.p12"), "bench-password".toCharArray(), MasterKey.generate());
        StringBuilder y = new StringBuilder("backends:\n");
        for (String u : trio.jdbcUrls("bench")) {
            y.append("  - url: \"").append(u).append("\"\n    user: \"").append(trio.user()).append("\"\n    password: \"")
                    .append(trio.password() == null ? "" : trio.password()).append("\"\n");
        }
        y.append("keys:\n  keystore: keys.p12\n  password: bench-password\n");
        y.append("tables:\n  patients:\n    name: { protect: shared, search: equality }\n    ssn: { protect: shared, search: equality }\n");
        Path config = dir.resolve("split.yaml");
        Files.writeString(config, y.toString());
        connection = DriverManager.getConnection("jdbc:split:" + config);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(100), ssn CHAR(11), ward VARCHAR(20), admitted DATE)");
        }
        split = connection.unwrap(SplitConnection.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        var cache = split.database().plans();
        long lookups = cache.hits() + cache.misses();
        System.out.printf("%nplan cache: %,d lookups, %,d hits (%.3f%%), %,d misses%n", lookups, cache.hits(),
                lookups == 0 ? 0.0 : 100.0 * cache.hits() / lookups, cache.misses());
        connection.close();
        trio.close();
    }

    /** A statement built with its literals in the text, as legacy code does: a new literal each time. */
    @Benchmark
    public Object unpreparedVaryingLiterals() throws SQLException {
        n++;
        return split.check("SELECT id, name, ward FROM patients WHERE ssn = '900-00-" + (n % 10_000) + "' AND ward = 'W" + (n % 7) + "'");
    }

    /**
     * A prepared statement's text (placeholders, no literals), looked up as each execution does:
     * {@code prepareStatement} itself only records the text, the plan is found when it runs.
     */
    @Benchmark
    public Object preparedStatementPlan() throws SQLException {
        return split.check("SELECT id, name, ward FROM patients WHERE ssn = ? AND ward = ?");
    }

    /** A shape never seen: lift, parse, plan (an alias that changes every time makes each one new). */
    @Benchmark
    public Object parseAndPlanMiss() throws SQLException {
        n++;
        return split.check("SELECT id, name AS n" + n + ", ward FROM patients WHERE ssn = '900-00-0001' AND ward = 'W1'");
    }
}
