package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.splitdb.it.TxChecks.assertBackendsAgree;
import static io.splitdb.it.TxChecks.assertNoXaBranches;
import static io.splitdb.it.TxChecks.one;
import static io.splitdb.it.TxChecks.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent transfers of beds between wards: each thread, on its own connection, moves one bed
 * at a time inside a transaction and retries on 40001 / deadlock / lock wait timeout. At the end no
 * bed is lost or made up (each ward holds exactly its start plus the transfers that committed),
 * and the three backends agree.
 */
@ExtendWith(SplitBackendsExtension.class)
class BedsTransferIT {
    private static final int WARDS = 6;
    private static final int BEDS = 100;
    private static final int THREADS = 4;
    private static final int TRANSFERS = 60;

    static SplitFixture db;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "beds", """
                tables:
                  wards:
                    name: { protect: shared, search: equality }
                  wards_p:
                    name: { protect: shared, search: equality }
                    beds: { protect: shared }
                  wards_e:
                    name: { protect: shared, search: equality }
                    beds: { protect: shared }
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String t : List.of("wards", "wards_p", "wards_e")) {
                s.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(40), beds INT NOT NULL)");
                for (int w = 1; w <= WARDS; w++) {
                    s.executeUpdate("INSERT INTO " + t + " VALUES (" + w + ", 'Ward " + w + "', " + BEDS + ")");
                }
            }
        }
    }

    /** One transfer's statements, run inside a transaction the runner opens and commits. */
    interface Transfer {
        void move(Connection c, int from, int to, int serial) throws SQLException;
    }

    /** Bed count plain, updated in place; the ward's protected name is rewritten now and then in the same transaction. */
    @Test
    void plainCountUpdatedInPlaceNextToAProtectedColumn() throws Exception {
        run("wards", (c, from, to, serial) -> {
            try (PreparedStatement take = c.prepareStatement("UPDATE wards SET beds = beds - 1 WHERE id = ?");
                 PreparedStatement give = c.prepareStatement("UPDATE wards SET beds = beds + 1 WHERE id = ?")) {
                take.setInt(1, from);
                assertThat(take.executeUpdate()).isEqualTo(1);
                give.setInt(1, to);
                assertThat(give.executeUpdate()).isEqualTo(1);
            }
            if (serial % 4 == 0) {
                try (PreparedStatement rename = c.prepareStatement("UPDATE wards SET name = ? WHERE id = ?")) {
                    rename.setString(1, "Ward " + to + " rev " + serial);
                    rename.setInt(2, to);
                    rename.executeUpdate();
                }
            }
        });
    }

    /** Bed count protected: read with SELECT ... FOR UPDATE, written back as a new value. */
    @Test
    void protectedCountReadThenWrittenUnderForUpdate() throws Exception {
        run("wards_p", (c, from, to, serial) -> {
            int a = lockedBeds(c, from);
            int b = lockedBeds(c, to);
            try (PreparedStatement set = c.prepareStatement("UPDATE wards_p SET beds = ? WHERE id = ?")) {
                set.setInt(1, a - 1);
                set.setInt(2, from);
                assertThat(set.executeUpdate()).isEqualTo(1);
                set.setInt(1, b + 1);
                set.setInt(2, to);
                assertThat(set.executeUpdate()).isEqualTo(1);
            }
        });
    }

    /** Bed count protected, updated with arithmetic the driver evaluates over the decrypted value. */
    @Test
    void protectedCountUpdatedWithArithmetic() throws Exception {
        run("wards_e", (c, from, to, serial) -> {
            try (PreparedStatement take = c.prepareStatement("UPDATE wards_e SET beds = beds - 1 WHERE id = ?");
                 PreparedStatement give = c.prepareStatement("UPDATE wards_e SET beds = beds + 1 WHERE id = ?")) {
                take.setInt(1, from);
                assertThat(take.executeUpdate()).isEqualTo(1);
                give.setInt(1, to);
                assertThat(give.executeUpdate()).isEqualTo(1);
            }
        });
    }

    private static int lockedBeds(Connection c, int ward) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT beds FROM wards_p WHERE id = ? FOR UPDATE")) {
            ps.setInt(1, ward);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static void run(String table, Transfer transfer) throws Exception {
        AtomicIntegerArray delta = new AtomicIntegerArray(WARDS + 1);
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger serials = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                try (Connection c = db.connect()) {
                    c.setAutoCommit(false);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < TRANSFERS; i++) {
                        int from = 1 + random.nextInt(WARDS);
                        int to = 1 + (from - 1 + 1 + random.nextInt(WARDS - 1)) % WARDS;
                        int serial = serials.incrementAndGet();
                        for (int attempt = 1; ; attempt++) {
                            try {
                                transfer.move(c, from, to, serial);
                                c.commit();
                                delta.addAndGet(from, -1);
                                delta.addAndGet(to, 1);
                                break;
                            } catch (SQLException e) {
                                try {
                                    c.rollback();
                                } catch (SQLException ignored) {
                                    // the transaction is gone either way
                                }
                                if (!TxChecks.retryable(e) || attempt >= 100) {
                                    throw new AssertionError("transfer " + from + " -> " + to + " failed after " + attempt + " attempts: "
                                            + TxChecks.describe(e), e);
                                }
                                retries.incrementAndGet();
                                Thread.sleep(random.nextInt(1 + Math.min(attempt, 10) * 3));
                            }
                        }
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (Future<?> w : workers) {
                try {
                    w.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    TxChecks.dumpThreads("BedsTransferIT " + table + " stalled", "pool-");
                    throw new AssertionError(table + ": the transfers did not finish in 90 s (retries so far: " + retries.get()
                            + ", committed: " + (serials.get()) + " started); thread dump on stdout", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("BedsTransferIT %s: %d transfers, %d retries, %d ms%n", table, THREADS * TRANSFERS, retries.get(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT SUM(beds) FROM " + table)).as("beds in all wards").isEqualTo(String.valueOf(WARDS * BEDS));
            List<String> expected = new ArrayList<>();
            for (int w = 1; w <= WARDS; w++) {
                expected.add(w + "|" + (BEDS + delta.get(w)));
            }
            assertThat(rows(c, "SELECT id, beds FROM " + table + " ORDER BY id"))
                    .as("each ward holds its start plus the transfers that committed").isEqualTo(expected);
            // every ward's protected name still decrypts and is found by equality search
            for (String row : rows(c, "SELECT id, name FROM " + table + " ORDER BY id")) {
                String[] f = row.split("\\|", 2);
                assertThat(f[1]).startsWith("Ward " + f[0]);
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE name = ?")) {
                    ps.setString(1, f[1]);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo(f[0]);
                    }
                }
            }
        }
        List<String> physical = assertBackendsAgree(db, table, table.equals("wards") ? List.of("name") : List.of("name", "beds"));
        assertThat(physical).hasSize(WARDS);
        if (table.equals("wards")) {
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement s = direct.createStatement();
                     ResultSet rs = s.executeQuery("SELECT SUM(beds) FROM wards")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("beds on backend %d", b).isEqualTo(WARDS * BEDS);
                }
            }
        }
        assertNoXaBranches(db);
    }
}
