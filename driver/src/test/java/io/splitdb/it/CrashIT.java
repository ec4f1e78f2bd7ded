package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.splitdb.it.TxChecks.assertBackendsAgree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A client that dies mid-transaction: a child JVM ({@link CrashChild}) runs numbered transactions
 * and is killed with SIGKILL at random moments, many times. After each kill, recovery must leave
 * every transaction on all three backends or on none, no splitdb XA branch in doubt, and every
 * transaction the child saw commit present, its protected values intact.
 *
 * <p>A second split database on the same servers (the bystander) runs its recovery sweep first
 * after each kill: XA RECOVER lists the branches of every database on a server, and the
 * bystander must not resolve the branches of a database whose decisions it does not hold.
 */
@ExtendWith(SplitBackendsExtension.class)
class CrashIT {
    private static final int MAX_KILLS = 16;
    private static final long BUDGET_MILLIS = 75_000;
    private static final List<String> LEDGER_SHARES = List.of("name", "secret");

    /** First transaction number of the next child: children run one after the other, numbers only grow. */
    private static final java.util.concurrent.atomic.AtomicLong NEXT_BASE = new java.util.concurrent.atomic.AtomicLong(1_000_000L);

    private static final String POLICY = """
            tables:
              ledger:
                name:   { protect: shared, search: equality }
                secret: { protect: shared }
              audit:
                note:   { protect: shared, search: equality }
              counters:
                secret: { protect: shared }
            """;

