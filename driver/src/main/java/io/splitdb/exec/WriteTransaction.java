package io.splitdb.exec;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

/**
 * One write across the three backends: a local transaction on each, committed only when every
 * backend's part succeeded and rolled back everywhere otherwise.
 *
 * <p>Not yet atomic against a crash between the three commits: the XA protocol of DESIGN.md
 * (issue 4) replaces {@link #commit()}. Until then every backend must be up to write.
 */
public final class WriteTransaction implements AutoCloseable {
    private final SplitDatabase db;
    private final Connection[] connections = new Connection[3];
    private boolean committed;

    private WriteTransaction(SplitDatabase db) {
        this.db = db;
    }

    /** Borrows a connection from each backend and starts a transaction on each. */
    public static WriteTransaction begin(SplitDatabase db) throws SQLException {
        if (BackendSessions.current().readOnly()) {
            // refused before anything is written: a DDL's catalog update must not fail after its table was created
            throw new SQLException("Cannot execute statement in a READ ONLY transaction.", "25006");
        }
        WriteTransaction tx = new WriteTransaction(db);
        try {
            for (int i = 0; i < 3; i++) {
                Backend b = db.backends().get(i);
                Connection c;
                try {
                    c = b.connection();
                } catch (SQLException e) {
                    throw new SQLTransientConnectionException("cannot write: " + b + " is unavailable, and writes need all three backends"
                            + " in this version; nothing was written", "08S01", e);
                }
                tx.connections[i] = c;
                c.setAutoCommit(false);
            }
            return tx;
        } catch (SQLException e) {
            tx.close();
            throw e;
        }
    }

    /** Runs {@code work} on one backend. */
    public <T> T on(int backend, BackendWork<T> work) throws SQLException {
        try {
            return work.run(connections[backend], backend);
        } catch (SQLException e) {
            noteFailure(backend, e);
            throw e;
        }
    }

    /** Runs {@code work} on every backend in {@code backends} at once; fails if any fails. */
    public <T> List<T> on(List<Integer> backends, BackendWork<T> work) throws SQLException {
        List<Parallel.Outcome<T>> outcomes = Parallel.run(db.backends().fanOut(), backends,
                b -> () -> work.run(connections[b], b));
        SQLException error = Parallel.firstError(outcomes);
        if (error != null) {
            outcomes.stream().filter(Parallel.Outcome::failed).forEach(o -> noteFailure(o.backend(), o.error()));
            throw error;
        }
        List<T> values = new ArrayList<>();
        outcomes.forEach(o -> values.add(o.value()));
        return values;
    }

    public <T> List<T> onAll(BackendWork<T> work) throws SQLException {
        return on(List.of(0, 1, 2), work);
    }

    public <T> List<T> onFollowers(BackendWork<T> work) throws SQLException {
        return on(List.of(1, 2), work);
    }

    /** Commits on every backend. */
    public void commit() throws SQLException {
        on(List.of(0, 1, 2), (c, b) -> {
            c.commit();
            return null;
        });
        committed = true;
    }

    private void noteFailure(int backend, SQLException e) {
        if (Backend.isConnectionFailure(e)) {
            db.backends().get(backend).markDown();
        }
    }

    /** Rolls back unless committed, and returns the connections to their pools. */
    @Override
    public void close() {
        for (Connection c : connections) {
            if (c == null) {
                continue;
            }
            try {
                if (!committed) {
                    c.rollback();
                }
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the pool validates the connection before its next use
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}
