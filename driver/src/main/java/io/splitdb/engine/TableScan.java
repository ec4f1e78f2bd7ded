package io.splitdb.engine;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.ProtectedRead;
import io.splitdb.exec.ReadOnePlan;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;
import io.splitdb.exec.SplitDatabase;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How the driver gets the rows of one table for evaluation: a read of the protected table
 * (decrypting every protected column) or a plain backend query, with whatever conditions the
 * backends can apply already in it. The engine re-checks the whole WHERE clause on what comes back,
 * so a scan may return more rows than match, never fewer.
 */
public final class TableScan {
    private final TableInfo info;
    private final ProtectedRead read;
    private final int[] plainIndex;
    private final int[] valueIndex;
    private final BackendQuery plain;

    private TableScan(TableInfo info, ProtectedRead read, int[] plainIndex, int[] valueIndex, BackendQuery plain) {
        this.info = info;
        this.read = read;
        this.plainIndex = plainIndex;
        this.valueIndex = valueIndex;
        this.plain = plain;
    }

    /** Adds a column to a read and returns its position among the read's plain outputs or decrypted values. */
    @FunctionalInterface
    public interface Slot {
        int add(ColumnInfo column);
    }

    /**
     * Where each declared column of {@code info} lands in a read: {@code result[0][i]} its position
     * among plain outputs, {@code result[1][i]} among decrypted values, -1 where it is not read.
     */
    public static int[][] layout(TableInfo info, java.util.function.Predicate<String> needed, Slot plain, Slot sealed) {
        int[] plainIndex = new int[info.columns().size()];
        int[] valueIndex = new int[info.columns().size()];
        for (int i = 0; i < plainIndex.length; i++) {
            ColumnInfo c = info.columns().get(i);
            boolean read = needed.test(c.name());
            plainIndex[i] = read && !c.isProtected() ? plain.add(c) : -1;
            valueIndex[i] = read && c.isProtected() ? sealed.add(c) : -1;
        }
        return new int[][] {plainIndex, valueIndex};
    }

    /**
     * A read of a table with protected columns. For the i-th declared column, {@code plainIndex[i]}
     * is its position among the read's plain outputs, or -1 and then {@code valueIndex[i]} is its
     * position among the decrypted values.
     */
    public static TableScan sealed(TableInfo info, ProtectedRead read, int[] plainIndex, int[] valueIndex) {
        return new TableScan(info, read, plainIndex.clone(), valueIndex.clone(), null);
    }

