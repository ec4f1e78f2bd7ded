package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code INSERT|REPLACE INTO t [(columns)] SELECT ...} where the target or the source has protected
 * columns (or the target's AUTO_INCREMENT keys come from the leader). The SELECT runs through the
 * driver like any query, so protected source columns are decrypted (and a SELECT the driver cannot
 * answer fails closed); its rows, at most {@code options.max-buffered-rows}, are then written
 * through the protected insert path in one write transaction, in multi-row chunks.
 */
public final class InsertSelectPlan implements Plan {
    private static final InsertPlan.Cell PARAMETER = new InsertPlan.Cell("?", List.of(ValueSource.constant(null)));
    private static final InsertPlan.Cell NULL = new InsertPlan.Cell("NULL", List.of());

    private final Plan source;
    private final RowInserter inserter;
    private final List<ColumnInfo> targets;
    private final List<ValueSource> protectedDefaults;
    private final OnDuplicateKey onDuplicate;
    private final String statement;

    /**
     * @param source            the SELECT, planned as a query
     * @param verb              "INSERT" or "REPLACE"
     * @param targets           the columns the SELECT's outputs go to, in order
     * @param plainTargets      the plain columns of {@code targets} in order, then the AUTO_INCREMENT
     *                          column if {@code targets} omits it
     * @param protectedDefaults per protected column of the table: its default if {@code targets}
     *                          omits it, else null
     * @param onDuplicate       the ON DUPLICATE KEY UPDATE clause, or null
     * @param statement         the statement text, for messages
     */
    public InsertSelectPlan(Plan source, TableInfo table, String verb, List<ColumnInfo> targets, List<ColumnInfo> plainTargets,
                            List<ValueSource> protectedDefaults, OnDuplicateKey onDuplicate, String statement) {
        ColumnInfo auto = table.autoIncrementColumn();
        this.source = source;
        this.inserter = new RowInserter(table, verb, plainTargets, auto == null ? -1 : plainTargets.indexOf(auto));
        this.targets = List.copyOf(targets);
        this.protectedDefaults = new ArrayList<>(protectedDefaults);
        this.onDuplicate = onDuplicate;
        this.statement = statement;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        RowSet selected;
        try {
            selected = source.execute(db, args).rows();
        } catch (SQLException e) {
            if ("HY001".equals(e.getSQLState())) {
                throw new SQLException(inserter.verb() + " ... SELECT into " + inserter.table().name() + " holds the selected rows in the "
                        + "driver before writing them: " + e.getMessage(), "HY001", e);
            }
            throw e;
        }
        if (selected == null) {
            throw new SQLException("the source of " + Fragment.of(statement) + " returned no rows", "HY000");
        }
        if (selected.columns().size() != targets.size()) {
            throw new SQLException("Column count doesn't match value count at row 1", "21S01", 1136);
        }
        List<NewRow> rows = new ArrayList<>(selected.rows().size());
        for (Object[] row : selected.rows()) {
            rows.add(newRow(row, selected.columns(), args));
        }
        RowInserter.Written written;
        try (WriteTransaction tx = WriteTransaction.begin(db)) {
            written = onDuplicate == null ? inserter.write(db, tx, rows) : onDuplicate.write(db, tx, inserter, rows, args);
            tx.commit();
        }
        return ExecResult.update(written.count(), written.keys());
    }

    private NewRow newRow(Object[] row, List<ResultColumn> columns, Object[] args) throws SQLException {
        List<ColumnInfo> protectedColumns = inserter.table().protectedColumns();
        List<ColumnInfo> plainTargets = inserter.plainTargets();
        Object[] protectedValues = new Object[protectedColumns.size()];
        Object[] plainValues = new Object[plainTargets.size()];
        List<InsertPlan.Cell> cells = new ArrayList<>(plainTargets.size());
        boolean generated = false;
        for (int i = 0; i < targets.size(); i++) {
            ColumnInfo c = targets.get(i);
            if (c.isProtected()) {
                protectedValues[protectedColumns.indexOf(c)] = InsertPlan.normalize(c, row[i]);
            } else {
                Object v = BackendValues.parameter(row[i], columns.get(i).type());
                plainValues[cells.size()] = v;
                cells.add(PARAMETER);
                generated |= c.autoIncrement() && InsertPlan.asksForKey(v);
            }
        }
        if (cells.size() < plainTargets.size()) {
            cells.add(NULL);  // the omitted AUTO_INCREMENT column
            generated = true;
            plainValues = java.util.Arrays.copyOf(plainValues, cells.size() - 1);
        }
        for (int k = 0; k < protectedValues.length; k++) {
            ValueSource d = protectedDefaults.get(k);
            if (d != null) {
                protectedValues[k] = InsertPlan.normalize(protectedColumns.get(k), d.resolve(args));
            }
        }
        return new NewRow(cells, plainValues, protectedValues, generated);
    }

    @Override
    public Work work() {
        return source.work() == Work.DRIVER ? Work.DRIVER : Work.SHARES;
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
