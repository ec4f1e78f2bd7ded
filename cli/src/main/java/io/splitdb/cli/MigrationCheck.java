package io.splitdb.cli;

import io.splitdb.policy.ColumnPolicy;
import io.splitdb.policy.SplitConfig;
import io.splitdb.types.LogicalType;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the policy does with each table and column of the source, and what stands in the way of a
 * migration: policy entries that name tables or columns the source lacks (a typo would leave a
 * sensitive column in clear), protected columns of types the driver cannot protect, and protected
 * columns in a primary key, a unique key or an AUTO_INCREMENT (the backends must compare those in clear).
 */
final class MigrationCheck {
    final List<String> problems = new ArrayList<>();
    private final SplitConfig config;
    private final List<SourceDatabase.Table> tables;

    MigrationCheck(SplitConfig config, List<SourceDatabase.Table> tables) {
        this.config = config;
        this.tables = tables;
        check();
    }

    private void check() {
        for (Map.Entry<String, Map<String, ColumnPolicy>> t : config.tables().entrySet()) {
            SourceDatabase.Table table = table(t.getKey());
            if (table == null) {
                problems.add("the policy names table " + t.getKey() + ", which the source does not have");
                continue;
            }
            for (String column : t.getValue().keySet()) {
                if (table.column(column) == null) {
                    problems.add("the policy names column " + table.name() + "." + column + ", which the source does not have");
                }
            }
        }
        for (SourceDatabase.Table table : tables) {
            for (SourceDatabase.Column c : table.columns()) {
                ColumnPolicy p = config.policy(table.name(), c.name());
                if (!p.protect().isProtected()) {
                    continue;
                }
                String where = table.name() + "." + c.name();
                String problem = protectable(table, c, p);
                if (problem != null) {
                    problems.add(where + " (" + c.columnType() + ", " + PolicyText.describe(p) + "): " + problem);
                }
            }
        }
    }

    /** Why column {@code c} cannot be protected as the policy says, or null. */
    private static String protectable(SourceDatabase.Table table, SourceDatabase.Column c, ColumnPolicy p) {
        try {
            LogicalType.parse(c.typeDdl());
        } catch (SQLException e) {
            return "the driver cannot protect this type: " + e.getMessage();
        }
        if (table.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(c.name())) || "UNI".equals(c.key()) || c.autoIncrement()) {
            return "a column in a primary key, a unique key or with AUTO_INCREMENT cannot be protected "
                    + "(the backends compare it in clear)";
        }
        if (c.generated()) {
            return "a generated column cannot be protected";
        }
        if ("MUL".equals(c.key()) && !p.searchable()) {
            return "it is indexed; an index on a protected column needs search: equality";
        }
        return null;
    }

    SourceDatabase.Table table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** The dry run's report: every table and column with what the policy does with it, row counts, and the problems. */
    void print(SourceDatabase source, List<SourceDatabase.Table> tables, PrintStream out) throws SQLException {
        out.println("source " + source.url + ": " + tables.size() + (tables.size() == 1 ? " table" : " tables"));
        long rows = 0;
        int protectedColumns = 0;
        int noKey = 0;
        for (SourceDatabase.Table t : tables) {
            long count = source.count(t);
            rows += count;
            String key = t.primaryKey().isEmpty()
                    ? "NO PRIMARY KEY (copied in one transaction; an interrupted copy starts again)"
                    : "primary key (" + String.join(", ", t.primaryKey()) + ")";
            noKey += t.primaryKey().isEmpty() ? 1 : 0;
            out.printf("table %s: %,d rows, %s%n", t.name(), count, key);
            int width = t.columns().stream().mapToInt(c -> c.name().length()).max().orElse(0);
            int typeWidth = t.columns().stream().mapToInt(c -> c.columnType().length()).max().orElse(0);
            for (SourceDatabase.Column c : t.columns()) {
                ColumnPolicy p = config.policy(t.name(), c.name());
                protectedColumns += p.protect().isProtected() ? 1 : 0;
                String note = c.generated() ? " (generated: computed by the backends)" : "";
                out.printf("  %-" + width + "s  %-" + typeWidth + "s  %s%s%n", c.name(), c.columnType(), PolicyText.describe(p), note);
            }
        }
        for (String p : problems) {
            out.println("PROBLEM: " + p);
        }
        out.printf("dry run: %d %s, %,d rows, %d protected columns, %d without primary key; %s%n", tables.size(),
                tables.size() == 1 ? "table" : "tables", rows,
                protectedColumns, noKey, problems.isEmpty() ? "no problems found" : problems.size()
                        + (problems.size() == 1 ? " problem" : " problems") + " to fix in the policy or the source");
    }
}
