package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.types.ValueCodec;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UPDATE or DELETE that involves protected columns: the matching rows are found with a
 * {@link ProtectedRead} (blind index pushed down, false positives filtered after decryption),
 * then changed by hidden row id on all three backends. An UPDATE re-seals every protected value
 * of the row under a new row version, guarded by the version it read, so a concurrent change is
 * detected instead of overwritten.
 */
public final class ProtectedWritePlan implements Plan {
    private static final int CHUNK = 500;

    private final ProtectedRead read;
    private final boolean delete;
    private final List<InsertPlan.Cell> plainSets;
    private final List<ColumnInfo> plainSetColumns;
    private final Map<Integer, ValueSource> protectedSets;

    /** A DELETE of the rows {@code read} finds. */
    public static ProtectedWritePlan delete(ProtectedRead read) {
        return new ProtectedWritePlan(read, true, List.of(), List.of(), Map.of());
    }

    /**
     * An UPDATE of the rows {@code read} finds; {@code read} must decrypt every protected column
     * of the table, in {@link TableInfo#protectedColumns()} order.
     *
     * @param protectedSets new values by position in {@link TableInfo#protectedColumns()}
     */
    public static ProtectedWritePlan update(ProtectedRead read, List<ColumnInfo> plainSetColumns, List<InsertPlan.Cell> plainSets,
                                            Map<Integer, ValueSource> protectedSets) {
        return new ProtectedWritePlan(read, false, plainSets, plainSetColumns, protectedSets);
    }

    private ProtectedWritePlan(ProtectedRead read, boolean delete, List<InsertPlan.Cell> plainSets, List<ColumnInfo> plainSetColumns,
                               Map<Integer, ValueSource> protectedSets) {
        this.read = read;
        this.delete = delete;
        this.plainSets = List.copyOf(plainSets);
        this.plainSetColumns = List.copyOf(plainSetColumns);
        this.protectedSets = Map.copyOf(protectedSets);
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        List<ProtectedRead.Row> rows = read.read(db, args).rows();
        if (rows.isEmpty()) {
            return ExecResult.update(0);
        }
        try (WriteTransaction tx = WriteTransaction.begin(db)) {
            if (delete) {
                tx.onAll((c, b) -> deleteRows(c, rows));
            } else {
                List<Object[][]> sealed = seal(db, rows, args);
                List<Object> plainValues = new ArrayList<>();
                for (InsertPlan.Cell cell : plainSets) {
                    for (ValueSource s : cell.params()) {
                        plainValues.add(s.resolve(args));
                    }
                }
                tx.onAll((c, b) -> updateRows(c, b, rows, sealed, plainValues));
            }
            tx.commit();
        }
        return ExecResult.update(rows.size());
    }

    private Void deleteRows(java.sql.Connection c, List<ProtectedRead.Row> rows) throws SQLException {
        TableInfo t = read.table();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<ProtectedRead.Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + InsertPlan.quote(t.name()) + " WHERE "
                    + TableInfo.ROWID + " IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i).rowid());
                }
                ps.executeUpdate();
            }
        }
        return null;
    }

    /** Per row, per backend: the stored value of each protected column, then each blind index. */
    private List<Object[][]> seal(SplitDatabase db, List<ProtectedRead.Row> rows, Object[] args) throws SQLException {
        TableInfo t = read.table();
        List<ColumnInfo> columns = t.protectedColumns();
        Object[] newValues = new Object[columns.size()];
        for (Map.Entry<Integer, ValueSource> e : protectedSets.entrySet()) {
            ColumnInfo c = columns.get(e.getKey());
            newValues[e.getKey()] = ValueCodec.normalize(c.type(), e.getValue().resolve(args), c.name());
            if (newValues[e.getKey()] == null && !c.nullable()) {
                throw new SQLIntegrityConstraintViolationException("Column '" + c.name() + "' cannot be null", "23000", 1048);
            }
        }
        List<Object[][]> result = new ArrayList<>();
        for (ProtectedRead.Row row : rows) {
            Object[] values = row.values().clone();
            protectedSets.keySet().forEach(i -> values[i] = newValues[i]);
            result.add(db.values().sealRow(t, values, row.rowid(), row.version() + 1));
        }
        return result;
    }

    private Void updateRows(java.sql.Connection c, int backend, List<ProtectedRead.Row> rows, List<Object[][]> sealed,
                            List<Object> plainValues) throws SQLException {
        TableInfo t = read.table();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < plainSets.size(); i++) {
            sets.add(InsertPlan.quote(plainSetColumns.get(i).name()) + " = " + plainSets.get(i).sql());
        }
        for (ColumnInfo col : t.protectedColumns()) {
            sets.add(InsertPlan.quote(col.name()) + " = ?");
        }
        for (ColumnInfo col : t.protectedColumns()) {
            if (col.searchable()) {
                sets.add(InsertPlan.quote(col.indexColumn()) + " = ?");
            }
        }
        sets.add(TableInfo.VERSION + " = ?");
        String sql = "UPDATE " + InsertPlan.quote(t.name()) + " SET " + String.join(", ", sets)
                + " WHERE " + TableInfo.ROWID + " = ? AND " + TableInfo.VERSION + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int r = 0; r < rows.size(); r++) {
                int p = 1;
                for (Object v : plainValues) {
                    ps.setObject(p++, v);
                }
                for (Object v : sealed.get(r)[backend]) {
                    ps.setObject(p++, v);
                }
                ProtectedRead.Row row = rows.get(r);
                ps.setLong(p++, row.version() + 1);
                ps.setLong(p++, row.rowid());
                ps.setLong(p, row.version());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int count : counts) {
                if (count == 0) {
                    throw new SQLTransientException("a row of " + t.name() + " changed while this UPDATE ran; nothing was written, "
                            + "retry the statement", "40001");
                }
            }
        }
        return null;
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
