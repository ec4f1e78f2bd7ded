package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.types.ValueCodec;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code INSERT}/{@code REPLACE ... VALUES} into a managed table, optionally with
 * {@code ON DUPLICATE KEY UPDATE}. Protected values are sealed per row and split; plain values are
 * written to all three backends. AUTO_INCREMENT keys come from the leader (backend 0) and are
 * written explicitly to the followers, so all three agree and {@code getGeneratedKeys()} works.
 * A JDBC batch of a plain INSERT runs as one write ({@link #executeBatch}).
 */
public final class InsertPlan implements BatchPlan {
    private final RowInserter inserter;
    private final List<List<Cell>> plainRows;
    private final List<ColumnInfo> protectedColumns;
    private final List<List<ValueSource>> protectedRows;
    private final OnDuplicateKey onDuplicate;

    /** A plain value as SQL for the backends, with its parameters. */
    public record Cell(String sql, List<ValueSource> params) {
        /** True if the cell is one bare parameter (its value can be inspected before sending). */
        boolean isParameter() {
            return "?".equals(sql) && params.size() == 1;
        }
    }

    /**
     * @param verb          "INSERT" or "REPLACE"
     * @param plainTargets  the plain columns written, in order (the AUTO_INCREMENT one included)
     * @param plainRows     per row, one cell per plain target
     * @param protectedRows per row, one source per protected column of the table (every
     *                      protected column is always written: an omitted one gets its default)
     * @param autoIndex     position of the AUTO_INCREMENT column in {@code plainTargets}, or -1
     * @param onDuplicate   the ON DUPLICATE KEY UPDATE clause, or null
     */
    public InsertPlan(TableInfo table, String verb, List<ColumnInfo> plainTargets, List<List<Cell>> plainRows,
                      List<List<ValueSource>> protectedRows, int autoIndex, OnDuplicateKey onDuplicate) {
        this.inserter = new RowInserter(table, verb, plainTargets, autoIndex);
        this.plainRows = List.copyOf(plainRows);
        this.protectedColumns = table.protectedColumns();
        this.protectedRows = List.copyOf(protectedRows);
        this.onDuplicate = onDuplicate;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        List<NewRow> rows = rows(args);
        RowInserter.Written written;
        try (WriteTransaction tx = WriteTransaction.begin(db)) {
            written = onDuplicate == null ? inserter.write(db, tx, rows) : onDuplicate.write(db, tx, inserter, rows, args);
            tx.commit();
        }
        return ExecResult.update(written.count(), written.keys());
    }

    @Override
    public boolean batchable() {
        // REPLACE and ON DUPLICATE KEY UPDATE report per-row outcomes a merged statement would lose
        return onDuplicate == null && "INSERT".equals(inserter.verb());
    }

    @Override
    public BatchResult executeBatch(SplitDatabase db, List<Object[]> argSets) throws SQLException {
        long[] counts = new long[argSets.size()];
        List<NewRow> all = new ArrayList<>();
        WriteTransaction begun;
        try {
            for (int i = 0; i < counts.length; i++) {
                List<NewRow> rows = rows(argSets.get(i));
                counts[i] = rows.size();
                all.addAll(rows);
            }
            begun = WriteTransaction.begin(db);
        } catch (SQLException e) {
            throw new NothingWritten(e);
        }
        RowInserter.Written written;
        try (WriteTransaction tx = begun) {
            try {
                written = inserter.write(db, tx, all);
            } catch (SQLException e) {
                throw new NothingWritten(e);
            }
            tx.commit();
        }
        return new BatchResult(counts, written.keys());
    }

    /** The rows one execution writes: each template row with its values resolved and normalized. */
    private List<NewRow> rows(Object[] args) throws SQLException {
        List<NewRow> rows = new ArrayList<>(plainRows.size());
        int autoIndex = inserter.autoIndex();
        for (int r = 0; r < plainRows.size(); r++) {
            List<Cell> cells = plainRows.get(r);
            List<Object> values = new ArrayList<>();
            for (Cell cell : cells) {
                for (ValueSource s : cell.params()) {
                    values.add(s.resolve(args));
                }
            }
            boolean generated = false;
            if (autoIndex >= 0) {
                Cell auto = cells.get(autoIndex);
                if ("NULL".equalsIgnoreCase(auto.sql()) || "DEFAULT".equalsIgnoreCase(auto.sql())) {
                    generated = true;
                } else if (auto.isParameter()) {
                    generated = asksForKey(auto.params().get(0).resolve(args));
                }
            }
            rows.add(new NewRow(cells, values.toArray(), protectedValues(protectedRows.get(r), args), generated));
        }
        return rows;
    }

    /** True if a value given for an AUTO_INCREMENT column makes MySQL generate one (NULL or 0). */
    static boolean asksForKey(Object v) {
        return v == null || (v instanceof Number num && num.longValue() == 0)
                || (v instanceof String s && (s.isBlank() || s.trim().equals("0")));
    }

    private Object[] protectedValues(List<ValueSource> sources, Object[] args) throws SQLException {
        Object[] values = new Object[protectedColumns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = normalize(protectedColumns.get(i), sources.get(i).resolve(args));
        }
        return values;
    }

    /** The value MySQL would store in protected column {@code c}, NOT NULL enforced. */
    static Object normalize(ColumnInfo c, Object value) throws SQLException {
        Object v = ValueCodec.normalize(c.type(), value, c.name());
        if (v == null && !c.nullable()) {
            throw new SQLIntegrityConstraintViolationException("Column '" + c.name() + "' cannot be null", "23000", 1048);
        }
        return v;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public Work work() {
        return protectedColumns.isEmpty() ? Work.BACKENDS : Work.SHARES;
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
