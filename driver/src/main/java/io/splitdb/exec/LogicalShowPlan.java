package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DESCRIBE t}, {@code SHOW [FULL] COLUMNS FROM t}, {@code SHOW INDEX FROM t} and
 * {@code SHOW CREATE TABLE t} of a table with protected columns, as the application declared it:
 * a backend answers, then splitdb's hidden columns are left out, each protected column shows its
 * declared type, nullability and default instead of its share column's, and an index on a blind
 * index is shown on its column.
 */
public final class LogicalShowPlan implements Plan {
    /** Which listing. */
    public enum Kind { COLUMNS, INDEXES, CREATE }

    private static final Pattern QUOTED = Pattern.compile("`((?:[^`]|``)+)`");
    private final BackendQuery query;
    private final TableInfo table;
    private final Kind kind;

    public LogicalShowPlan(BackendQuery query, TableInfo table, Kind kind) {
        this.query = query;
        this.table = table;
        this.kind = kind;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        RowSet physical = new ReadOnePlan(query).execute(db, args).rows();
        // MariaDB prints integer display widths (int(11)), MySQL 8 does not; the answer follows the backends
        boolean mariaDb = Reads.one(db, (c, b) -> c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb"));
        if (kind == Kind.INDEXES) {
            return ExecResult.query(indexes(physical));
        }
        if (kind == Kind.CREATE) {
            return ExecResult.query(create(physical, mariaDb));
        }
        // DESCRIBE t col lists one column: the keys of blind indexes come from the whole table's listing
        RowSet index = new ReadOnePlan(BackendQuery.of("SHOW INDEX FROM `" + table.name().replace("`", "``") + "`"))
                .execute(db, new Object[0]).rows();
        return ExecResult.query(columns(physical, index, mariaDb));
    }

    private RowSet columns(RowSet physical, RowSet index, boolean mariaDb) {
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
                set(physical, row, "Type", typeName(c, mariaDb));
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

    /** SHOW CREATE TABLE: the physical definition with hidden columns and their keys left out, protected columns as declared. */
    private RowSet create(RowSet physical, boolean mariaDb) {
        int ddlColumn = position(physical, "Create Table");
        List<Object[]> rows = new ArrayList<>();
        for (Object[] r : physical.rows()) {
            Object[] row = r.clone();
            if (ddlColumn >= 0 && r[ddlColumn] != null) {
                row[ddlColumn] = logicalDdl(String.valueOf(r[ddlColumn]), mariaDb);
            }
            rows.add(row);
        }
        return new RowSet(physical.columns(), rows);
    }

    private String logicalDdl(String ddl, boolean mariaDb) {
        String[] lines = ddl.split("\n");
        if (lines.length < 2) {
            return ddl;
        }
        String options = lines[lines.length - 1];
        Matcher charset = Pattern.compile("CHARSET=(\\w+)").matcher(options);
        Matcher collate = Pattern.compile("COLLATE=(\\w+)").matcher(options);
        String tableCharset = charset.find() ? charset.group(1) : null;
        String tableCollation = collate.find() ? collate.group(1) : null;
        List<String> body = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i].endsWith(",") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            Matcher column = Pattern.compile("^\\s*`((?:[^`]|``)+)`\\s").matcher(line);
            if (column.find()) {
                String name = column.group(1).replace("``", "`");
                if (hidden(name)) {
                    continue;
                }
                ColumnInfo c = table.column(name);
                body.add(c != null && c.isProtected() ? "  " + quote(c.name()) + " " + declared(c, tableCharset, tableCollation, mariaDb) : line);
                continue;
            }
            String key = key(line);
            if (key != null) {
                body.add(key);
            }
        }
        return lines[0] + "\n" + String.join(",\n", body) + "\n" + options;
    }

    /** A key line of SHOW CREATE TABLE as the application declared it, or null for splitdb's own. */
    private String key(String line) {
        Matcher m = QUOTED.matcher(line);
        boolean named = line.trim().matches("(?is)(UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?KEY\\s+`.*");
        StringBuilder out = new StringBuilder();
        boolean first = true;
        while (m.find()) {
            String name = m.group(1).replace("``", "`");
            if (first && named) {
                if (automatic(name)) {
                    return null;
                }
                first = false;
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            first = false;
            if (name.equals(TableInfo.ROWID) || name.equals(TableInfo.VERSION)) {
                return null;
            }
            String logical = name;
            for (ColumnInfo c : table.protectedColumns()) {
                if (c.searchable() && c.indexColumn().equalsIgnoreCase(name)) {
                    logical = c.name();
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(quote(logical)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A protected column's definition as MySQL prints a declared one. */
    private static String declared(ColumnInfo c, String tableCharset, String tableCollation, boolean mariaDb) {
        StringBuilder d = new StringBuilder(typeName(c, mariaDb));
        if (c.type().isText() && c.collation() != null && !c.collation().equalsIgnoreCase(tableCollation)) {
            String cs = c.type().charset() != null ? c.type().charset() : tableCharset;
            d.append(" CHARACTER SET ").append(cs).append(" COLLATE ").append(c.collation());
        }
        if (!c.nullable()) {
            d.append(" NOT NULL");
        }
        if (c.defaultSql() != null) {
            d.append(" DEFAULT ").append(c.defaultSql());
        } else if (c.nullable()) {
            d.append(" DEFAULT NULL");
        }
        return d.toString();
    }

    /** The declared type as MySQL prints it: lower case outside quotes ({@code enum('A','b')}, {@code decimal(10,2) unsigned}). */
    /** The column's logical type as DESCRIBE shows it (MariaDB with integer display widths). */
    public static String typeName(ColumnInfo c, boolean mariaDb) {
        // character set and collation are not part of the type as DESCRIBE shows it
        String ddl = c.type().ddl().replaceAll("(?i)\\s+(CHARACTER\\s+SET|CHARSET|COLLATE)\\s+\\w+", "");
        if (mariaDb) {
            ddl = withDisplayWidth(ddl);
        }
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < ddl.length(); i++) {
            char ch = ddl.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            }
            out.append(quoted ? ch : Character.toLowerCase(ch));
        }
        return out.toString();
    }

    /** MariaDB's default display width of an integer type written without one: INT is int(11), INT UNSIGNED int(10). */
    private static String withDisplayWidth(String ddl) {
        Matcher m = Pattern.compile("(?i)^(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT|YEAR)(\\s+UNSIGNED)?(\\s.*)?$").matcher(ddl);
        if (!m.matches()) {
            return ddl;
        }
        String base = m.group(1).toUpperCase(Locale.ROOT);
        boolean unsigned = m.group(2) != null;
        int width = switch (base) {
            case "TINYINT" -> unsigned ? 3 : 4;
            case "SMALLINT" -> unsigned ? 5 : 6;
            case "MEDIUMINT" -> unsigned ? 8 : 9;
            case "BIGINT" -> 20;
            case "YEAR" -> 4;
            default -> unsigned ? 10 : 11;
        };
        return m.group(1) + "(" + width + ")" + (unsigned ? m.group(2) : "") + (m.group(3) != null ? m.group(3) : "");
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
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

    /** A DEFAULT written as a quoted string, without its quotes (as MySQL 8 and SHOW COLUMNS show it). */
    static String unquote(String sql) {
        String t = sql.trim();
        return t.length() >= 2 && t.startsWith("'") && t.endsWith("'") ? t.substring(1, t.length() - 1).replace("''", "'") : t;
    }

    @Override
    public boolean isQuery() {
        return true;
    }
}
