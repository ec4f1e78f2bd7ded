package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.types.ValueCodec;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
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
            tx.checkWritable(read.table());
            tx.touched(read.table(), rowids(rows));
            if (delete) {
                tx.onAll((c, b) -> deleteRows(c, read.table(), rows));
            } else {
                List<Object[][]> sealed = seal(db, rows, args);
                List<Object> plainValues = new ArrayList<>();
                for (InsertPlan.Cell cell : plainSets) {
                    for (ValueSource s : cell.params()) {
                        plainValues.add(s.resolve(args));
                    }
                }
                List<List<Object>> perRow = java.util.Collections.nCopies(rows.size(), plainValues);
                tx.onAll((c, b) -> updateRows(c, b, read.table(), rows, sealed, perRow));
            }
            tx.commit();
        }
        return ExecResult.update(rows.size());
    }

    /** Deletes {@code rows} (found by the caller) on all three backends, by hidden row id. */
    public static ExecResult delete(SplitDatabase db, TableInfo t, List<ProtectedRead.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return ExecResult.update(0);
        }
        try (WriteTransaction tx = WriteTransaction.begin(db)) {
            tx.touched(t, rowids(rows));
            tx.onAll((c, b) -> deleteRows(c, t, rows));
            tx.commit();
        }
        return ExecResult.update(rows.size());
    }

    /**
     * Writes new values computed by the caller: for each row, {@code values[i]} is the new value of
     * the table's i-th declared column. Protected columns are re-sealed under the next version;
     * of the plain columns only those in {@code plainAssigned} (declared positions) are written.
     */
    public static ExecResult update(SplitDatabase db, TableInfo t, List<ProtectedRead.Row> rows, List<Object[]> values,
                                    java.util.Set<Integer> plainAssigned) throws SQLException {
        if (rows.isEmpty()) {
            return ExecResult.update(0);
        }
        List<ColumnInfo> protectedColumns = t.protectedColumns();
        List<ColumnInfo> plainColumns = new ArrayList<>();
        for (int i : new java.util.TreeSet<>(plainAssigned)) {
            plainColumns.add(t.columns().get(i));
        }
        List<Object[][]> sealed = new ArrayList<>();
        List<List<Object>> plainValues = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = values.get(r);
            Object[] sealedValues = new Object[protectedColumns.size()];
            for (int k = 0; k < sealedValues.length; k++) {
                ColumnInfo c = protectedColumns.get(k);
                sealedValues[k] = checkedValue(c, row[t.columns().indexOf(c)]);
            }
            sealed.add(db.values().sealRow(t, sealedValues, rows.get(r).rowid(), rows.get(r).version() + 1));
            List<Object> plain = new ArrayList<>();
            for (ColumnInfo c : plainColumns) {
                plain.add(checkedValue(c, row[t.columns().indexOf(c)]));
            }
            plainValues.add(plain);
        }
        List<InsertPlan.Cell> cells = new ArrayList<>();
        plainColumns.forEach(c -> cells.add(new InsertPlan.Cell("?", List.of())));
        ProtectedWritePlan plan = new ProtectedWritePlan(null, false, cells, plainColumns, Map.of());
        try (WriteTransaction tx = WriteTransaction.begin(db)) {
            tx.checkWritable(t);
            tx.touched(t, rowids(rows));
            tx.onAll((c, b) -> plan.updateRows(c, b, t, rows, sealed, plainValues));
            tx.commit();
        }
        return ExecResult.update(rows.size());
    }

    private static long[] rowids(List<ProtectedRead.Row> rows) {
        return rows.stream().mapToLong(ProtectedRead.Row::rowid).toArray();
    }

    private static Object checkedValue(ColumnInfo c, Object value) throws SQLException {
        Object v = ValueCodec.normalize(c.type(), value, c.name());
        if (v == null && !c.nullable()) {
            throw new SQLIntegrityConstraintViolationException("Column '" + c.name() + "' cannot be null", "23000", 1048);
        }
        return v;
    }

    private static Void deleteRows(java.sql.Connection c, TableInfo t, List<ProtectedRead.Row> rows) throws SQLException {
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

    /** {@code plainValues}: per row, the parameters of the plain SET cells in order. */
    private Void updateRows(java.sql.Connection c, int backend, TableInfo t, List<ProtectedRead.Row> rows, List<Object[][]> sealed,
                            List<List<Object>> plainValues) throws SQLException {
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
                for (Object v : plainValues.get(r)) {
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
                    throw new RowChanged("a row of " + t.name() + " changed while this UPDATE ran; nothing was written, "
                            + "retry the statement");
                }
            }
        }
        return null;
    }

    @Override
    public Work work() {
        return read.work();
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
