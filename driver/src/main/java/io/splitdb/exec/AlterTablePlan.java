package io.splitdb.exec;

import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * ALTER TABLE on a managed table: the physical ALTER on each backend in turn, then the table's
 * catalog rows rewritten on all three. MySQL DDL is not transactional: if a backend refuses the
 * ALTER after others applied it, the error says which did, and the catalog is left as it was.
 */
public final class AlterTablePlan implements Plan {
    private final TableInfo altered;
    private final String physicalDdl;

    private final List<ColumnInfo> addedProtected;

    /** @param addedProtected protected columns the ALTER adds: existing rows get a sealed NULL in each */
    public AlterTablePlan(TableInfo altered, String physicalDdl, List<ColumnInfo> addedProtected) {
        this.altered = altered;
        this.physicalDdl = physicalDdl;
        this.addedProtected = List.copyOf(addedProtected);
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        List<Integer> applied = new ArrayList<>();
        try (WriteTransaction tx = WriteTransaction.beginSchemaChange(db)) {
            for (int b = 0; b < 3; b++) {
                try {
                    tx.on(b, (c, i) -> {
                        CreateTablePlan.run(c, physicalDdl);
                        return null;
                    });
                    applied.add(b);
                } catch (SQLException e) {
                    if (applied.isEmpty()) {
                        throw e;
                    }
                    throw new SQLException("ALTER TABLE " + altered.name() + " was applied on backend(s) " + applied + " but failed on backend "
                            + b + " (" + e.getMessage() + "); the backends now differ: fix backend " + b + " and run the ALTER there, "
                            + "or undo it on " + applied, e.getSQLState() == null ? "HY000" : e.getSQLState(), e);
                }
            }
            tx.onAll((c, b) -> {
                Catalog.deleteRows(c, altered.name());
                Catalog.insertRows(c, altered);
                return null;
            });
            if (!addedProtected.isEmpty()) {
                sealNulls(db, tx);
            }
            tx.commit();
        }
        db.catalog().put(altered);
        db.plans().clear();
        if (altered.hasProtectedColumns()) {
            io.splitdb.audit.AuditCapture.changedSchema(altered.name());
        }
        return ExecResult.update(0);
    }

    /**
     * Rows that existed before the column hold no share of it; a NULL is sealed for each (under the
     * row's id and current version), as an INSERT without the column would have stored.
     */
    private void sealNulls(SplitDatabase db, WriteTransaction tx) throws SQLException {
        List<long[]> rows = tx.on(0, (c, b) -> {
            List<long[]> ids = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + TableInfo.ROWID + ", " + TableInfo.VERSION + " FROM " + InsertPlan.quote(altered.name()))) {
                while (rs.next()) {
                    ids.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
            return ids;
        });
        for (ColumnInfo column : addedProtected) {
            List<ProtectedValues.Stored> sealed = new ArrayList<>(rows.size());
            for (long[] r : rows) {
                sealed.add(db.values().seal(altered, column, null, r[0], r[1]));
            }
            String sql = "UPDATE " + InsertPlan.quote(altered.name()) + " SET " + InsertPlan.quote(column.name()) + " = ?"
                    + (column.searchable() ? ", " + InsertPlan.quote(column.indexColumn()) + " = ?" : "")
                    + " WHERE " + TableInfo.ROWID + " = ?";
            tx.onAll((c, b) -> {
                if (!column.storedOn(b)) {
                    return null;
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < rows.size(); i++) {
                        int p = 1;
                        ps.setBytes(p++, sealed.get(i).perBackend()[b]);
                        if (column.searchable()) {
                            ps.setObject(p++, sealed.get(i).index());
                        }
                        ps.setLong(p, rows.get(i)[0]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }
    }

    /** The DDL each backend runs. */
    public String physicalDdl() {
        return physicalDdl;
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
