package io.splitdb.exec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A read that touches no protected value: one backend answers it whole. */
public final class ReadOnePlan implements Plan {
    private final BackendQuery query;

    public ReadOnePlan(BackendQuery query) {
        this.query = query;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        return Reads.one(db, (c, b) -> {
            try (PreparedStatement ps = query.prepare(c, args)) {
                if (!ps.execute()) {
                    return ExecResult.update(ps.getLargeUpdateCount());
                }
                try (ResultSet rs = ps.getResultSet()) {
                    return ExecResult.query(RowSets.read(rs, db.config().options().maxBufferedRows(), query.sql()));
                }
            }
        });
    }

    @Override
    public boolean isQuery() {
        return true;
    }

    @Override
    public String toString() {
        return "ReadOne[" + query + "]";
    }
}
