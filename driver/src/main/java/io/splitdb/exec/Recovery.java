package io.splitdb.exec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the three backends whole, in the background (every {@code down-retry-ms}) and on demand
 * ({@link #runNow()}):
 * <ol>
 * <li>a backend that others recorded missed writes for is taken out of service;</li>
 * <li>in-doubt XA branches (a coordinator died between prepare and commit) are committed or
 * rolled back as their leader's decision record says ({@link Decisions});</li>
 * <li>a down backend that answers again is repaired ({@link Repair}) and put back in service,
 * at a moment when no transaction that began without it is still running;</li>
 * <li>decision records nobody needs any more are deleted.</li>
 * </ol>
 * It keeps no state of its own that matters: everything it acts on is read from the backends,
 * so several driver instances (applications, proxies) can run it side by side.
 */
public final class Recovery implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
    /** Periodic sweeps leave younger in-doubt branches alone: their coordinator is most likely still committing them. */
    private static final long IN_DOUBT_GRACE_MILLIS = 10_000;
    private static final long HOLD_MILLIS = 10_000;
    private static final int PURGE_AFTER_SECONDS = 3600;

    private final SplitDatabase db;
    private final Repair repair;
    private final ConcurrentLinkedQueue<String> decided = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.locks.ReentrantLock oneAtATime = new java.util.concurrent.locks.ReentrantLock();
    /** The last reason logged per backend for staying out of service: logged again only when it changes. */
    /** Backends whose rebuild began and did not finish: only a finished rebuild brings them back. */
    private final java.util.Set<Integer> unfinishedRebuilds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<Integer, String> lastReason = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private final java.util.concurrent.atomic.AtomicLong committedTotal = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rolledBackTotal = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong repairedTotal = new java.util.concurrent.atomic.AtomicLong();

    Recovery(SplitDatabase db) {
        this.db = db;
        this.repair = new Repair(db);
    }

    /** What one sweep did. */
    public record Report(int committed, int rolledBack, long rowsRepaired, List<Integer> broughtBack, List<Integer> stillDown) {
    }

    /** Starts the periodic sweeps. */
    void start(long periodMillis) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "splitdb-recovery");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep(false);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "recovery sweep failed", e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * One sweep now, resolving every in-doubt branch whatever its age, and waiting for it.
     * For tools and tests; the driver runs sweeps on its own.
     */
    public Report runNow() {
        return sweep(true);
    }

    /** Totals since start: in-doubt committed, in-doubt rolled back, rows repaired. */
    long[] totals() {
        return new long[] {committedTotal.get(), rolledBackTotal.get(), repairedTotal.get()};
    }

    /** A transaction every participant confirmed: its decision record can go. */
    void decided(String gtrid) {
        decided.add(gtrid);
    }

    /**
     * Commits the prepared branches whose leader already decided to commit (a coordinator slow
     * or gone after its decision): asked by a read that keeps finding versions that differ.
     */
    void settleCommitted() {
        if (oneAtATime.tryLock()) {  // a sweep in progress settles them itself; a read never waits behind a repair
            try {
                resolveInDoubt(false, new int[2]);
            } finally {
                oneAtATime.unlock();
            }
        }
    }

    /** Steps 1 and 2 only, at start: before serving, no backend that missed writes is read and no branch is left in doubt. */
    void atStart() {
        oneAtATime.lock();
        try {
            takeOutStale();
            resolveInDoubt(true, new int[2]);
        } finally {
            oneAtATime.unlock();
        }
    }

    private Report sweep(boolean everyAge) {
        oneAtATime.lock();
        try {
            takeOutStale();
            int[] resolved = new int[2];
            boolean anyInDoubt = resolveInDoubt(everyAge, resolved);
            long repaired = 0;
            List<Integer> back = new ArrayList<>();
            List<Integer> down = new ArrayList<>();
            for (Backend b : db.backends().all()) {
                if (b.isUp()) {
                    continue;
                }
                try {
                    repaired += bringBack(b);
                    back.add(b.index());
                    lastReason.remove(b.index());
                } catch (SQLException e) {
                    down.add(b.index());
                    String why = e.getMessage();
                    // logged once per kind of reason: timings and counts in the message do not make a new one
                    if (!why.replaceAll("[0-9]+", "#").equals(lastReason.put(b.index(), why.replaceAll("[0-9]+", "#")))) {
                        LOG.log(Level.INFO, b + " stays out of service: " + why);
                    }
                }
            }
            forgetDecided();
            if (!anyInDoubt && down.isEmpty()) {
                purgeOld();
            }
            committedTotal.addAndGet(resolved[0]);
            rolledBackTotal.addAndGet(resolved[1]);
            repairedTotal.addAndGet(repaired);
            return new Report(resolved[0], resolved[1], repaired, back, down);
        } finally {
            oneAtATime.unlock();
        }
    }

    /** Step 1: backends that some record says missed writes are not to be read until repaired. */
    private void takeOutStale() {
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                continue;
            }
            try (Connection c = b.connection(SessionSettings.DEFAULT)) {
                for (int target : PendingRepairs.targets(c)) {
                    db.backends().get(target).markDown("it missed writes and awaits repair");
                }
                return;
            } catch (SQLException e) {
                if (Backend.isConnectionFailure(e)) {
                    b.markDown();
                }
            }
        }
    }

    /**
     * Step 2 on every backend that answers (in service or not).
     *
     * @return true if some in-doubt branch was seen (resolved or not)
     */
    private boolean resolveInDoubt(boolean everyAge, int[] counts) {
        boolean seen = false;
        for (Backend b : db.backends().all()) {
            List<String[]> branches;
            try (Connection c = b.probe(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
                branches = new ArrayList<>();
                while (rs.next()) {
                    int gtridLength = rs.getInt("gtrid_length");
                    String data = rs.getString("data");
                    if (data != null && data.startsWith(Decisions.PREFIX) && data.length() >= gtridLength) {
                        String gtrid = data.substring(0, gtridLength);
                        String bqual = data.substring(gtridLength);
                        // this split database's branches of this backend only: other databases on the server settle their own
                        if (Decisions.ofDatabase(gtrid, db.databaseTag()) && bqual.equals("b" + b.index())) {
                            branches.add(new String[] {gtrid, bqual});
                        }
                    }
                }
            } catch (SQLException e) {
                continue;  // not answering: resolved when it does
            }
            for (String[] branch : branches) {
                seen = true;
                String gtrid = branch[0];
                boolean young = !everyAge && System.currentTimeMillis() - Decisions.beganAt(gtrid) < IN_DOUBT_GRACE_MILLIS;
                int leader = Decisions.leaderOf(gtrid);
                if (leader < 0 || leader == b.index()) {
                    continue;
                }
                try (Connection lc = db.backends().get(leader).probe()) {
                    // a committed decision settles a branch at once; deciding abort waits until its coordinator must be gone
                    boolean commit = young ? Decisions.decidedCommit(lc, gtrid) : Decisions.committed(lc, gtrid);
                    if (young && !commit) {
                        continue;
                    }
                    try (Connection c = b.probe(); Statement s = c.createStatement()) {
                        s.execute((commit ? "XA COMMIT '" : "XA ROLLBACK '") + gtrid + "','" + branch[1] + "'");
                    }
                    counts[commit ? 0 : 1]++;
                    LOG.info("resolved in-doubt transaction " + gtrid + " on backend " + b.index() + ": " + (commit ? "committed" : "rolled back")
                            + " as its leader, backend " + leader + ", decided");
                } catch (SQLException e) {
                    if (!Decisions.isUnknownXid(e)) {
                        LOG.log(Level.FINE, "in-doubt transaction " + gtrid + " on backend " + b.index() + " stays in doubt: " + e.getMessage());
                    }
                }
            }
        }
        return seen;
    }

    /** Step 3: repairs a down backend that answers, and puts it back in service between transactions. */
    private long bringBack(Backend b) throws SQLException {
        if (unfinishedRebuilds.contains(b.index())) {
            throw new SQLException("its rebuild did not finish; run it again", "HY000");
        }
        try (Connection c = b.probe()) {
            if (!c.isValid(2)) {
                throw new SQLException(b + " does not answer", "08S01");
            }
            refuseIfEmptied(c, b);
            db.prepareBackend(c, b.index());
        }
        long rows = repair.pending(b.index()) + rejoin(b);
        if (rows > 0) {
            LOG.info("repaired " + rows + " rows on " + b);
        }
        repair.auditTails(b.index());
        return rows;
    }

    /**
     * A server that lost its data (an empty replacement, a restored old dump) would otherwise rejoin
     * with nothing recorded against it: it must know every table the others know, or be rebuilt.
     */
    private void refuseIfEmptied(Connection c, Backend b) throws SQLException {
        int known = -1;
        for (Backend other : db.backends().all()) {
            if (other != b && other.isUp()) {
                try (Connection o = other.connection(SessionSettings.DEFAULT)) {
                    known = Math.max(known, catalogRows(o));
                }
            }
        }
        if (known > 0 && catalogRows(c) < known) {
            throw new SQLException("it lacks tables the others hold (a new or restored server?); rebuild it: splitdb rebuild --backend "
                    + b.index(), "HY000");
        }
    }

    private static int catalogRows(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + io.splitdb.catalog.Catalog.TABLE)) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {  // no catalog table at all
                return 0;
            }
            throw e;
        }
    }

    /**
     * Puts a repaired backend back in service between transactions: holds new ones back, waits
     * until none that began without it is running, repairs what they recorded, and marks it up.
     */
    private long rejoin(Backend b) throws SQLException {
        Backends.Gate gate = db.backends().gate();
        if (!gate.hold(HOLD_MILLIS)) {
            throw new SQLException("transactions kept running; " + b + " rejoins at the next sweep", "HY000");
        }
        try {
            long rows = repair.pending(b.index());
            b.markUp();
            return rows;
        } finally {
            gate.release();
        }
    }

    /** Step 4: decisions of transactions every participant confirmed. */
    private void forgetDecided() {
        Map<Integer, List<String>> byLeader = new HashMap<>();
        for (String g; (g = decided.poll()) != null; ) {
            byLeader.computeIfAbsent(Decisions.leaderOf(g), k -> new ArrayList<>()).add(g);
        }
        for (Map.Entry<Integer, List<String>> e : byLeader.entrySet()) {
            List<String> all = e.getValue();
            try (Connection c = db.backends().get(e.getKey()).connection(SessionSettings.DEFAULT)) {
                for (int from = 0; from < all.size(); from += 1000) {
                    Decisions.forget(c, all.subList(from, Math.min(all.size(), from + 1000)));
                }
            } catch (SQLException ex) {
                // left for the purge of old decisions
            }
        }
    }

    /** Decisions an hour old, when every backend is in service and none holds an in-doubt branch. */
    private void purgeOld() {
        for (Backend b : db.backends().all()) {
            try (Connection c = b.connection(SessionSettings.DEFAULT)) {
                Decisions.purgeOlderThan(c, PURGE_AFTER_SECONDS);
            } catch (SQLException e) {
                // next time
            }
        }
    }

    /** The backends repaired or rebuilt on request (splitdb repair / rebuild). */
    public long rebuild(int target) throws SQLException {
        oneAtATime.lock();
        try {
            Backend b = db.backends().get(target);
            b.markDown("it is being rebuilt");
            unfinishedRebuilds.add(target);
            try (Connection c = b.probe()) {
                db.prepareBackend(c, target);
            }
            long rows = repair.everything(target) + rejoin(b);
            unfinishedRebuilds.remove(target);
            return rows;
        } finally {
            oneAtATime.unlock();
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
