package io.splitdb.engine;

import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.ReadOnePlan;
import io.splitdb.exec.RowSet;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.Fragment;

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
    private final java.util.function.Predicate<String> needed;
    /** Scans with pushed-down conditions, by the FROM item (identity) they serve. */
    private final Map<net.sf.jsqlparser.schema.Table, TableScan> scans;
    final Map<Object, Object> onceResults = new IdentityHashMap<>();
    /** The statement's WITH queries by lower-case name. */
    final Map<String, net.sf.jsqlparser.statement.select.WithItem<?>> ctes = new HashMap<>();
    private LocalDateTime now;

    Execution(SplitDatabase db, Object[] args, String sql, Map<net.sf.jsqlparser.schema.Table, TableScan> scans) {
        this(db, args, sql, scans, c -> true);
    }

    /** @param needed the columns the statement may read, by name; others are not fetched */
    Execution(SplitDatabase db, Object[] args, String sql, Map<net.sf.jsqlparser.schema.Table, TableScan> scans,
              java.util.function.Predicate<String> needed) {
        this.needed = needed;
        this.db = db;
        this.args = args;
        this.sql = sql;
        this.scans = scans;
        this.maxRows = db.config().options().maxBufferedRows();
    }

    private static final Map<SplitDatabase, Boolean> MARIADB = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * True if the backends are MariaDB, whose answers differ from MySQL's in a few corners the
     * driver reproduces (the application was written against its server). Asked once per database.
     */
    boolean mariaDb() throws SQLException {
        Boolean known = MARIADB.get(db);
        if (known == null) {
            RowSet rs = new ReadOnePlan(BackendQuery.of("SELECT VERSION()")).execute(db, new Object[0]).rows();
            known = String.valueOf(rs.rows().get(0)[0]).toLowerCase(java.util.Locale.ROOT).contains("mariadb");
            MARIADB.put(db, known);
        }
        return known;
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

    /** The scan a FROM item reads through: the planner's narrowed one, else the whole table. */
    TableScan scanFor(net.sf.jsqlparser.schema.Table node, String name) {
        TableScan scan = scans.get(node);
        return scan != null ? scan : TableScan.full(db, name, needed);
    }

    /** Rows of a FROM item read through {@code scan} (not cached: it depends on the rows joined so far). */
    List<Object[]> rows(TableScan scan) throws SQLException {
        return scan.fetch(this).rows();
    }

    /**
     * The rows of a table as one FROM item reads them, protected values decrypted, columns in
     * declared order: through the scan the planner prepared for that item (conditions pushed to the
     * backends), else the whole table, fetched once per execution.
     */
    Relation table(net.sf.jsqlparser.schema.Table node, String name, String qualifier) throws SQLException {
        TableScan scan = scans.get(node);
        Relation rows;
        if (scan != null) {
            rows = (Relation) onceResults.get(node);
            if (rows == null) {
                rows = scan.fetch(this);
                onceResults.put(node, rows);
            }
        } else {
            String key = name.toLowerCase(java.util.Locale.ROOT);
            rows = tables.get(key);
            if (rows == null) {
                rows = TableScan.full(db, name, needed).fetch(this);
                tables.put(key, rows);
            }
        }
        List<Relation.Column> named = new ArrayList<>(rows.columns().size());
        for (Relation.Column c : rows.columns()) {
            named.add(new Relation.Column(c.label(), qualifier, c.ty(), c.origin()));
        }
        return new Relation(named, rows.rows());
    }
}
