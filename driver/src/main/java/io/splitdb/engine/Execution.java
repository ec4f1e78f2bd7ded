package io.splitdb.engine;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.ProtectedRead;
import io.splitdb.exec.ReadOnePlan;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.ValueSource;
import io.splitdb.exec.Fragment;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a statement in the driver: the arguments, the rows of each table it reads (fetched
 * once, decrypted, and shared by every reference to the table, correlated subqueries included),
 * the results of subqueries that do not depend on the outer row, and the row budget that bounds
 * the driver's memory.
 */
final class Execution {
    final SplitDatabase db;
    final Object[] args;
    final String sql;
    private final int maxRows;
    private final Map<String, Relation> tables = new HashMap<>();
    final Map<Object, Object> onceResults = new IdentityHashMap<>();
    /** The statement's WITH queries by lower-case name. */
    final Map<String, net.sf.jsqlparser.statement.select.WithItem<?>> ctes = new HashMap<>();
    private LocalDateTime now;

    Execution(SplitDatabase db, Object[] args, String sql) {
        this.db = db;
        this.args = args;
        this.sql = sql;
        this.maxRows = db.config().options().maxBufferedRows();
    }

    /** The collation of text that comes from no column (literals, parameters). */
    String defaultCollation() {
        return io.splitdb.crypto.CollationKeys.DEFAULT_COLLATION;
    }

    /** Refuses a row count past the configured bound, naming the statement. */
    void checkRows(int rows) throws SQLException {
        if (rows > maxRows) {
            throw new SQLException("evaluating '" + Fragment.of(sql) + "' in the driver needs more than " + maxRows
                    + " rows in memory (options.max-buffered-rows); narrow the query with conditions on plain or searchable columns",
                    "HY001");
        }
    }

    /** The statement's single NOW(), read from a backend so it follows the server's clock and time zone. */
    LocalDateTime now() throws SQLException {
        if (now == null) {
            RowSet rs = new ReadOnePlan(BackendQuery.of("SELECT NOW(6)")).execute(db, new Object[0]).rows();
            now = Values.dateTime(rs.rows().get(0)[0]);
        }
        return now;
    }

    /** All rows of a table, protected values decrypted, columns in declared order. */
    Relation table(String name, String qualifier) throws SQLException {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        Relation rows = tables.get(key);
        if (rows == null) {
            rows = fetch(name);
            tables.put(key, rows);
        }
        List<Relation.Column> named = new ArrayList<>(rows.columns().size());
        for (Relation.Column c : rows.columns()) {
            named.add(new Relation.Column(c.label(), qualifier, c.ty(), c.origin()));
        }
        return new Relation(named, rows.rows());
    }

    private Relation fetch(String name) throws SQLException {
        TableInfo info = db.catalog().table(name);
        if (info == null) {
            RowSet plain = new ReadOnePlan(BackendQuery.of("SELECT * FROM " + quoteQualified(name))).execute(db, new Object[0]).rows();
            checkRows(plain.rows().size());
            List<Relation.Column> columns = new ArrayList<>();
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < plain.columns().size(); i++) {
                ResultColumn c = plain.columns().get(i);
                if (c.name() != null && c.name().startsWith("_split_")) {
                    continue;
                }
                keep.add(i);
                columns.add(new Relation.Column(c.label(), null, Ty.of(c.type(), c.type().collation()),
                        new Node.Origin(c.table(), c.name(), c.type(), c.nullable() != ResultSetMetaData.columnNoNulls)));
            }
            List<Object[]> rows = new ArrayList<>(plain.rows().size());
            for (Object[] r : plain.rows()) {
                Object[] row = new Object[keep.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = r[keep.get(i)];
                }
                rows.add(row);
            }
            return new Relation(columns, rows);
        }
        List<ColumnInfo> plainColumns = new ArrayList<>();
        List<ColumnInfo> sealed = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (ColumnInfo c : info.columns()) {
            if (!c.isProtected()) {
                plainColumns.add(c);
                items.add(quote(c.name()));
            }
        }
        for (ColumnInfo c : info.columns()) {
            if (c.isProtected()) {
                sealed.add(c);
                items.add(quote(c.name()));
            }
        }
        if (!sealed.isEmpty()) {
            items.add(TableInfo.ROWID);
            items.add(TableInfo.VERSION);
        }
        String query = "SELECT " + String.join(", ", items) + " FROM " + quote(info.name());
        List<Object[]> rows = new ArrayList<>();
        if (sealed.isEmpty()) {
            RowSet plain = new ReadOnePlan(BackendQuery.of(query)).execute(db, new Object[0]).rows();
            for (Object[] r : plain.rows()) {
                rows.add(inDeclaredOrder(info, plainColumns, r, sealed, new Object[0]));
            }
        } else {
            ProtectedRead read = new ProtectedRead(info, new BackendQuery(query, List.<ValueSource>of()), plainColumns.size(), sealed,
                    List.of(), null, null);
            for (ProtectedRead.Row r : read.read(db, new Object[0]).rows()) {
                rows.add(inDeclaredOrder(info, plainColumns, r.plain(), sealed, r.values()));
            }
        }
        checkRows(rows.size());
        List<Relation.Column> columns = new ArrayList<>();
        for (ColumnInfo c : info.columns()) {
            columns.add(new Relation.Column(c.name(), null, Ty.of(c.type(), c.collation()),
                    new Node.Origin(info.name(), c.name(), c.type(), c.nullable())));
        }
        return new Relation(columns, rows);
    }

    private static Object[] inDeclaredOrder(TableInfo info, List<ColumnInfo> plain, Object[] plainValues, List<ColumnInfo> sealed,
                                            Object[] sealedValues) {
        Object[] row = new Object[info.columns().size()];
        for (int i = 0; i < plain.size(); i++) {
            row[info.columns().indexOf(plain.get(i))] = plainValues[i];
        }
        for (int i = 0; i < sealed.size(); i++) {
            row[info.columns().indexOf(sealed.get(i))] = sealedValues[i];
        }
        return row;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String quoteQualified(String name) {
        String[] parts = name.split("\\.");
        List<String> quoted = new ArrayList<>();
        for (String p : parts) {
            quoted.add(quote(TableInfo.unquote(p)));
        }
        return String.join(".", quoted);
    }
}
