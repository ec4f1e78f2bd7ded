package io.splitdb.exec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A write that touches no protected value: the same statement on all three backends, in one
 * write transaction, so replicated plain data stays identical. The leader's count is reported.
 * A JDBC batch of one such INSERT, UPDATE or DELETE runs in one write transaction
 * ({@link #executeBatch}), not one distributed commit per statement.
 */
public final class BroadcastPlan implements BatchPlan {
    private static final java.util.regex.Pattern DML = java.util.regex.Pattern.compile("(?is)(?:\\s|/\\*.*?\\*/)*(INSERT|UPDATE|DELETE|REPLACE)\\b.*");
    private final BackendQuery query;
    private final boolean ddl;
    /** Parsed on first use (null until then): most plain writes run in auto-commit with all backends up. */
    private volatile java.util.Set<String> written;

    /**
     * @param ddl true for schema statements, after which cached plans and the catalog are stale
     */
    public BroadcastPlan(BackendQuery query, boolean ddl) {
        this.query = query;
        this.ddl = ddl;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        List<ExecResult> results;
        try (WriteTransaction tx = isSchemaChange(query.sql()) ? WriteTransaction.beginSchemaChange(db) : WriteTransaction.begin(db)) {
            if (tx.degraded()) {
                writtenTables(query.sql()).forEach(tx::touchedTable);
            } else {
                written().forEach(io.splitdb.audit.AuditCapture::wroteTable);
            }
            results = tx.onAll((c, b) -> {
                try (PreparedStatement ps = query.prepare(c, args)) {
                    if (ps.execute()) {
                        try (ResultSet rs = ps.getResultSet()) {
                            return ExecResult.query(RowSets.read(rs, db.config().options().maxBufferedRows(), query.sql()));
                        }
                    }
                    return ExecResult.update(ps.getLargeUpdateCount());
                }
            });
            tx.commit();
        } finally {
            if (ddl) {
                db.reloadCatalog();
            }
        }
        return results.get(0);
    }

    @Override
    public boolean batchable() {
        return !ddl && DML.matcher(query.sql()).matches();
    }

    /**
     * Runs every argument set on each backend, in one write transaction. A failure
     * on any backend rolls the whole batch back ({@link NothingWritten}), so the caller can run the
     * statements one by one and report each one's outcome.
     */
    @Override
    public BatchResult executeBatch(SplitDatabase db, List<Object[]> argSets) throws SQLException {
        WriteTransaction begun;
        try {
            begun = WriteTransaction.begin(db);
        } catch (SQLException e) {
            throw new NothingWritten(e);
        }
        List<long[]> counts;
        try (WriteTransaction tx = begun) {
            if (tx.degraded()) {
                writtenTables(query.sql()).forEach(tx::touchedTable);
            } else {
                written().forEach(io.splitdb.audit.AuditCapture::wroteTable);
            }
            try {
                counts = tx.onAll((c, b) -> {
                    // one statement at a time, not addBatch: the backends' connections rewrite batched INSERTs
                    // into one statement and then report no count per statement (SUCCESS_NO_INFO)
                    try (PreparedStatement ps = c.prepareStatement(query.sql())) {
                        long[] n = new long[argSets.size()];
                        for (int i = 0; i < n.length; i++) {
                            query.bind(ps, argSets.get(i));
                            n[i] = ps.executeLargeUpdate();
                        }
                        return n;
                    }
                });
            } catch (SQLException e) {
                throw new NothingWritten(e);
            }
            tx.commit();
        }
        return new BatchResult(counts.get(0), new long[0]);
    }

    private static final java.util.regex.Pattern SCHEMA_CHANGE = java.util.regex.Pattern.compile(
            "(?is)(?:\\s|/\\*.*?\\*/)*(CREATE|DROP|ALTER|TRUNCATE|RENAME|GRANT|REVOKE|ANALYZE|OPTIMIZE|REPAIR)\\b.*");

    /** Statements MySQL commits around (they cannot run in an XA branch). */
    static boolean isSchemaChange(String sql) {
        return SCHEMA_CHANGE.matcher(sql).matches();
    }

    /**
     * The tables a write names (to repair them on a backend that missed it); every table if the
     * statement cannot be read. Only asked while a backend is down.
     */
    /** The tables this plan writes, parsed once (every execution reports them to the audit log). */
    private java.util.Set<String> written() {
        java.util.Set<String> w = written;
        if (w == null) {
            w = writtenTables(query.sql());
            written = w;
        }
        return w;
    }

    static java.util.Set<String> writtenTables(String sql) {
        try {
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (String t : net.sf.jsqlparser.util.TablesNamesFinder.findTables(sql)) {
                String name = t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
                names.add(io.splitdb.catalog.TableInfo.unquote(name));
            }
            return names.isEmpty() ? java.util.Set.of(PendingRepairs.EVERY_TABLE) : names;
        } catch (Exception | StackOverflowError e) {
            return java.util.Set.of(PendingRepairs.EVERY_TABLE);
        }
    }

    @Override
    public boolean isQuery() {
        return false;
    }

    @Override
    public String toString() {
        return "Broadcast[" + query + "]";
    }
}
