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
    private static final int MAX_KILLS = 20;
    private static final long BUDGET_MILLIS = 100_000;
    private static final List<String> LEDGER_SHARES = List.of("name", "secret");

    static SplitFixture db;
    static SplitFixture bystander;
    static Connection parent;
    static Connection bystanderConnection;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "crash", """
                tables:
                  ledger:
                    name:   { protect: shared, search: equality }
                    secret: { protect: shared }
                  audit:
                    note:   { protect: shared, search: equality }
                  counters:
                    secret: { protect: shared }
                """);
        bystander = SplitFixture.create(trio, "crashby", """
                tables:
                  things:
                    v: { protect: shared }
                """);
        parent = db.connect();
        try (Statement s = parent.createStatement()) {
            s.execute("CREATE TABLE ledger (txn BIGINT NOT NULL, k INT NOT NULL, name VARCHAR(60), secret VARCHAR(100), PRIMARY KEY (txn, k))");
            s.execute("CREATE TABLE audit (txn BIGINT NOT NULL, note VARCHAR(60))");
            s.execute("CREATE TABLE counters (id INT PRIMARY KEY, last_txn BIGINT NOT NULL, secret VARCHAR(100))");
            s.executeUpdate("INSERT INTO counters VALUES (0, 0, 'c0'), (1, 0, 'c0'), (2, 0, 'c0')");
        }
        bystanderConnection = bystander.connect();
        try (Statement s = bystanderConnection.createStatement()) {
            s.execute("CREATE TABLE things (id INT PRIMARY KEY, v VARCHAR(20))");
            s.executeUpdate("INSERT INTO things VALUES (1, 'one')");
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
            long base = (kills + 1) * 1_000_000L;
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
            verify(committed, kills);
        }
        System.out.printf("CrashIT: %d kills, %d left XA branches in doubt, %d transactions acknowledged, %d failed in the child, %d ms%n",
                kills, killsWithBranchesInDoubt, committed.size(), failedInChild, System.currentTimeMillis() - started);
        assertThat(kills).isGreaterThanOrEqualTo(10);
        assertThat(committed.size()).as("transactions the children committed").isGreaterThan(kills);
        // the bystander's own data is untouched
        assertThat(TxChecks.rows(bystanderConnection, "SELECT id, v FROM things")).containsExactly("1|one");
    }

    private static void verify(Set<Long> committed, int kill) throws SQLException {
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
