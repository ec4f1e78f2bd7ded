package io.splitdb.jdbc;

import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.Reads;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Database metadata: a backend's answers, with the driver's own tables and the hidden and share
 * columns left out, and protected columns shown with their declared types. A dynamic proxy, so
 * the 180-odd methods that need no change are passed on as they are.
 */
final class SplitDatabaseMetaData {

    private SplitDatabaseMetaData() {
    }

    static DatabaseMetaData create(SplitConnection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(SplitDatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> invoke(connection, method, args));
    }

    private static Object invoke(SplitConnection connection, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getConnection":
                return connection;
            case "getURL":
                return connection.url();
            case "getUserName":
                return connection.user();
            case "getDriverName":
                return "splitdb";
            case "getDriverVersion":
                return SplitDriver.MAJOR + "." + SplitDriver.MINOR;
            case "getDriverMajorVersion":
                return SplitDriver.MAJOR;
            case "getDriverMinorVersion":
                return SplitDriver.MINOR;
            case "supportsTransactions":
            case "supportsSavepoints":
            case "supportsMultipleTransactions":
                return true;  // atomic across the three backends (Transaction)
            case "supportsDataDefinitionAndDataManipulationTransactions":
                return false;  // DDL commits the open transaction, as in MySQL
            case "supportsStoredProcedures":
            case "supportsStoredFunctionsUsingCallSyntax":
                return false;  // prepareCall is refused
            case "supportsMultipleResultSets":
            case "supportsMultipleOpenResults":
                return false;  // one statement, one result
            case "supportsResultSetConcurrency":
                if ((Integer) args[1] != ResultSet.CONCUR_READ_ONLY) {
                    return false;  // updatable result sets are refused
                }
                break;
            case "isReadOnly":
                return connection.isReadOnly();
            case "unwrap":
                throw new SQLException("DatabaseMetaData wraps nothing", "HY000");
            case "isWrapperFor":
                return false;
            case "toString":
                return "splitdb DatabaseMetaData";
            case "hashCode":
                return System.identityHashCode(connection);
            case "equals":
                return false;
            default:
                break;
        }
        Object result = Reads.one(connection.database(), (c, b) -> {
            try {
                Object r = method.invoke(c.getMetaData(), args);
                if (r instanceof ResultSet rs) {
                    try (rs) {
                        return filter(connection, method.getName(), read(rs));
                    }
                }
                return r;
            } catch (IllegalAccessException e) {
                throw new SQLException("cannot call DatabaseMetaData." + method.getName(), "HY000", e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException s) {
                    throw s;
                }
                throw new SQLException("DatabaseMetaData." + method.getName() + " failed: " + e.getCause(), "HY000", e.getCause());
            }
        });
        if (result instanceof RowSet rows) {
            return new SplitResultSet(new SplitStatement(connection, ResultSet.TYPE_SCROLL_INSENSITIVE), rows,
                    ResultSet.TYPE_SCROLL_INSENSITIVE);
        }
        return result;
    }

    private static RowSet read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            columns.add(new ResultColumn(md.getColumnLabel(i), md.getColumnName(i), "",
                    io.splitdb.types.LogicalType.fromMetadata(md, i), md.isNullable(i), false));
        }
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = io.splitdb.types.JdbcValues.read(rs, i + 1, columns.get(i).type());
            }
            rows.add(row);
        }
        return new RowSet(columns, rows);
    }

    /** Leaves out what belongs to the driver and shows protected columns as declared. */
    private static RowSet filter(SplitConnection connection, String method, RowSet rows) {
        int tableColumn = index(rows, "TABLE_NAME");
        int columnColumn = index(rows, "COLUMN_NAME");
        if (tableColumn < 0) {
            return rows;
        }
        Catalog catalog = connection.database().catalog();
        List<Object[]> kept = new ArrayList<>();
        for (Object[] row : rows.rows()) {
            String table = String.valueOf(row[tableColumn]);
            if (table.startsWith("_split_")) {
                continue;
            }
            TableInfo info = catalog.table(table);
            if (info != null && info.hasProtectedColumns() && columnColumn >= 0) {
                String column = String.valueOf(row[columnColumn]);
                ColumnInfo c = info.column(column);
                ColumnInfo indexed = blindIndexed(info, column);
                if (indexed != null && "getIndexInfo".equals(method)) {
                    if (indexed.indexColumn().equalsIgnoreCase(String.valueOf(row[index(rows, "INDEX_NAME")]))) {
                        continue;  // splitdb's own index on the blind index, not one the application declared
                    }
                    row = row.clone();
                    row[columnColumn] = indexed.name();  // the index on a blind index serves its column
                    kept.add(row);
                    continue;
                }
                if (c == null) {
                    continue;  // hidden row id, version or blind index
                }
                if ("getColumns".equals(method)) {
                    row = row.clone();
                    set(rows, row, "ORDINAL_POSITION", c.ordinal());
                }
                if (c.isProtected() && "getColumns".equals(method)) {
                    row = row.clone();
                    // as Connector/J's getColumns reports a declared column: ENUM and SET by name, DECIMAL_DIGITS for DECIMAL,
                    // FLOAT and DOUBLE only
                    String base = c.type().ddl().split("[ (]", 2)[0].toUpperCase(Locale.ROOT);
                    set(rows, row, "DATA_TYPE", c.type().jdbcType());
                    set(rows, row, "TYPE_NAME", base.equals("ENUM") || base.equals("SET") ? base : c.type().jdbcTypeName());
                    set(rows, row, "COLUMN_SIZE", columnSize(base, c.type().precision()));
                    set(rows, row, "DECIMAL_DIGITS", base.equals("DECIMAL") ? Integer.valueOf(c.type().scale())
                            : base.equals("FLOAT") || base.equals("DOUBLE") ? Integer.valueOf(Math.max(0, c.type().scale())) : null);
                    set(rows, row, "NULLABLE", c.nullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls);
                    set(rows, row, "IS_NULLABLE", c.nullable() ? "YES" : "NO");
                    if (c.defaultSql() != null) {
                        set(rows, row, "COLUMN_DEF", c.defaultSql());
                    } else if (!c.nullable()) {
                        set(rows, row, "COLUMN_DEF", null);  // NOT NULL without a default has none
                    }  // else the share column's own: NULL, as the server reports a nullable column without a default
                }
            }
            kept.add(row);
        }
        return new RowSet(rows.columns(), kept);
    }

    /** COLUMN_SIZE as Connector/J reads it from information_schema: TEXT and BLOB types by their maximum length in bytes. */
    private static int columnSize(String base, int precision) {
        switch (base) {
            case "TINYTEXT": case "TINYBLOB": return 255;
            case "TEXT": case "BLOB": return 65535;
            case "MEDIUMTEXT": case "MEDIUMBLOB": return 16777215;
            case "LONGTEXT": case "LONGBLOB": return Integer.MAX_VALUE;
            default: return precision;
        }
    }

    private static ColumnInfo blindIndexed(TableInfo info, String physical) {
        for (ColumnInfo c : info.protectedColumns()) {
            if (c.searchable() && c.indexColumn().equalsIgnoreCase(physical)) {
                return c;
            }
        }
        return null;
    }

    private static void set(RowSet rows, Object[] row, String column, Object value) {
        int i = index(rows, column);
        if (i >= 0) {
            row[i] = value;
        }
    }

    private static int index(RowSet rows, String label) {
        for (int i = 0; i < rows.columns().size(); i++) {
            if (rows.columns().get(i).label().toUpperCase(Locale.ROOT).equals(label)) {
                return i;
            }
        }
        return -1;
    }
}