    static SplitFixture db;
    static SplitFixture bystander;
    static Connection parent;
    static Connection bystanderConnection;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "crash", POLICY);
        bystander = SplitFixture.create(trio, "crashby", """
                tables:
                  things:
                    v: { protect: shared }
                """);
        parent = db.connect();
        createTables(parent);
        bystanderConnection = bystander.connect();
        try (Statement s = bystanderConnection.createStatement()) {
            s.execute("CREATE TABLE things (id INT PRIMARY KEY, v VARCHAR(20))");
            s.executeUpdate("INSERT INTO things VALUES (1, 'one')");
        }
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ledger (txn BIGINT NOT NULL, k INT NOT NULL, name VARCHAR(60), secret VARCHAR(100), PRIMARY KEY (txn, k))");
            s.execute("CREATE TABLE audit (txn BIGINT NOT NULL, note VARCHAR(60))");
            s.execute("CREATE TABLE counters (id INT PRIMARY KEY, last_txn BIGINT NOT NULL, secret VARCHAR(100))");
            s.executeUpdate("INSERT INTO counters VALUES (0, 0, 'c0'), (1, 0, 'c0'), (2, 0, 'c0')");
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        parent.close();
        bystanderConnection.close();
    }

    @Test
    void killedClientsLeaveEveryTransactionOnAllBackendsOrNone() throws Exception {
        long started = System.currentTimeMillis();
        Set<Long> committed = new TreeSet<>();
        int kills = 0;
        int killsWithBranchesInDoubt = 0;
        int failedInChild = 0;
        while (kills < MAX_KILLS && System.currentTimeMillis() - started < BUDGET_MILLIS) {
            long base = NEXT_BASE.getAndAdd(1_000_000L);
            Path err = db.dir.resolve("child-" + kills + ".err");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), db.url, String.valueOf(base))
                    .redirectError(err.toFile())
                    .start();
            List<String> lines = new CopyOnWriteArrayList<>();
            CountDownLatch ready = new CountDownLatch(1);
            CountDownLatch firstCommit = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        if (line.equals("ready")) {
                            ready.countDown();
                        }
                        if (line.startsWith("committed ")) {
                            firstCommit.countDown();
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the child died
                }
            }, "crash-child-stdout");
            reader.start();
            try {
                if (!ready.await(40, TimeUnit.SECONDS)) {
                    throw new AssertionError("the child did not start: " + Files.readString(err));
                }
                // mostly in the steady state, now and then during the first transaction
                if (kills % 5 != 4) {
                    firstCommit.await(20, TimeUnit.SECONDS);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 600));
                } else {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 300));
                }
                assertThat(child.isAlive()).as("child still running before the kill; its stderr: %s", Files.readString(err)).isTrue();
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            reader.join(10_000);
            kills++;
            int before = committed.size();
            for (String line : lines) {
                if (line.startsWith("committed ")) {
                    committed.add(Long.parseLong(line.substring("committed ".length())));
                } else if (line.startsWith("failed ")) {
                    failedInChild++;
                }
            }
            if (committed.size() == before) {
                System.out.printf("CrashIT: run %d committed nothing before the kill; stderr: %s%n", kills, Files.readString(err));
            }

            if (!TxChecks.xaBranchesEverywhere(db).isEmpty()) {
                killsWithBranchesInDoubt++;
            }
            // the bystander database sweeps first: it must leave the crashed database's branches alone
            TxChecks.runRecovery(bystanderConnection);
            TxChecks.recoverUntilNoBranches(db, parent, 30_000);
            verify(db, parent, committed, kills);
        }
        System.out.printf("CrashIT: %d kills, %d left XA branches in doubt, %d transactions acknowledged, %d failed in the child, %d ms%n",
                kills, killsWithBranchesInDoubt, committed.size(), failedInChild, System.currentTimeMillis() - started);
        assertThat(kills).isGreaterThanOrEqualTo(10);
        assertThat(committed.size()).as("transactions the children committed").isGreaterThan(kills);
        // the bystander's own data is untouched
        assertThat(TxChecks.rows(bystanderConnection, "SELECT id, v FROM things")).containsExactly("1|one");
    }

    /**
     * The narrow window: the leader has committed (its decision record is there) but a follower's
     * branch is still prepared. The child is paused (SIGSTOP) at random moments until the window
     * is seen from outside, then killed. The bystander database's recovery runs first and must not
     * roll the branch back; the owner's recovery must commit it on every follower.
     */
    @Test
    void aClientKilledRightAfterItsLeaderCommittedIsCommittedEverywhere() throws Exception {
        // a database of its own, so what this test finds does not spill into the other tests' checks
        SplitFixture db = SplitFixture.create(CrashIT.db.trio, "crashwin", POLICY);
        Connection parent = db.connect();
        createTables(parent);
        long base = NEXT_BASE.getAndAdd(1_000_000L);
        Path err = db.dir.resolve("child-window.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), db.url, String.valueOf(base))
                .redirectError(err.toFile())
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch firstCommit = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("committed ")) {
                        firstCommit.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child died
            }
        }, "crash-window-stdout");
        reader.start();
        String caught = null;
        int pauses = 0;
        try {
            assertThat(firstCommit.await(40, TimeUnit.SECONDS)).as("the child commits; stderr: %s", Files.readString(err)).isTrue();
            long deadline = System.currentTimeMillis() + 30_000;
            while (caught == null && System.currentTimeMillis() < deadline) {
                signal("STOP", child.pid());
                pauses++;
                caught = committedAtLeaderButPreparedOnAFollower(db);
                if (caught == null) {
                    signal("CONT", child.pid());
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 12));
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        Set<Long> committed = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("committed ")) {
                committed.add(Long.parseLong(line.substring("committed ".length())));
            }
        }
        System.out.printf("CrashIT window: %s after %d pauses%n", caught == null ? "not caught" : "caught " + caught, pauses);
        TxChecks.runRecovery(bystanderConnection);
        if (caught != null) {
            String gtrid = caught.substring(caught.indexOf(' ') + 1);
            assertThat(TxChecks.xaBranchesEverywhere(db)).as("the bystander database's recovery left %s alone", gtrid)
                    .anyMatch(b -> b.contains(gtrid));
        }
        TxChecks.recoverUntilNoBranches(db, parent, 30_000);
        verify(db, parent, committed, -1);
        parent.close();
        assumeTrue(caught != null, "the window between the leader's commit and a follower's was not caught in 30 s");
    }

    /**
     * Deterministic version of the bystander check: a prepared branch of this database whose
     * leader decided to commit (a decision record in its {@code _split_decisions}), made by hand
     * as a coordinator that died after its leader's commit would leave it. Another database's
     * recovery sweep sees it in XA RECOVER (which lists every database's branches) and must leave
     * it alone; this database's sweep must commit it.
     */
    @Test
    void anotherDatabasesRecoveryDoesNotRollBackThisDatabasesCommittedBranch() throws Exception {
        try (Statement s = parent.createStatement()) {
            s.execute("CREATE TABLE xa_probe (id INT PRIMARY KEY)");
        }
        String gtrid = TxChecks.XID_PREFIX + "0-" + Long.toHexString(System.currentTimeMillis() - 60_000) + "-0123456789abcdef";
        String xid = "'" + gtrid + "','b1'";
        try (Connection follower = db.backend(1); Statement s = follower.createStatement()) {
            s.execute("XA START " + xid);
            s.executeUpdate("INSERT INTO xa_probe VALUES (7)");
            s.execute("XA END " + xid);
            s.execute("XA PREPARE " + xid);
        }
        try (Connection leader = db.backend(0); java.sql.PreparedStatement ps = leader.prepareStatement(
                "INSERT INTO _split_decisions (gtrid, outcome) VALUES (?, 'C')")) {
            ps.setString(1, gtrid);
            ps.executeUpdate();
        }
        try {
            TxChecks.runRecovery(bystanderConnection);
            assertThat(TxChecks.xaBranches(db, 1).stream().anyMatch(b -> b.contains(gtrid)) || probeRowOnBackend1())
                    .as("after the bystander database's recovery, %s is still prepared or committed on backend 1 (not rolled back)", gtrid)
                    .isTrue();
            TxChecks.recoverUntilNoBranches(db, parent, 30_000);
            assertThat(probeRowOnBackend1()).as("the branch its leader decided to commit is committed on backend 1").isTrue();
        } finally {
            try (Connection follower = db.backend(1); Statement s = follower.createStatement()) {
                try {
                    s.execute("XA ROLLBACK " + xid);
                } catch (SQLException ignored) {
                    // resolved already
                }
            }
            try (Statement s = parent.createStatement()) {
                s.execute("DROP TABLE xa_probe");
            }
        }
    }

    private static boolean probeRowOnBackend1() throws SQLException {
        try (Connection c = db.backend(1); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM xa_probe WHERE id = 7")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Sends SIGSTOP / SIGCONT. */
    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    /** "backend N gtrid" of a branch prepared on follower N whose transaction the leader (backend 0) has decided to commit, or null. */
    private static String committedAtLeaderButPreparedOnAFollower(SplitFixture db) throws SQLException {
        for (int f = 1; f < 3; f++) {
            List<String> gtrids = new ArrayList<>();
            try (Connection c = db.backend(f); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
                while (rs.next()) {
                    String data = rs.getString("data");
                    int length = rs.getInt("gtrid_length");
                    if (data != null && data.startsWith(TxChecks.XID_PREFIX + "0-") && data.length() >= length) {
                        gtrids.add(data.substring(0, length));
                    }
                }
            }
            if (gtrids.isEmpty()) {
                continue;
            }
            try (Connection leader = db.backend(0);
                 java.sql.PreparedStatement ps = leader.prepareStatement("SELECT outcome FROM _split_decisions WHERE gtrid = ?")) {
                for (String g : gtrids) {
                    ps.setString(1, g);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && "C".equals(rs.getString(1))) {
                            return "backend" + f + " " + g;
                        }
                    }
                }
            }
        }
        return null;
    }


    private static void verify(SplitFixture db, Connection parent, Set<Long> committed, int kill) throws SQLException {
        // every transaction on all three backends or on none: the same rows (keys, row ids, versions, blind indexes) everywhere
        assertBackendsAgree(db, "ledger", LEDGER_SHARES);
        assertBackendsAgree(db, "audit", List.of("note"));
        assertBackendsAgree(db, "counters", List.of("secret"));
        TxChecks.assertNoXaBranches(db);

        // through the driver: every value decrypts to what the child wrote
        Map<Long, Set<Integer>> ledger = new TreeMap<>();
        try (Statement s = parent.createStatement(); ResultSet rs = s.executeQuery("SELECT txn, k, name, secret FROM ledger")) {
            while (rs.next()) {
                long txn = rs.getLong(1);
                int k = rs.getInt(2);
                assertThat(rs.getString(3)).as("ledger (%d, %d) name", txn, k).isEqualTo(CrashChild.ledgerName(txn, k));
                assertThat(rs.getString(4)).as("ledger (%d, %d) secret", txn, k).isEqualTo(CrashChild.ledgerSecret(txn, k));
                ledger.computeIfAbsent(txn, x -> new TreeSet<>()).add(k);
            }
        }
        Set<Long> audited = new TreeSet<>();
        try (Statement s = parent.createStatement(); ResultSet rs = s.executeQuery("SELECT txn, note FROM audit")) {
            while (rs.next()) {
                long txn = rs.getLong(1);
                assertThat(rs.getString(2)).isEqualTo(CrashChild.auditNote(txn));
                assertThat(audited.add(txn)).as("one audit row for transaction %d", txn).isTrue();
            }
        }
        // each transaction whole or absent in the driver's view too
        assertThat(ledger.keySet()).as("transactions with ledger rows = transactions with an audit row (after kill %d)", kill)
                .isEqualTo(audited);
        for (Map.Entry<Long, Set<Integer>> e : ledger.entrySet()) {
            long txn = e.getKey();
            boolean deletedLater = (txn + 2) % 5 == 0 && audited.contains(txn + 2);
            assertThat(e.getValue()).as("ledger rows of transaction %d", txn)
                    .isEqualTo(deletedLater ? Set.of(1, 2) : Set.of(1, 2, 3));
        }
        // acknowledged commits survived
        Set<Long> lost = new TreeSet<>(committed);
        lost.removeAll(audited);
        assertThat(lost).as("transactions the child saw commit but that are missing after kill %d", kill).isEmpty();
        // each counter holds the last transaction that set it, with its protected value
        Map<Integer, Long> expected = new HashMap<>(Map.of(0, 0L, 1, 0L, 2, 0L));
        for (long txn : audited) {
            expected.merge((int) (txn % 3), txn, Math::max);
        }
        List<String> counters = new ArrayList<>();
        List<String> expectedCounters = new ArrayList<>();
        try (Statement s = parent.createStatement(); ResultSet rs = s.executeQuery("SELECT id, last_txn, secret FROM counters ORDER BY id")) {
            while (rs.next()) {
                counters.add(rs.getInt(1) + "|" + rs.getLong(2) + "|" + rs.getString(3));
            }
        }
        for (int id = 0; id < 3; id++) {
            expectedCounters.add(id + "|" + expected.get(id) + "|" + CrashChild.counterSecret(expected.get(id)));
        }
        assertThat(counters).as("counters after kill %d", kill).isEqualTo(expectedCounters);
    }
}
