package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code DESCRIBE t}, {@code SHOW [FULL] COLUMNS FROM t} and {@code SHOW INDEX FROM t} of a table
 * with protected columns, as the application declared it: a backend answers, then splitdb's hidden
 * columns are left out, each protected column shows its declared type, nullability and default
 * instead of its share column's, and an index on a blind index is shown on its column.
 */
public final class LogicalShowPlan implements Plan {
    private final BackendQuery query;
    private final TableInfo table;
    private final boolean indexes;

    /** @param indexes true for SHOW INDEX / KEYS, false for the column listings */
    public LogicalShowPlan(BackendQuery query, TableInfo table, boolean indexes) {
        this.query = query;
        this.table = table;
        this.indexes = indexes;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        RowSet physical = new ReadOnePlan(query).execute(db, args).rows();
        if (indexes) {
            return ExecResult.query(indexes(physical));
        }
        // DESCRIBE t col lists one column: the keys of blind indexes come from the whole table's listing
        RowSet index = new ReadOnePlan(BackendQuery.of("SHOW INDEX FROM `" + table.name().replace("`", "``") + "`"))
                .execute(db, new Object[0]).rows();
        return ExecResult.query(columns(physical, index));
    }

    private RowSet columns(RowSet physical, RowSet index) {
        int field = position(physical, "Field");
        List<Object[]> rows = new ArrayList<>();
        for (Object[] r : physical.rows()) {
            String name = String.valueOf(r[field]);
            if (hidden(name)) {
                continue;
            }
            ColumnInfo c = table.column(name);
            Object[] row = r.clone();
            if (c != null && c.isProtected()) {
                set(physical, row, "Type", c.type().ddl().toLowerCase(Locale.ROOT));
                set(physical, row, "Null", c.nullable() ? "YES" : "NO");
                set(physical, row, "Default", c.defaultSql() == null ? null : unquote(c.defaultSql()));
                set(physical, row, "Collation", c.type().isText() ? c.collation() : null);
                set(physical, row, "Extra", "");
                set(physical, row, "Key", c.searchable() ? keyOf(index, c.indexColumn()) : "");
            }
            rows.add(row);
        }
        return new RowSet(physical.columns(), rows);
    }

    private RowSet indexes(RowSet physical) {
        int column = position(physical, "Column_name");
        int keyName = position(physical, "Key_name");
        List<Object[]> rows = new ArrayList<>();
        for (Object[] r : physical.rows()) {
            String name = column < 0 ? "" : String.valueOf(r[column]);
            if (name.equals(TableInfo.ROWID) || name.equals(TableInfo.VERSION) || (keyName >= 0 && automatic(String.valueOf(r[keyName])))) {
                continue;
            }
            Object[] row = r.clone();
            for (ColumnInfo c : table.protectedColumns()) {
                if (c.searchable() && c.indexColumn().equalsIgnoreCase(name)) {
                    row[column] = c.name();
                }
            }
            rows.add(row);
        }
        return new RowSet(physical.columns(), rows);
    }

    /** The index splitdb puts on every blind index for its own searches (named after the blind index column). */
    private boolean automatic(String indexName) {
        return table.protectedColumns().stream().anyMatch(c -> c.searchable() && c.indexColumn().equalsIgnoreCase(indexName));
    }

    private boolean hidden(String name) {
        if (name.equals(TableInfo.ROWID) || name.equals(TableInfo.VERSION)) {
            return true;
        }
        for (ColumnInfo c : table.protectedColumns()) {
            if (c.searchable() && c.indexColumn().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** MUL if an index the application declared starts with the blind index column (MySQL's rule for MUL), else "". */
    private Object keyOf(RowSet index, String indexColumn) {
        int keyName = position(index, "Key_name");
        int column = position(index, "Column_name");
        int seq = position(index, "Seq_in_index");
        for (Object[] r : index.rows()) {
            if (indexColumn.equalsIgnoreCase(String.valueOf(r[column])) && !automatic(String.valueOf(r[keyName]))
                    && "1".equals(String.valueOf(r[seq]))) {
                return "MUL";
            }
        }
        return "";
    }

    private static int position(RowSet rows, String label) {
        for (int i = 0; i < rows.columns().size(); i++) {
            if (label.equalsIgnoreCase(rows.columns().get(i).label())) {
                return i;
            }
        }
        return -1;
    }

    private static void set(RowSet rows, Object[] row, String label, Object value) {
        int i = position(rows, label);
        if (i >= 0) {
            row[i] = value;
        }
    }

    private static String unquote(String sql) {
        String t = sql.trim();
        return t.length() >= 2 && t.startsWith("'") && t.endsWith("'") ? t.substring(1, t.length() - 1).replace("''", "'") : t;
    }

    @Override
    public boolean isQuery() {
        return true;
    }
}
