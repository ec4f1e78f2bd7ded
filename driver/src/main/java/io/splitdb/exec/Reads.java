package io.splitdb.exec;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads from one backend, or from two or three at once, failing over when one is down. */
public final class Reads {

    private Reads() {
    }

    /** Runs {@code work} on one backend, the next one answering if it is down. */
    public static <T> T one(SplitDatabase db, BackendWork<T> work) throws SQLException {
        SQLException last = null;
        for (Backend b : db.backends().readOrder()) {
            try (Connection c = b.connection()) {
                return work.run(c, b.index());
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
        Map<Integer, T> results = new LinkedHashMap<>();
        List<Integer> failed = new ArrayList<>();
        SQLException lastFailure = null;
        SessionSettings settings = BackendSessions.current();  // the fan-out threads borrow for this thread's statement
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
                    return work.run(c, b);
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
