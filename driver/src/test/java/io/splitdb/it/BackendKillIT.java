package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.splitdb.it.TxChecks.assertBackendsAgree;
import static io.splitdb.it.TxChecks.assertNoXaBranches;
import static io.splitdb.it.TxChecks.database;
import static io.splitdb.it.TxChecks.recoverUntilUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A backend killed (SIGKILL of its mariadbd) under a load of short write transactions: writes go
 * on with the other two ({@code writes: quorum}), and once the backend is started again recovery
 * resolves its in-doubt branches and repairs what it missed. Nothing acknowledged is lost, nothing
 * rolled back appears, the three backends agree, {@code _split_pending} is empty, and the repaired
 * backend's shares reconstruct every value together with either other backend.
 */
@ExtendWith(SplitBackendsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendKillIT {
    private static final int THREADS = 4;
    private static final List<String> SHARES = List.of("name", "secret");
    private static final String POLICY = """
              %s:
                name:   { protect: shared, search: equality }
                secret: { protect: shared }
            """;
    private static final String ORDERS = "CREATE TABLE %s (id BIGINT PRIMARY KEY, writer INT NOT NULL, name VARCHAR(60), secret VARCHAR(120), "
            + "amount INT NOT NULL)";
    /** SQLStates a write may fail with while a backend dies (the client retries); 08007 = outcome unknown. */
    private static final Set<String> EXPECTED_FAILURES = Set.of("40001", "40000", "41000", "08007");

    static BackendTrio trio;
    static SplitFixture db;
    static SplitFixture all;
    static Connection control;
    /** Recovery says at FINE why a backend stays out of service: shown, so a stuck recovery explains itself. */
    static final java.util.logging.Logger RECOVERY_LOG = java.util.logging.Logger.getLogger("io.splitdb.exec.Recovery");

    @BeforeAll
    static void setUp(BackendTrio shared) throws Exception {
        trio = shared;
        assumeTrue(trio.controllable(), "needs embedded backends that the test can kill");
        RECOVERY_LOG.setLevel(java.util.logging.Level.FINE);
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setLevel(java.util.logging.Level.FINE);
        RECOVERY_LOG.addHandler(handler);
        StringBuilder policy = new StringBuilder("tables:\n");
        for (String t : List.of("orders_f", "orders_l", "orders_m")) {
            policy.append(POLICY.formatted(t));
        }
        db = SplitFixture.create(trio, "bkill", policy.toString());
        control = db.connect();
        try (Statement s = control.createStatement()) {
            for (String t : List.of("orders_f", "orders_l", "orders_m")) {
                s.execute(ORDERS.formatted(t));
            }
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (control != null) {
            control.close();
        }
    }

    /** Other test classes share the servers: every one runs again, and is in service for this class's databases. */
    @AfterEach
    void restoreTrio() throws Exception {
        if (control == null) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            if (!trio.isRunning(i)) {
                trio.start(i);
            }
        }
        for (int i = 0; i < 3; i++) {
            recoverUntilUp(control, i, 15_000);
        }
    }

    @Test
    @Order(1)
    void killAFollowerUnderLoad() throws Exception {
        killUnderLoad("orders_f", 2);
    }

    @Test
    @Order(2)
    void killTheLeaderUnderLoad() throws Exception {
        killUnderLoad("orders_l", 0);
    }

    // ------------------------------------------------------------------ the load

    /** What one writer expects of a row: its exact values, or (outcome unknown) one of several. */
    private static final class Load {
        final String table;
        final Map<Long, Set<String>> expected = new ConcurrentHashMap<>();
        final Set<Long> absent = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicInteger commits = new AtomicInteger();
        volatile boolean stop;

        Load(String table) {
            this.table = table;
        }

        void writer(int w) throws SQLException, InterruptedException {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            List<Long> mine = new ArrayList<>();
            Map<Long, Integer> versions = new HashMap<>();
            long seq = 0;
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                while (!stop) {
                    long a = w * 100_000_000L + (++seq) * 2;
                    long b = a + 1;
                    Long target = mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
                    int version = target == null ? 0 : versions.get(target) + 1;
                    try {
                        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " (id, writer, name, secret, amount) VALUES (?, ?, ?, ?, 0)")) {
                            for (long id : new long[] {a, b}) {
                                ins.setLong(1, id);
                                ins.setInt(2, w);
                                ins.setString(3, name(id));
                                ins.setString(4, secret(id, 0));
                                ins.addBatch();
                            }
                            ins.executeBatch();
                        }
                        if (target != null) {
                            try (PreparedStatement upd = c.prepareStatement("UPDATE " + table + " SET secret = ?, amount = ? WHERE id = ?")) {
                                upd.setString(1, secret(target, version));
                                upd.setInt(2, version);
                                upd.setLong(3, target);
                                assertThat(upd.executeUpdate()).as("row %d is there to update", target).isEqualTo(1);
                            }
                        }
                        c.commit();
                        commits.incrementAndGet();
                        expected.put(a, Set.of(row(a, 0)));
                        expected.put(b, Set.of(row(b, 0)));
                        mine.add(a);
                        mine.add(b);
                        versions.put(a, 0);
                        versions.put(b, 0);
                        if (target != null) {
                            expected.put(target, Set.of(row(target, version)));
                            versions.put(target, version);
                        }
                    } catch (SQLException e) {
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // gone either way
                        }
                        String state = String.valueOf(e.getSQLState());
                        failures.computeIfAbsent(state, x -> new AtomicInteger()).incrementAndGet();
                        if (!EXPECTED_FAILURES.contains(state) && !TxChecks.retryable(e)) {
                            unexpected.add("writer " + w + ": " + TxChecks.describe(e));
                        }
                        if ("08007".equals(state)) {
                            // committed or not: both outcomes are acceptable, nothing in between
                            expected.put(a, Set.of(row(a, 0), "absent"));
                            expected.put(b, Set.of(row(b, 0), "absent"));
                            if (target != null) {
                                expected.put(target, Set.of(row(target, version), row(target, versions.get(target))));
                                mine.remove(target);
                            }
                        } else {
                            // any other failure means the transaction was rolled back
                            absent.add(a);
                            absent.add(b);
                        }
                        Thread.sleep(20);
                    }
                }
            }
        }

        static String name(long id) {
            return "Customer " + id;
        }

        static String secret(long id, int version) {
            return "card " + id + " v" + version + " " + "#".repeat((int) (id % 5) * 7);
        }

        static String row(long id, int version) {
            return name(id) + "|" + secret(id, version) + "|" + version;
        }
    }

    private static void killUnderLoad(String table, int victim) throws Exception {
        Load load = new Load(table);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> writers = new ArrayList<>();
        int afterKill;
        int down;
        try {
            for (int w = 1; w <= THREADS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    load.writer(writer);
                    return null;
                }));
            }
            Thread.sleep(1500);
            assertThat(load.commits.get()).as("commits before the kill").isGreaterThan(10);
            trio.kill(victim);
            afterKill = load.commits.get();
            Thread.sleep(3000);
            down = load.commits.get() - afterKill;
            assertThat(database(control).backends().get(victim).isUp()).as("backend %d is out of service after its kill", victim).isFalse();
            trio.start(victim);
            // recovery brings it back while the load goes on
            recoverUntilUp(control, victim, 60_000);
            int back = load.commits.get();
            Thread.sleep(1000);
            assertThat(load.commits.get()).as("commits with the repaired backend in service again").isGreaterThan(back);
        } finally {
            load.stop = true;
            pool.shutdown();
        }
        for (Future<?> w : writers) {
            w.get(120, TimeUnit.SECONDS);
        }
        System.out.printf("BackendKillIT %s (killed %d): %d commits, %d while it was down, failures %s%n", table, victim,
                load.commits.get(), down, load.failures);
        assertThat(down).as("transactions committed with two backends while backend %d was down", victim).isGreaterThan(20);
        assertThat(load.unexpected).as("failures other than 40001 / deadlock / 08007").isEmpty();

        TxChecks.runRecovery(control);
        Map<Long, String> rows = verifyRows(control, load);
        assertBackendsAgree(db, table, SHARES);
        assertNoXaBranches(db);
        assertNoPendingRepairs();

        // the repaired backend's shares are good: reading everything three times names no backend as tampered
        Map<Integer, Long> tamperBefore = new HashMap<>(database(control).values().tamperCounts());
        for (int round = 0; round < 3; round++) {
            assertThat(readAll(control, table)).isEqualTo(rows);
        }
        assertThat(database(control).values().tamperCounts()).as("tamper counts after reading the repaired rows").isEqualTo(tamperBefore);

        // and each value reconstructs from the repaired backend plus either other one
        for (int other = 0; other < 3; other++) {
            if (other == victim) {
                continue;
            }
            int off = 3 - victim - other;
            trio.stop(off);
            try {
                assertThat(readAllRetrying(table)).as("rows read from backends %d and %d only", victim, other).isEqualTo(rows);
            } finally {
                trio.start(off);
            }
            recoverUntilUp(control, off, 60_000);
            // the driver instances of other test classes sweep every second: let them see it back too
            Thread.sleep(3000);
        }
        assertBackendsAgree(db, table, SHARES);
        assertNoPendingRepairs();
    }

    /** Checks every row against what the writers expect; returns the table as read through the driver. */
    private static Map<Long, String> verifyRows(Connection c, Load load) throws SQLException {
        Map<Long, String> rows = readAll(c, load.table);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Long, Set<String>> e : load.expected.entrySet()) {
            String actual = rows.getOrDefault(e.getKey(), "absent");
            if (!e.getValue().contains(actual)) {
                problems.add(e.getKey() + ": " + actual + ", expected one of " + e.getValue());
            }
        }
        for (long id : load.absent) {
            if (rows.containsKey(id)) {
                problems.add(id + " belongs to a transaction that failed, but is there: " + rows.get(id));
            }
        }
        for (long id : rows.keySet()) {
            if (!load.expected.containsKey(id) && !load.absent.contains(id)) {
                problems.add(id + " was never written: " + rows.get(id));
            }
        }
        assertThat(problems).as("rows that lost an acknowledged write, or show a rolled-back one (%d rows, %d acknowledged)",
                rows.size(), load.expected.size()).isEmpty();
        return rows;
    }

    private static Map<Long, String> readAll(Connection c, String table) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name, secret, amount FROM " + table)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getInt(4));
            }
        }
        return rows;
    }

    /** Reads through a new connection; the first read may be the one that finds a backend gone. */
    private static Map<Long, String> readAllRetrying(String table) throws Exception {
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = db.connect()) {
                return readAll(c, table);
            } catch (SQLException e) {
                if (!io.splitdb.exec.Backend.isConnectionFailure(e)) {
                    throw e;
                }
                last = e;
                Thread.sleep(300);
            }
        }
        throw last;
    }

    private static void assertNoPendingRepairs() throws SQLException {
        long[] pending = new long[3];
        for (int b = 0; b < 3; b++) {
            pending[b] = TxChecks.pendingRows(db, b);
        }
        assertThat(java.util.Arrays.stream(pending).allMatch(n -> n <= 0))
                .as("rows in _split_pending per backend (-1: no such table): %s", java.util.Arrays.toString(pending)).isTrue();
        assertThat(pending).as("_split_pending exists on the backends").contains(0L);
    }

    // ------------------------------------------------------------------ deterministic cases

    @Test
    @Order(3)
    void aTransactionThatLosesABackendFailsWith40001AndCanBeRetried() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders_m VALUES (1, 0, 'Before', 'before the kill', 1)");
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO orders_m VALUES (2, 0, 'Lost One', 'lost one', 2)");
            s.executeUpdate("UPDATE orders_m SET secret = 'changed', amount = 11 WHERE id = 1");
            trio.kill(1);
            SQLException failure = null;
            try {
                s.executeUpdate("INSERT INTO orders_m VALUES (3, 0, 'Lost Two', 'lost two', 3)");
                c.commit();
            } catch (SQLException e) {
                failure = e;
            }
            assertThat((Object) failure).as("the transaction that lost backend 1 fails").isNotNull();
            assertThat(failure.getSQLState()).as(TxChecks.describe(failure)).isEqualTo("40001");
            c.rollback();
            assertThat(TxChecks.rows(c, "SELECT id, name, secret, amount FROM orders_m ORDER BY id"))
                    .as("nothing of the failed transaction is left").containsExactly("1|Before|before the kill|1");
            // retried, it commits on the two backends that are left
            s.executeUpdate("INSERT INTO orders_m VALUES (2, 0, 'Lost One', 'lost one', 2)");
            s.executeUpdate("UPDATE orders_m SET secret = 'changed', amount = 11 WHERE id = 1");
            s.executeUpdate("INSERT INTO orders_m VALUES (3, 0, 'Lost Two', 'lost two', 3)");
            c.commit();
            c.setAutoCommit(true);
            assertThat(TxChecks.pendingRows(db, 0)).as("writes that backend 1 missed are recorded").isPositive();
            trio.start(1);
            recoverUntilUp(c, 1, 60_000);
            List<String> expected = List.of("1|Before|changed|11", "2|Lost One|lost one|2", "3|Lost Two|lost two|3");
            assertThat(TxChecks.rows(c, "SELECT id, name, secret, amount FROM orders_m ORDER BY id")).isEqualTo(expected);
            assertBackendsAgree(db, "orders_m", SHARES);
            assertNoXaBranches(db);
            assertNoPendingRepairs();
            // backend 1's repaired shares work with backend 0's alone
            trio.stop(2);
            try {
                try (Connection fresh = db.connect()) {
                    SQLException last = null;
                    List<String> read = null;
                    for (int attempt = 0; attempt < 5 && read == null; attempt++) {
                        try {
                            read = TxChecks.rows(fresh, "SELECT id, name, secret, amount FROM orders_m ORDER BY id");
                        } catch (SQLException e) {
                            last = e;
                            Thread.sleep(300);
                        }
                    }
                    assertThat(read).as("read from backends 0 and 1; last error %s", last).isEqualTo(expected);
                }
            } finally {
                trio.start(2);
            }
        }
    }

    /**
     * A rolling restart of an idle database: backend 2 goes down and comes back, then backend 1
     * goes down before a sweep has put 2 back in service. Nothing was written meanwhile (no write
     * is possible with one backend), so once both servers run again both must return to service.
     * Last: if it fails, every driver instance in this JVM that saw both stops is stuck the same way.
     */
    @Test
    @Order(5)
    void twoBackendsOutOfServiceAtOnceBothComeBackWhenTheyAnswer() throws Exception {
        SplitFixture idle = SplitFixture.create(trio, "bkillidle", "tables:\n" + POLICY.formatted("orders_i"));
        try (Connection c = idle.connect(); Statement s = c.createStatement()) {
            s.execute(ORDERS.formatted("orders_i"));
            s.executeUpdate("INSERT INTO orders_i VALUES (1, 0, 'Ann', 'first secret', 10)");
            trio.stop(2);
            TxChecks.runRecovery(c);
            assertThat(database(c).backends().get(2).isUp()).as("backend 2 out of service once stopped").isFalse();
            trio.start(2);
            trio.stop(1);
            TxChecks.runRecovery(c);
            assertThat(database(c).backends().get(1).isUp()).isFalse();
            trio.start(1);
            recoverUntilUp(c, 1, 20_000);
            recoverUntilUp(c, 2, 20_000);
            assertThat(TxChecks.rows(c, "SELECT id, name, secret FROM orders_i")).containsExactly("1|Ann|first secret");
            assertBackendsAgree(idle, "orders_i", SHARES);
        }
    }

    @Test
    @Order(4)
    void writesAllRefusesWritesWhileABackendIsDownAndReadsGoOn() throws Exception {
        // a database of its own, opened now: a driver instance that saw none of the other tests' kills
        all = SplitFixture.create(trio, "bkillall", "tables:\n" + POLICY.formatted("orders_a"), "  writes: all\n");
        try (Connection c = all.connect(); Statement s = c.createStatement()) {
            s.execute(ORDERS.formatted("orders_a"));
            s.executeUpdate("INSERT INTO orders_a VALUES (1, 0, 'Ann', 'first secret', 10), (2, 0, 'Bob', 'second secret', 20)");
            List<String> before = TxChecks.rows(c, "SELECT id, name, secret, amount FROM orders_a ORDER BY id");
            assertThat(before).containsExactly("1|Ann|first secret|10", "2|Bob|second secret|20");
            trio.stop(1);
            try {
                SQLException refused = null;
                for (int attempt = 0; attempt < 3 && refused == null; attempt++) {
                    try {
                        s.executeUpdate("INSERT INTO orders_a VALUES (3, 0, 'Cy', 'third secret', 30)");
                    } catch (SQLException e) {
                        refused = e;
                    }
                }
                assertThat((Object) refused).as("a write with backend 1 down and writes: all").isNotNull();
                assertThat(refused.getSQLState()).as(TxChecks.describe(refused)).isEqualTo("08S01");
                // in a transaction too
                c.setAutoCommit(false);
                SQLException inTx = null;
                try {
                    s.executeUpdate("UPDATE orders_a SET amount = 11 WHERE id = 1");
                    c.commit();
                } catch (SQLException e) {
                    inTx = e;
                }
                assertThat((Object) inTx).isNotNull();
                assertThat(inTx.getSQLState()).as(TxChecks.describe(inTx)).isEqualTo("08S01");
                c.rollback();
                c.setAutoCommit(true);
                // reads go on, equality searches too
                for (int round = 0; round < 3; round++) {
                    assertThat(TxChecks.rows(c, "SELECT id, name, secret, amount FROM orders_a ORDER BY id")).isEqualTo(before);
                    assertThat(TxChecks.one(c, "SELECT id FROM orders_a WHERE name = 'Bob'")).isEqualTo("2");
                }
                for (int b : new int[] {0, 2}) {
                    assertThat(TxChecks.pendingRows(all, b)).as("nothing pending on backend %d", b).isIn(0L, -1L);
                }
            } finally {
                trio.start(1);
            }
            recoverUntilUp(c, 1, 60_000);
            s.executeUpdate("INSERT INTO orders_a VALUES (3, 0, 'Cy', 'third secret', 30)");
            assertThat(TxChecks.rows(c, "SELECT id, name, amount FROM orders_a ORDER BY id"))
                    .containsExactly("1|Ann|10", "2|Bob|20", "3|Cy|30");
            assertBackendsAgree(all, "orders_a", SHARES);
        }
    }
}
