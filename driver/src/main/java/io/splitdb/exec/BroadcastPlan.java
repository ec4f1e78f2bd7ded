package io.splitdb.exec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A write that touches no protected value: the same statement on all three backends, in one
 * write transaction, so replicated plain data stays identical. The leader's count is reported.
 */
public final class BroadcastPlan implements Plan {
    private final BackendQuery query;
    private final boolean ddl;

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
        try (WriteTransaction tx = WriteTransaction.begin(db)) {
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
    public boolean isQuery() {
        return false;
    }

    @Override
    public String toString() {
        return "Broadcast[" + query + "]";
    }
}
