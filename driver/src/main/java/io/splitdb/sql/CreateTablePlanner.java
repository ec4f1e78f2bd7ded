package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.CreateTablePlan;
import io.splitdb.exec.Plan;
import io.splitdb.exec.Reads;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.policy.ColumnPolicy;
import io.splitdb.policy.Protection;
import io.splitdb.types.LogicalType;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.Index;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans CREATE TABLE: reads the policy for each column, and writes the physical DDL every
 * backend gets: plain columns as declared, a VARBINARY/BLOB share column (and a BIGINT blind
 * index) for each protected one, the hidden row id and version.
 */
final class CreateTablePlanner {
    /** Sealed value overhead: format byte, key version, GCM nonce and tag. */
    private static final int SEAL_OVERHEAD = 1 + 4 + 12 + 16;

    private CreateTablePlanner() {
    }

    static Plan plan(SplitDatabase db, CreateTable create, String sql) throws SQLException {
        String name = TableInfo.unquote(create.getTable().getName());
        Map<String, ColumnPolicy> policies = db.config().tables().getOrDefault(name.toLowerCase(Locale.ROOT), Map.of());
        if (create.getColumnDefinitions() == null || create.getColumnDefinitions().isEmpty()) {
            throw Unsupported.of("CREATE TABLE ... LIKE / AS SELECT through splitdb (declare the columns)", sql);
        }
        Set<String> declared = new LinkedHashSet<>();
        for (ColumnDefinition d : create.getColumnDefinitions()) {
            declared.add(TableInfo.unquote(d.getColumnName()).toLowerCase(Locale.ROOT));
        }
        for (String policyColumn : policies.keySet()) {
            if (!declared.contains(policyColumn)) {
                // a typo in the policy must not leave a column in clear
                throw new SQLSyntaxErrorException("the splitdb policy protects " + name + "." + policyColumn
                        + ", but CREATE TABLE " + name + " declares no such column", "42S22");
            }
        }
        Set<String> primaryKey = new LinkedHashSet<>();
        for (Index index : indexes(create)) {
            if ("PRIMARY KEY".equalsIgnoreCase(index.getType())) {
                index.getColumnsNames().forEach(c -> primaryKey.add(TableInfo.unquote(c)));
            }
        }
        String tableCollation = tableCollation(create.getTableOptionsStrings());
        List<ColumnInfo> columns = new ArrayList<>();
        int ordinal = 0;
        for (ColumnDefinition d : create.getColumnDefinitions()) {
            String column = TableInfo.unquote(d.getColumnName());
            if (Specs.parse(d.getColumnSpecs()).primaryKey) {
                primaryKey.add(column);
            }
            columns.add(column(db, name, d, ++ordinal, tableCollation, primaryKey.contains(column)));
        }
        TableInfo table = new TableInfo(name, columns, new ArrayList<>(primaryKey));
        if (!table.hasProtectedColumns()) {
            return new CreateTablePlan(table, sql, create.isIfNotExists());
        }
        return new CreateTablePlan(table, physicalDdl(create, table, primaryKey, sql), create.isIfNotExists());
    }

    /** The logical column a definition declares, with its policy (and, if encrypted, its holder). */
    static ColumnInfo column(SplitDatabase db, String table, ColumnDefinition d, int ordinal, String tableCollation, boolean primaryKey)
            throws SQLException {
        String column = TableInfo.unquote(d.getColumnName());
        ColumnPolicy policy = db.config().policy(table, column);
        Specs specs = Specs.parse(d.getColumnSpecs());
        if (policy.protect() == Protection.ENCRYPTED && policy.holder() < 0) {
            int holder = Math.floorMod((table.toLowerCase(Locale.ROOT) + "." + column.toLowerCase(Locale.ROOT)).hashCode(), 3);
            policy = new ColumnPolicy(policy.protect(), policy.search(), policy.bits(), holder);
        }
        LogicalType type = LogicalType.fromColumnDefinition(d);
        String collation = null;
        if (type.isText()) {
            String charset = specs.charset != null ? specs.charset : d.getColDataType().getCharacterSet();
            collation = collation(db, specs.collation, charset, tableCollation);
        }
        return new ColumnInfo(column, ordinal, type, !specs.notNull && !primaryKey, policy, collation, specs.autoIncrement, specs.defaultSql);
    }

