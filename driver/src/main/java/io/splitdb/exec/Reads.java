package io.splitdb.exec;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads from one backend, or from two or three at once, failing over when one is down. Inside a
 * transaction they read through its connections (so it sees its own writes), and a lost backend
 * fails the transaction instead of failing over.
 */
public final class Reads {

    private Reads() {
    }

    /** Runs {@code work} on one backend, the next one answering if it is down. */
    public static <T> T one(SplitDatabase db, BackendWork<T> work) throws SQLException {
        Transaction tx = Transaction.current();
        if (tx != null) {
            int b = tx.participants().stream().filter(i -> db.backends().get(i).isUp()).findFirst().orElse(tx.leader());
            try {
                return work.run(tx.connection(b, BackendSessions.current()), b);
            } catch (SQLException e) {
                throw lostInTransaction(tx, b, e);
            }
        }
        SQLException last = null;
        for (Backend b : db.backends().readOrder()) {
            try (Connection c = b.connection()) {
                return work.run(Cancellation.track(c), b.index());
            } catch (SQLException e) {
                if (!Backend.isConnectionFailure(e)) {
                    throw e;
                }
                b.markDown();
                last = e;
            }
        }
        throw new SQLTransientConnectionException("no backend answered", "08S01", last);
    }

    /**
     * Runs {@code work} on {@code count} backends at once, including every backend in
     * {@code required}; if one fails with a lost connection, another takes its place.
     *
     * @return the results by backend index
     */
    public static <T> Map<Integer, T> many(SplitDatabase db, Set<Integer> required, int count, BackendWork<T> work)
            throws SQLException {
        return many(db, required, count, false, work);
    }

    /**
     * As {@link #many(SplitDatabase, Set, int, BackendWork)}; a {@code locking} read (FOR UPDATE,
     * FOR SHARE) inside a transaction runs on one backend after the other in ascending order, the
     * order every writer locks in, so two transactions cannot deadlock across two servers.
     */
    public static <T> Map<Integer, T> many(SplitDatabase db, Set<Integer> required, int count, boolean locking, BackendWork<T> work)
            throws SQLException {
        Map<Integer, T> results = new LinkedHashMap<>();
        List<Integer> failed = new ArrayList<>();
        SQLException lastFailure = null;
        SessionSettings settings = BackendSessions.current();  // the fan-out threads borrow for this thread's statement
        Transaction tx = Transaction.current();
        if (tx != null) {
            for (int i = 0; i < 3; i++) {
                if (!tx.holds(i) || !db.backends().get(i).isUp()) {
                    failed.add(i);
                }
            }
            return inTransaction(db, tx, required, count, locking, failed, settings, work);
        }
        while (true) {
            List<Integer> readers = choose(db, required, count - results.size(), results.keySet(), failed);
            if (readers == null) {
                String why = "needs " + count + " of the 3 backends and only " + (3 - failed.size()) + " answer";
                for (int r : required) {
                    if (failed.contains(r)) {
                        why = "needs backend " + r + " (it holds an encrypted column), which is unavailable";
                    }
                }
                throw new SQLTransientConnectionException("cannot read: this statement " + why, "08S01", lastFailure);
            }
            if (readers.isEmpty()) {
                return results;
            }
            List<Parallel.Outcome<T>> outcomes = Parallel.run(db.backends().fanOut(), readers, b -> () -> {
                try (Connection c = db.backends().get(b).connection(settings)) {
                    return work.run(Cancellation.track(c), b);
                }
            });
            for (Parallel.Outcome<T> o : outcomes) {
                if (!o.failed()) {
                    results.put(o.backend(), o.value());
                } else if (Backend.isConnectionFailure(o.error())) {
                    db.backends().get(o.backend()).markDown();
                    failed.add(o.backend());
                    lastFailure = o.error();
                } else {
                    throw o.error();
                }
            }
        }
    }

    private static <T> Map<Integer, T> inTransaction(SplitDatabase db, Transaction tx, Set<Integer> required, int count, boolean locking,
                                                     List<Integer> unavailable, SessionSettings settings, BackendWork<T> work)
            throws SQLException {
        List<Integer> readers = locking ? lockingReaders(tx, required, count, unavailable) : choose(db, required, count, Set.of(), unavailable);
        if (readers == null) {
            throw new SQLTransientConnectionException("cannot read in this transaction: it needs " + count + " backends "
                    + (required.isEmpty() ? "" : "including " + required + " ") + "and holds only " + tx.participants(), "08S01");
        }
        Map<Integer, T> results = new LinkedHashMap<>();
        if (locking) {
            readers.sort(null);
            for (int b : readers) {
                try {
                    results.put(b, work.run(tx.connection(b, settings), b));
                } catch (SQLException e) {
                    throw lostInTransaction(tx, b, e);
                }
            }
            return results;
        }
        List<Parallel.Outcome<T>> outcomes = Parallel.run(db.backends().fanOut(), readers, b -> () -> work.run(tx.connection(b, settings), b));
        for (Parallel.Outcome<T> o : outcomes) {
            if (o.failed()) {
                throw lostInTransaction(tx, o.backend(), o.error());
            }
            results.put(o.backend(), o.value());
        }
        return results;
    }

    /**
     * The backends a locking read locks on: the leader always (every writer locks there first, so
     * it is where two transactions meet), the required ones, then the lowest-numbered others; in
     * ascending order. Null if the transaction does not hold enough.
     */
    private static List<Integer> lockingReaders(Transaction tx, Set<Integer> required, int count, List<Integer> unavailable) {
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>(required);
        chosen.add(tx.leader());
        for (int b : tx.participants()) {
            if (chosen.size() >= count) {
                break;
            }
            if (!unavailable.contains(b)) {
                chosen.add(b);
            }
        }
        for (int b : chosen) {
            if (unavailable.contains(b)) {
                return null;
            }
        }
        return chosen.size() < count ? null : new ArrayList<>(chosen);
    }

    /** A statement error as it is; a lost backend fails the transaction (40001). */
    private static SQLException lostInTransaction(Transaction tx, int b, SQLException e) {
        return Backend.isConnectionFailure(e) ? tx.lost(b, e) : e;
    }

    private static List<Integer> choose(SplitDatabase db, Set<Integer> required, int needed, Set<Integer> done, List<Integer> failed) {
        List<Integer> chosen = new ArrayList<>();
        if (needed <= 0) {
            return chosen;
        }
        for (int r : required) {
            if (failed.contains(r)) {
                return null;
            }
            if (!done.contains(r)) {
                chosen.add(r);
            }
        }
        for (Backend b : db.backends().readOrder()) {
            if (chosen.size() >= needed) {
                break;
            }
            int i = b.index();
            if (!chosen.contains(i) && !done.contains(i) && !failed.contains(i)) {
                chosen.add(i);
            }
        }
        return chosen.size() < needed ? null : chosen;
    }
}
