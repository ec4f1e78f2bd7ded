package io.splitdb.exec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A read that touches no protected value: one backend answers it whole. */
public final class ReadOnePlan implements Plan {
    private final BackendQuery query;
    private final boolean hideDriverTables;

    public ReadOnePlan(BackendQuery query) {
        this(query, false);
    }

    /**
     * @param hideDriverTables drop rows whose first column names one of the driver's own tables
     *                         ({@code SHOW TABLES}: the application sees its schema only)
     */
    public ReadOnePlan(BackendQuery query, boolean hideDriverTables) {
        this.query = query;
        this.hideDriverTables = hideDriverTables;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        return Reads.one(db, (c, b) -> {
            try (PreparedStatement ps = query.prepare(c, args)) {
                if (!ps.execute()) {
                    return ExecResult.update(ps.getLargeUpdateCount());
                }
                try (ResultSet rs = ps.getResultSet()) {
                    RowSet rows = RowSets.read(rs, db.config().options().maxBufferedRows(), query.sql());
                    if (hideDriverTables) {
                        rows = new RowSet(rows.columns(), rows.rows().stream()
                                .filter(r -> r.length == 0 || r[0] == null || !String.valueOf(r[0]).startsWith("_split_")).toList());
                    }
                    return ExecResult.query(rows);
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
