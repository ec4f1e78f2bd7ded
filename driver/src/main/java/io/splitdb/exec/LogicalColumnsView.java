package io.splitdb.exec;

import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.types.LogicalType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code information_schema.COLUMNS} as the application's tables look, for tools that read the
 * schema from it (Connector/J's {@code DatabaseMetaData.getColumns}, mysqldump, reporting tools):
 * a backend's own view would list the shares as {@code varbinary}, the blind indexes and the
 * {@code _split_*} columns. The answer is a SELECT over the backend's {@code information_schema.COLUMNS}
 * that leaves splitdb's columns out and gives protected columns their logical type, nullability,
 * default and position: what {@code SHOW COLUMNS} shows ({@link LogicalShowPlan}).
 */
public final class LogicalColumnsView {
    private LogicalColumnsView() {
    }

    /**
     * The view's SQL.
     *
     * @param columns  the columns of the backend's {@code information_schema.COLUMNS}, in order (they differ between MySQL and MariaDB)
     * @param schemas  the names of the split database on the backends
     * @param mariaDb  whether the backends are MariaDB (integer display widths, quoted defaults)
     */
    public static String sql(Catalog catalog, List<String> columns, Set<String> schemas, boolean mariaDb) {
        List<String> hidden = new ArrayList<>();
        Map<String, List<String[]>> cases = new LinkedHashMap<>(); // I_S column -> (condition, value)
        for (TableInfo t : catalog.tables()) {
            List<String> names = new ArrayList<>(List.of(TableInfo.ROWID, TableInfo.VERSION));
            for (ColumnInfo c : t.columns()) {
                String where = "c.TABLE_NAME = " + literal(t.name()) + " AND c.COLUMN_NAME = " + literal(c.name());
                add(cases, "ORDINAL_POSITION", where, String.valueOf(c.ordinal()));
                if (!c.isProtected()) {
                    continue;
                }
                if (c.searchable()) {
                    names.add(c.indexColumn());
                }
                LogicalType type = c.type();
                boolean text = type.isText();
                boolean bytes = type.isBinary();
                add(cases, "DATA_TYPE", where, literal(type.baseName().toLowerCase(Locale.ROOT)));
                add(cases, "COLUMN_TYPE", where, literal(LogicalShowPlan.typeName(c, mariaDb)));
                add(cases, "IS_NULLABLE", where, literal(c.nullable() ? "YES" : "NO"));
                add(cases, "COLUMN_DEFAULT", where, c.defaultSql() == null ? "NULL"
                        : literal(mariaDb ? c.defaultSql().trim() : LogicalShowPlan.unquote(c.defaultSql())));
                add(cases, "CHARACTER_MAXIMUM_LENGTH", where, text || bytes ? String.valueOf(type.length()) : "NULL");
                add(cases, "CHARACTER_OCTET_LENGTH", where, text ? String.valueOf(4L * type.length()) : bytes ? String.valueOf(type.length()) : "NULL");
                add(cases, "NUMERIC_PRECISION", where, type.isNumeric() ? String.valueOf(type.precision()) : "NULL");
                add(cases, "NUMERIC_SCALE", where, type.isNumeric() ? String.valueOf(type.scale()) : "NULL");
                add(cases, "DATETIME_PRECISION", where, type.isTemporal() && type.fractionDigits() >= 0 ? String.valueOf(type.fractionDigits())
                        : type.isTemporal() && !type.baseName().equalsIgnoreCase("DATE") && !type.baseName().equalsIgnoreCase("YEAR") ? "0" : "NULL");
                add(cases, "CHARACTER_SET_NAME", where, text ? literal(type.charset() != null ? type.charset() : "utf8mb4") : "NULL");
                add(cases, "COLLATION_NAME", where, text && c.collation() != null ? literal(c.collation()) : "NULL");
                add(cases, "COLUMN_KEY", where, "''");
                add(cases, "EXTRA", where, "''");
            }
            hidden.add("(c.TABLE_NAME = " + literal(t.name()) + " AND c.COLUMN_NAME IN ("
                    + String.join(", ", names.stream().map(LogicalColumnsView::literal).toList()) + "))");
        }
        String inSchema = "c.TABLE_SCHEMA IN (" + String.join(", ", schemas.stream().map(LogicalColumnsView::literal).toList()) + ")";
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String col = columns.get(i);
            List<String[]> whens = cases.get(col.toUpperCase(Locale.ROOT));
            sql.append(i == 0 ? "" : ", ");
            if (whens == null) {
                sql.append("c.").append(col);
                continue;
            }
            sql.append("CASE");
            for (String[] w : whens) {
                sql.append(" WHEN ").append(inSchema).append(" AND ").append(w[0]).append(" THEN ").append(w[1]);
            }
            sql.append(" ELSE c.").append(col).append(" END AS ").append(col);
        }
        sql.append(" FROM information_schema.COLUMNS c");
        if (!hidden.isEmpty()) {
            sql.append(" WHERE NOT (").append(inSchema).append(" AND (").append(String.join(" OR ", hidden)).append("))");
        }
        return sql.toString();
    }

    private static void add(Map<String, List<String[]>> cases, String column, String where, String value) {
        cases.computeIfAbsent(column, k -> new ArrayList<>()).add(new String[] {where, value});
    }

    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** The column names of {@code information_schema.COLUMNS} as a backend has them. */
    public static List<String> columnsOf(java.sql.ResultSetMetaData md) throws java.sql.SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i).toUpperCase(Locale.ROOT));
        }
        return names;
    }
}
