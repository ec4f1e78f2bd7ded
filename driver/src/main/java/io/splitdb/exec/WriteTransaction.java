package io.splitdb.exec;

import io.splitdb.catalog.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

/**
 * The backend work of one writing statement. Inside the application's transaction it runs in that
 * {@link Transaction}, after a savepoint, so a statement that fails leaves the transaction as it
 * was before the statement (as MySQL's statement rollback does) on every backend. In auto-commit
 * the statement gets a transaction of its own, committed by {@link #commit()}.
 *
 * <p>Schema changes ({@link #beginSchemaChange}) cannot run in XA branches (MySQL commits around
 * them): they run as local statements on all three backends, which must all be up.
 */
public final class WriteTransaction implements AutoCloseable {
    private static final String STATEMENT_SAVEPOINT = "splitdb_statement";

    private final Transaction tx;
    private final boolean owned;
    private final Connection[] schemaConnections;
    private boolean done;

    private WriteTransaction(Transaction tx, boolean owned, Connection[] schemaConnections) {
        this.tx = tx;
        this.owned = owned;
        this.schemaConnections = schemaConnections;
    }

    /** Starts the backend work of a writing statement (in the bound transaction, or in one of its own). */
    public static WriteTransaction begin(SplitDatabase db) throws SQLException {
        refuseIfReadOnly();
        Transaction bound = Transaction.current();
        if (bound != null) {
            bound.savepoint(STATEMENT_SAVEPOINT);
            return new WriteTransaction(bound, false, null);
        }
        return new WriteTransaction(Transaction.begin(db), true, null);
    }

    /**
     * Starts a schema change: all three backends, local statements. It first commits the
     * application's open transaction, as MySQL does before DDL.
     */
    public static WriteTransaction beginSchemaChange(SplitDatabase db) throws SQLException {
        refuseIfReadOnly();
        Transaction bound = Transaction.current();
        if (bound != null && bound.isActive()) {
            bound.commit();
        }
        Connection[] connections = new Connection[3];
        try {
            for (int i = 0; i < 3; i++) {
                Backend b = db.backends().get(i);
                try {
                    connections[i] = b.connection();
                } catch (SQLException e) {
                    throw new SQLTransientConnectionException("cannot change the schema: " + b + " is unavailable, and schema changes need "
                            + "all three backends; nothing was changed", "08S01", e);
                }
            }
        } catch (SQLException e) {
            for (Connection c : connections) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
        return new WriteTransaction(null, true, connections);
    }

    private static void refuseIfReadOnly() throws SQLException {
        if (BackendSessions.current().readOnly()) {
            // refused before anything is written: a DDL's catalog update must not fail after its table was created
            throw new SQLException("Cannot execute statement in a READ ONLY transaction.", "25006");
        }
    }

    /** The backend that hands out AUTO_INCREMENT keys and takes every write first. */
    public int leader() {
        return tx == null ? 0 : tx.leader();
    }

    /** The backends this statement writes to, leader first. */
    public List<Integer> participants() {
        return tx == null ? List.of(0, 1, 2) : tx.participants();
    }

    /** Runs {@code work} on one backend. */
    public <T> T on(int backend, BackendWork<T> work) throws SQLException {
        return on(List.of(backend), work).get(0);
    }

    /** Runs {@code work} on {@code backends} (leader first, then the others at once); the results in that order. */
    public <T> List<T> on(List<Integer> backends, BackendWork<T> work) throws SQLException {
        if (tx != null) {
            return tx.write(backends, work);
        }
        List<T> values = new ArrayList<>();
        for (int b : backends) {  // one after the other: a schema change that fails stops before the next backend
            values.add(work.run(schemaConnections[b], b));
        }
        return values;
    }

    /** Runs {@code work} on every participant, leader first; results in {@link #participants()} order. */
    public <T> List<T> onAll(BackendWork<T> work) throws SQLException {
        return on(participants(), work);
    }

    public <T> List<T> onFollowers(BackendWork<T> work) throws SQLException {
        List<Integer> all = participants();
        return on(all.subList(1, all.size()), work);
    }

    /** See {@link Transaction#checkWritable}. */
    public void checkWritable(TableInfo table) throws SQLException {
        if (tx != null) {
            tx.checkWritable(table);
        }
    }

    /** Rows written, for the repair of a backend that is down (and the audit log). */
    public void touched(TableInfo table, long[] rowids) {
        io.splitdb.audit.AuditCapture.wrote(table, rowids);
        if (tx != null) {
            tx.touched(table, rowids);
        }
    }

    /** A write to rows not known one by one. */
    public void touchedTable(String table) {
        io.splitdb.audit.AuditCapture.wroteTable(table);
        if (tx != null) {
            tx.touchedTable(table);
        }
    }

    /** True if some backend is left out (its missed writes are recorded). */
    public boolean degraded() {
        return tx != null && !tx.missing().isEmpty();
    }

    /** Ends the statement's work: commits its own transaction, or keeps its writes in the application's. */
    public void commit() throws SQLException {
        if (tx == null) {
            for (Connection c : schemaConnections) {
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
        } else if (owned) {
            tx.commit();
        }
        done = true;
    }

    /** Undoes the statement's work unless it was committed, and gives back what it borrowed. */
    @Override
    public void close() {
        if (tx == null) {
            for (Connection c : schemaConnections) {
                try {
                    if (!done && !c.getAutoCommit()) {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                    c.close();
                } catch (SQLException ignored) {
                    // the pool validates it before its next use
                }
            }
            return;
        }
        if (done) {
            return;
        }
        if (owned) {
            tx.rollback();
            return;
        }
        try {
            tx.rollbackTo(STATEMENT_SAVEPOINT);
        } catch (SQLException e) {
            // the transaction is marked failed: it can only be rolled back now
        }
    }
}