    /**
     * A backend query over a table without protected values; {@code info} (if the catalog knows
     * the table) names its columns, else the query's own columns are used, splitdb's hidden ones
     * left out.
     */
    public static TableScan plain(TableInfo info, BackendQuery query) {
        int[] identity = null;
        if (info != null) {
            identity = new int[info.columns().size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
        }
        return new TableScan(info, null, identity, null, query);
    }

    /** Every row of the table, every column. */
    public static TableScan full(SplitDatabase db, String name) {
        return full(db, name, c -> true);
    }

    /**
     * Every row of the table; columns the statement never names ({@code needed} false) are not
     * read, so neither fetched nor decrypted, and stand as NULL in the rows.
     */
    public static TableScan full(SplitDatabase db, String name, java.util.function.Predicate<String> needed) {
        TableInfo info = db.catalog().table(name);
        if (info == null) {
            return plain(null, BackendQuery.of("SELECT * FROM " + quoteQualified(name)));
        }
        List<String> plainItems = new ArrayList<>();
        List<ColumnInfo> sealedColumns = new ArrayList<>();
        int[][] layout = layout(info, needed, c -> {
            plainItems.add(quote(c.name()));
            return plainItems.size() - 1;
        }, c -> {
            sealedColumns.add(c);
            return sealedColumns.size() - 1;
        });
        int[] plainIndex = layout[0];
        int[] valueIndex = layout[1];
        if (sealedColumns.isEmpty()) {
            String items = plainItems.isEmpty() ? "1" : String.join(", ", plainItems);
            return new TableScan(info, null, plainIndex, null, BackendQuery.of("SELECT " + items + " FROM " + quote(info.name())));
        }
        List<String> items = new ArrayList<>(plainItems);
        sealedColumns.forEach(c -> items.add(quote(c.name())));
        items.add(TableInfo.ROWID);
        items.add(TableInfo.VERSION);
        String sql = "SELECT " + String.join(", ", items) + " FROM " + quote(info.name());
        return sealed(info, new ProtectedRead(info, BackendQuery.of(sql), plainItems.size(), sealedColumns, List.of(), null, null),
                plainIndex, valueIndex);
    }

    /** A row of a protected table as read (hidden id and version) and its values in declared order. */
    record Scanned(ProtectedRead.Row row, Object[] values) {
    }

    /** The rows of a protected table with their hidden ids and versions, for UPDATE and DELETE. */
    List<Scanned> scanned(Execution exec) throws SQLException {
        if (read == null) {
            throw new IllegalStateException("only a read of a table with protected columns has row ids");
        }
        List<Scanned> rows = new ArrayList<>();
        for (ProtectedRead.Row r : read.read(exec.db, exec.args).rows()) {
            rows.add(new Scanned(r, inDeclaredOrder(r)));
        }
        exec.checkRows(rows.size());
        return rows;
    }

    private Object[] inDeclaredOrder(ProtectedRead.Row r) {
        Object[] row = new Object[plainIndex.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = plainIndex[i] >= 0 ? r.plain()[plainIndex[i]] : valueIndex[i] >= 0 ? r.values()[valueIndex[i]] : null;
        }
        return row;
    }

    TableInfo table() {
        return info;
    }

    /** The declared columns as the engine sees them, named by {@code qualifier}. */
    List<Relation.Column> columns(String qualifier) {
        List<Relation.Column> columns = new ArrayList<>();
        declared(columns);
        List<Relation.Column> named = new ArrayList<>();
        columns.forEach(c -> named.add(new Relation.Column(c.label(), qualifier, c.ty(), c.origin())));
        return named;
    }

    /** True if rows can be narrowed by the declared column {@code column}: a plain column of a known table. */
    boolean narrowsBy(int column) {
        return info != null && plainIndex[column] >= 0;
    }

    /** This scan, keeping only rows whose declared column {@code column} is one of {@code values}. */
    TableScan whereIn(int column, List<Object> values) {
        String condition = quote(info.columns().get(column).name()) + " IN ("
                + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")";
        List<io.splitdb.exec.ValueSource> params = new ArrayList<>();
        values.forEach(v -> params.add(io.splitdb.exec.ValueSource.constant(v)));
        if (read != null) {
            return new TableScan(info, read.narrowed(condition, params), plainIndex, valueIndex, null);
        }
        List<io.splitdb.exec.ValueSource> all = new ArrayList<>(plain.params());
        all.addAll(params);
        String sql = plain.sql() + (plain.sql().contains(" WHERE ") ? " AND " : " WHERE ") + "(" + condition + ")";
        return new TableScan(info, null, plainIndex, null, new BackendQuery(sql, all));
    }

    /** The rows, protected values decrypted, columns in declared order. */
    Relation fetch(Execution exec) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        List<Relation.Column> columns = new ArrayList<>();
        if (read != null) {
            for (ProtectedRead.Row r : read.read(exec.db, exec.args).rows()) {
                rows.add(inDeclaredOrder(r));
            }
            exec.checkRows(rows.size());
            declared(columns);
            return new Relation(columns, rows);
        }
        RowSet result = new ReadOnePlan(plain).execute(exec.db, exec.args).rows();
        exec.checkRows(result.rows().size());
        if (info != null) {
            declared(columns);
            for (Object[] r : result.rows()) {
                Object[] row = new Object[plainIndex.length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = plainIndex[i] >= 0 ? r[plainIndex[i]] : null;
                }
                rows.add(row);
            }
            return new Relation(columns, rows);
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            ResultColumn c = result.columns().get(i);
            if (c.name() != null && c.name().startsWith("_split_")) {
                continue;
            }
            keep.add(i);
            columns.add(new Relation.Column(c.label(), null, Ty.of(c.type(), c.type().collation()),
                    new Node.Origin(c.table(), c.name(), c.type(), c.nullable() != ResultSetMetaData.columnNoNulls)));
        }
        for (Object[] r : result.rows()) {
            Object[] row = new Object[keep.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = r[keep.get(i)];
            }
            rows.add(row);
        }
        return new Relation(columns, rows);
    }

    private void declared(List<Relation.Column> columns) {
        for (ColumnInfo c : info.columns()) {
            columns.add(new Relation.Column(c.name(), null, Ty.of(c.type(), c.collation()),
                    new Node.Origin(info.name(), c.name(), c.type(), c.nullable())));
        }
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String quoteQualified(String name) {
        List<String> quoted = new ArrayList<>();
        for (String p : name.split("\\.")) {
            quoted.add(quote(TableInfo.unquote(p)));
        }
        return String.join(".", quoted);
    }
}