    private static String physicalDdl(CreateTable create, TableInfo table, Set<String> primaryKey, String sql) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (ColumnDefinition d : create.getColumnDefinitions()) {
            ColumnInfo c = table.column(d.getColumnName());
            if (!c.isProtected()) {
                parts.add(d.toString());
                continue;
            }
            Specs specs = Specs.parse(d.getColumnSpecs());
            String where = table.name() + "." + c.name();
            if (specs.autoIncrement || specs.primaryKey || specs.unique || primaryKey.contains(c.name())) {
                throw Unsupported.of("AUTO_INCREMENT, PRIMARY KEY or UNIQUE on protected column " + where, sql);
            }
            if (specs.defaultSql != null && ValueExpressions.source(parseOrNull(specs.defaultSql)) == null) {
                throw Unsupported.of("the non-literal DEFAULT of protected column " + where, sql);
            }
            parts.add(ReadBuilder.quote(c.name()) + " " + storageType(c.type()) + " NULL");
            if (c.searchable()) {
                parts.add(ReadBuilder.quote(c.indexColumn()) + " BIGINT NULL");
            }
        }
        parts.add(TableInfo.ROWID + " BIGINT NOT NULL");
        parts.add(TableInfo.VERSION + " BIGINT NOT NULL DEFAULT 1");
        for (Index index : indexes(create)) {
            List<ColumnInfo> touched = new ArrayList<>();
            for (String col : index.getColumnsNames()) {
                ColumnInfo c = table.column(col);
                if (c != null && c.isProtected()) {
                    touched.add(c);
                }
            }
            if (touched.isEmpty()) {
                parts.add(index.toString());
                continue;
            }
            String type = index.getType() == null ? "" : index.getType().toUpperCase(Locale.ROOT);
            boolean plainIndex = type.equals("INDEX") || type.equals("KEY");
            // plain columns may share the index, as with CREATE INDEX (IndexPlanner)
            if (!plainIndex || !touched.stream().allMatch(ColumnInfo::searchable)) {
                throw Unsupported.of(type + " on protected column " + table.name() + "." + touched.get(0).name()
                        + " (only INDEX on columns with search: equality)", sql);
            }
            // the blind index column carries an index of its own (named after it) for searches; the
            // declared one is kept too, on the blind index, so the logical schema shows it as written
            List<String> mapped = new ArrayList<>();
            for (String col : index.getColumnsNames()) {
                ColumnInfo c = table.column(col);
                mapped.add(ReadBuilder.quote(c != null && c.isProtected() ? c.indexColumn() : TableInfo.unquote(col)));
            }
            parts.add("KEY " + (index.getName() == null ? "" : ReadBuilder.quote(TableInfo.unquote(index.getName())) + " ")
                    + "(" + String.join(", ", mapped) + ")");
        }
        if (primaryKey.isEmpty()) {
            parts.add("PRIMARY KEY (" + TableInfo.ROWID + ")");
        } else {
            parts.add("UNIQUE KEY " + TableInfo.ROWID + " (" + TableInfo.ROWID + ")");
        }
        for (ColumnInfo c : table.protectedColumns()) {
            if (c.searchable()) {
                parts.add("KEY " + ReadBuilder.quote(c.indexColumn()) + " (" + ReadBuilder.quote(c.indexColumn()) + ")");
            }
        }
        StringBuilder ddl = new StringBuilder("CREATE TABLE ");
        if (create.isIfNotExists()) {
            ddl.append("IF NOT EXISTS ");
        }
        ddl.append(ReadBuilder.quote(table.name())).append(" (\n  ").append(String.join(",\n  ", parts)).append("\n)");
        if (create.getTableOptionsStrings() != null && !create.getTableOptionsStrings().isEmpty()) {
            ddl.append(' ').append(String.join(" ", create.getTableOptionsStrings()));
        }
        return ddl.toString();
    }

    /** VARBINARY sized for the sealed, padded value where it is small; a BLOB type otherwise. */
    static String storageType(LogicalType type) {
        int max = type.maxEncodedBytes();
        if (max < 0) {
            return "LONGBLOB";
        }
        long sealed = SEAL_OVERHEAD + ((long) max / 16 + 1) * 16;
        if (sealed <= 2048) {
            return "VARBINARY(" + sealed + ")";
        }
        if (sealed <= 65535) {
            return "BLOB";
        }
        if (sealed <= 16_777_215) {
            return "MEDIUMBLOB";
        }
        return "LONGBLOB";
    }

    private static List<Index> indexes(CreateTable create) {
        return create.getIndexes() == null ? List.of() : create.getIndexes();
    }

    private static net.sf.jsqlparser.expression.Expression parseOrNull(String sql) {
        try {
            return net.sf.jsqlparser.parser.CCJSqlParserUtil.parseExpression(sql);
        } catch (Exception e) {
            return null;
        }
    }

    private static String tableCollation(List<String> options) {
        if (options == null) {
            return null;
        }
        String charset = null;
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i).toUpperCase(Locale.ROOT);
            String value = value(options, i);
            if (o.startsWith("COLLATE") && value != null) {
                return value;
            }
            if ((o.startsWith("CHARSET") || o.equals("CHARACTER")) && value != null) {
                charset = "charset:" + value;
            }
        }
        return charset;
    }

    /** The value of table option {@code i}: "COLLATE=x", "COLLATE = x", "COLLATE x", "CHARACTER SET x". */
    private static String value(List<String> options, int i) {
        String o = options.get(i);
        int eq = o.indexOf('=');
        if (eq >= 0 && eq < o.length() - 1) {
            return o.substring(eq + 1).trim();
        }
        int j = i + 1;
        while (j < options.size() && (options.get(j).equals("=") || options.get(j).equalsIgnoreCase("SET"))) {
            j++;
        }
        return j < options.size() ? options.get(j).replace("=", "").trim() : null;
    }

    /** The collation a text column compares with: its own, its charset's default, the table's, or the database's. */
    private static String collation(SplitDatabase db, String columnCollation, String columnCharset, String tableCollation) throws SQLException {
        if (columnCollation != null) {
            return columnCollation;
        }
        String charset = columnCharset;
        if (charset == null && tableCollation != null) {
            if (!tableCollation.startsWith("charset:")) {
                return tableCollation;
            }
            charset = tableCollation.substring("charset:".length());
        }
        String wanted = charset;
        return Reads.one(db, (c, b) -> {
            if (wanted != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DEFAULT_COLLATE_NAME FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = ?")) {
                    ps.setString(1, wanted);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return rs.getString(1);
                        }
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@collation_database")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** What a column definition's trailing words say. */
    private static final class Specs {
        boolean notNull;
        boolean autoIncrement;
        boolean primaryKey;
        boolean unique;
        String defaultSql;
        String collation;
        String charset;

        static Specs parse(List<String> words) {
            Specs s = new Specs();
            if (words == null) {
                return s;
            }
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i).toUpperCase(Locale.ROOT);
                String next = i + 1 < words.size() ? words.get(i + 1) : null;
                switch (w) {
                    case "NOT" -> {
                        if (next != null && next.equalsIgnoreCase("NULL")) {
                            s.notNull = true;
                            i++;
                        }
                    }
                    case "AUTO_INCREMENT" -> s.autoIncrement = true;
                    case "PRIMARY" -> s.primaryKey = true;
                    case "UNIQUE" -> s.unique = true;
                    case "DEFAULT" -> {
                        if (next != null) {
                            s.defaultSql = next.equalsIgnoreCase("NULL") ? null : next;
                            i++;
                        }
                    }
                    case "COLLATE" -> {
                        if (next != null) {
                            s.collation = next;
                            i++;
                        }
                    }
                    case "CHARSET" -> {
                        if (next != null) {
                            s.charset = next;
                            i++;
                        }
                    }
                    case "CHARACTER" -> {
                        if (i + 2 < words.size()) {
                            s.charset = words.get(i + 2);
                            i += 2;
                        }
                    }
                    default -> {
                        // COMMENT, CHECK and the like do not concern the driver
                    }
                }
            }
            return s;
        }
    }
}
