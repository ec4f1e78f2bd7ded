package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.types.LogicalType;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A single-table SELECT over protected columns: a {@link ProtectedRead}, then the outputs in the order written. */
public final class SelectPlan implements Plan {
    private static final LogicalType BIGINT = fixed("BIGINT");

    private final ProtectedRead read;
    private final List<Output> outputs;
    private final String countLabel;
    private final RowOrder order;
    private final ValueSource limit;
    private final ValueSource offset;

    /**
     * One output column: either the {@code plainIndex}-th plain output of the backend query, or
     * the {@code valueIndex}-th decrypted value.
     */
    public record Output(String label, int plainIndex, int valueIndex) {
        public static Output plain(int index) {
            return new Output(null, index, -1);
        }

        public static Output decrypted(String label, int index) {
            return new Output(label, -1, index);
        }
    }

    /**
     * @param countLabel non-null for {@code SELECT COUNT(*)}: the plan returns one row counting the
     *                   rows that match, under this label
     */
    public SelectPlan(ProtectedRead read, List<Output> outputs, String countLabel) {
        this(read, outputs, countLabel, null, null, null);
    }

    /**
     * A SELECT whose ORDER BY the driver applies (it orders protected columns), with LIMIT and
     * OFFSET after the sort.
     */
    public SelectPlan(ProtectedRead read, List<Output> outputs, String countLabel, RowOrder order, ValueSource limit,
                      ValueSource offset) {
        this.read = read;
        this.outputs = List.copyOf(outputs);
        this.countLabel = countLabel;
        this.order = order;
        this.limit = limit;
        this.offset = offset;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        ProtectedRead.Result result = read.read(db, args);
        if (countLabel != null) {
            List<Object[]> rows = new ArrayList<>();
            rows.add(new Object[] {(long) result.rows().size()});
            return ExecResult.query(new RowSet(List.of(new ResultColumn(countLabel, countLabel, "", BIGINT,
                    ResultSetMetaData.columnNoNulls, false)), rows));
        }
        List<ResultColumn> columns = new ArrayList<>();
        for (Output o : outputs) {
            if (o.plainIndex() >= 0) {
                columns.add(result.plainColumns().get(o.plainIndex()));
            } else {
                ColumnInfo c = read.decrypted().get(o.valueIndex());
                columns.add(new ResultColumn(o.label(), c.name(), read.table().name(), c.type(),
                        c.nullable() ? ResultSetMetaData.columnNullable : ResultSetMetaData.columnNoNulls, false));
            }
        }
        List<ProtectedRead.Row> matched = result.rows();
        if (order != null) {
            order.sort(matched);
            long skip = offset == null ? 0 : ProtectedRead.number(offset.resolve(args));
            long max = limit == null ? Long.MAX_VALUE : ProtectedRead.number(limit.resolve(args));
            int from = (int) Math.min(matched.size(), Math.max(0, skip));
            int to = (int) Math.min(matched.size(), from + Math.min(max, Integer.MAX_VALUE));
            matched = matched.subList(from, to);
        }
        List<Object[]> rows = new ArrayList<>(matched.size());
        for (ProtectedRead.Row r : matched) {
            Object[] row = new Object[outputs.size()];
            for (int i = 0; i < row.length; i++) {
                Output o = outputs.get(i);
                row[i] = o.plainIndex() >= 0 ? r.plain()[o.plainIndex()] : r.values()[o.valueIndex()];
            }
            rows.add(row);
        }
        return ExecResult.query(new RowSet(columns, rows));
    }

    @Override
    public Work work() {
        return order != null ? Work.DRIVER : read.work();
    }

    @Override
    public boolean isQuery() {
        return true;
    }

    private static LogicalType fixed(String ddl) {
        try {
            return LogicalType.parse(ddl);
        } catch (java.sql.SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
