package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.AlterTablePlan;
import io.splitdb.exec.Plan;
import io.splitdb.exec.SplitDatabase;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ALTER TABLE on a table splitdb manages. Plain columns change as written; a column the policy
 * protects is added as its share column (and blind index) or dropped with them; the catalog follows.
 * What would need existing protected values rewritten (a NOT NULL or DEFAULT protected column on
 * existing rows, changing the type or name of a protected column, renaming the table, whose name is
 * bound into every ciphertext) fails closed with 0A000.
 */
final class AlterTablePlanner {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_$]+");

    private AlterTablePlanner() {
    }

    static Plan plan(SplitDatabase db, Alter alter, TableInfo table, String sql) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>(table.columns());
        List<String> parts = new ArrayList<>();
        for (AlterExpression e : alter.getAlterExpressions()) {
            AlterOperation op = e.getOperation();
            if (op == AlterOperation.ADD && e.getColDataTypeList() != null && e.getIndex() == null) {
                for (AlterExpression.ColumnDataType d : e.getColDataTypeList()) {
                    add(db, table, columns, parts, d, sql);
                }
            } else if (op == AlterOperation.DROP && e.getColumnName() != null && e.getIndex() == null) {
                ColumnInfo c = table.column(e.getColumnName());
                if (c == null) {
                    throw new SQLSyntaxErrorException("Can't DROP COLUMN `" + TableInfo.unquote(e.getColumnName()) + "`; check that it exists",
                            "42000", 1091);
                }
                if (c.isProtected() && columns.stream().filter(ColumnInfo::isProtected).count() == 1) {
                    throw Unsupported.of("dropping " + table.name() + "." + c.name() + ", the table's last protected column", sql);
                }
                columns.remove(columnIn(columns, c.name()));
                parts.add("DROP COLUMN " + ReadBuilder.quote(c.name()));
                if (c.isProtected() && c.searchable()) {
                    parts.add("DROP COLUMN " + ReadBuilder.quote(c.indexColumn()));
                }
            } else if ((op == AlterOperation.MODIFY || op == AlterOperation.CHANGE || op == AlterOperation.ALTER)
                    && e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()) {
                String old = TableInfo.unquote(e.getColumnOldName() != null ? e.getColumnOldName() : e.getColDataTypeList().get(0).getColumnName());
                ColumnInfo c = table.column(old);
                if (c == null) {
                    throw new SQLSyntaxErrorException("Unknown column '" + old + "' in '" + table.name() + "'", "42S22", 1054);
                }
                if (c.isProtected() || db.config().policy(table.name(), e.getColDataTypeList().get(0).getColumnName()).protect().isProtected()) {
                    throw Unsupported.of("changing the type or name of protected column " + table.name() + "." + c.name()
                            + " (its stored values would have to be re-sealed)", sql);
                }
                AlterExpression.ColumnDataType d = e.getColDataTypeList().get(0);
                ColumnInfo changed = CreateTablePlanner.column(db, table.name(), definition(d), c.ordinal(), null,
                        table.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(c.name())));
                columns.set(columns.indexOf(columnIn(columns, c.name())), changed);
                parts.add(e.toString());
            } else if (op == AlterOperation.RENAME && e.getColumnOldName() != null) {
                ColumnInfo c = table.column(e.getColumnOldName());
                if (c == null || c.isProtected() || db.config().policy(table.name(), e.getColumnName()).protect().isProtected()) {
                    throw Unsupported.of("renaming column " + table.name() + "." + TableInfo.unquote(e.getColumnOldName())
                            + (c == null ? " (no such column)" : " (protected values are sealed under their column's name)"), sql);
                }
                ColumnInfo renamed = new ColumnInfo(TableInfo.unquote(e.getColumnName()), c.ordinal(), c.type(), c.nullable(), c.policy(),
                        c.collation(), c.autoIncrement(), c.defaultSql());
                columns.set(columns.indexOf(columnIn(columns, c.name())), renamed);
                parts.add(e.toString());
            } else {
                ColumnInfo touched = protectedWord(table, e.toString());
                if (op == AlterOperation.RENAME_TABLE || touched != null) {
                    throw Unsupported.of("ALTER TABLE ... " + e + " on " + table.name()
                            + (touched != null ? " (touches protected column " + touched.name() + ")" : " (the table's name is bound into its sealed values)"),
                            sql);
                }
                parts.add(e.toString());  // indexes and options on plain columns
            }
        }
        List<ColumnInfo> renumbered = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo c = columns.get(i);
            renumbered.add(new ColumnInfo(c.name(), i + 1, c.type(), c.nullable(), c.policy(), c.collation(), c.autoIncrement(), c.defaultSql()));
        }
        TableInfo altered = new TableInfo(table.name(), renumbered, table.primaryKey());
        List<ColumnInfo> added = new ArrayList<>();
        for (ColumnInfo c : altered.columns()) {
            if (c.isProtected() && table.column(c.name()) == null) {
                added.add(c);
            }
        }
        return new AlterTablePlan(altered, "ALTER TABLE " + ReadBuilder.quote(table.name()) + " " + String.join(", ", parts), added);
    }

    private static void add(SplitDatabase db, TableInfo table, List<ColumnInfo> columns, List<String> parts,
                            AlterExpression.ColumnDataType d, String sql) throws SQLException {
        String name = TableInfo.unquote(d.getColumnName());
        if (table.column(name) != null || columnIn(columns, name) != null) {
            throw new SQLSyntaxErrorException("Duplicate column name '" + name + "'", "42S21", 1060);
        }
        ColumnInfo c = CreateTablePlanner.column(db, table.name(), definition(d), columns.size() + 1, null, false);
        String position = position(d.getColumnSpecs());
        int at = columns.size();
        if (position.toUpperCase(Locale.ROOT).startsWith("FIRST")) {
            at = 0;
        } else if (!position.isEmpty()) {
            ColumnInfo after = columnIn(columns, TableInfo.unquote(position.trim().split("\\s+")[1]));
            if (after == null) {
                throw new SQLSyntaxErrorException("Unknown column '" + position.trim().split("\\s+")[1] + "' in '" + table.name() + "'", "42S22", 1054);
            }
            at = columns.indexOf(after) + 1;
        }
        columns.add(at, c);
        if (!c.isProtected()) {
            parts.add("ADD COLUMN " + d);
            return;
        }
        String where = table.name() + "." + c.name();
        if (!table.hasProtectedColumns()) {
            throw Unsupported.of("adding protected column " + where + " to a table created without protected columns (it has no hidden "
                    + "row ids to seal values under: create the table again with the column in the policy)", sql);
        }
        if (!c.nullable() || c.defaultSql() != null || c.autoIncrement()) {
            throw Unsupported.of("adding protected column " + where + " with NOT NULL, DEFAULT or AUTO_INCREMENT (existing rows would need "
                    + "sealed values: add it NULL, then fill it with UPDATE)", sql);
        }
        parts.add("ADD COLUMN " + ReadBuilder.quote(c.name()) + " " + CreateTablePlanner.storageType(c.type()) + " NULL"
                + (position.isEmpty() ? "" : " " + position));
        if (c.searchable()) {
            parts.add("ADD COLUMN " + ReadBuilder.quote(c.indexColumn()) + " BIGINT NULL AFTER " + ReadBuilder.quote(c.name()));
            parts.add("ADD KEY " + ReadBuilder.quote(c.indexColumn()) + " (" + ReadBuilder.quote(c.indexColumn()) + ")");
        }
    }

    private static ColumnDefinition definition(AlterExpression.ColumnDataType d) {
        List<String> specs = new ArrayList<>();
        if (d.getColumnSpecs() != null) {
            for (int i = 0; i < d.getColumnSpecs().size(); i++) {
                String w = d.getColumnSpecs().get(i);
                if (w.equalsIgnoreCase("FIRST")) {
                    continue;
                }
                if (w.equalsIgnoreCase("AFTER")) {
                    i++;
                    continue;
                }
                specs.add(w);
            }
        }
        return new ColumnDefinition(d.getColumnName(), d.getColDataType(), specs);
    }

    /** "FIRST", "AFTER col" or "" from a column's specs. */
    private static String position(List<String> specs) {
        if (specs == null) {
            return "";
        }
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).equalsIgnoreCase("FIRST")) {
                return "FIRST";
            }
            if (specs.get(i).equalsIgnoreCase("AFTER") && i + 1 < specs.size()) {
                return "AFTER " + specs.get(i + 1);
            }
        }
        return "";
    }

    private static ColumnInfo columnIn(List<ColumnInfo> columns, String name) {
        String n = TableInfo.unquote(name);
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(n)).findFirst().orElse(null);
    }

    private static ColumnInfo protectedWord(TableInfo table, String text) {
        java.util.regex.Matcher m = WORD.matcher(text.replace("`", ""));
        while (m.find()) {
            ColumnInfo c = table.column(m.group());
            if (c != null && c.isProtected()) {
                return c;
            }
        }
        return null;
    }
}
