package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.InsertPlan;
import io.splitdb.exec.InsertSelectPlan;
import io.splitdb.exec.Plan;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.statement.upsert.UpsertType;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans {@code INSERT} and {@code REPLACE} into a table that needs the driver (protected columns or
 * AUTO_INCREMENT), in the {@code VALUES}, {@code SET} and {@code SELECT} forms, with
 * {@code ON DUPLICATE KEY UPDATE} ({@link DuplicateKeyPlanner}).
 */
final class InsertPlanner {

    private InsertPlanner() {
    }

    /** What an INSERT or REPLACE says, whichever form it is written in: VALUES rows, or a SELECT. */
    private record Shape(String verb, List<Column> columns, List<List<Expression>> rows, Select select, List<UpdateSet> duplicates) {
    }

    static Plan insert(SplitDatabase db, Insert insert, TableInfo table, String sql, int argCount) throws SQLException {
        if (insert.isModifierIgnore() || insert.getModifierPriority() != null || notEmpty(insert.getWithItemsList())
                || insert.getReturningClause() != null || insert.getOutputClause() != null) {
            throw Unsupported.of("this form of INSERT into " + table.name() + " (IGNORE, priorities, WITH and RETURNING are not supported)", sql);
        }
        List<Column> columns = insert.getColumns() == null ? List.of() : new ArrayList<>(insert.getColumns());
        List<List<Expression>> rows = null;
        Select select = null;
        if (notEmpty(insert.getSetUpdateSets())) {
            columns = new ArrayList<>();
            rows = List.of(setRow(insert.getSetUpdateSets(), columns));
        } else if (insert.getSelect() instanceof Values values) {
            rows = rows(values);
        } else {
            select = insert.getSelect();
        }
        return plan(db, table, new Shape("INSERT", columns, rows, select, insert.getDuplicateUpdateSets()), sql, argCount);
    }

    static Plan replace(SplitDatabase db, Upsert upsert, TableInfo table, String sql, int argCount) throws SQLException {
        UpsertType type = upsert.getUpsertType();
        if ((type != UpsertType.REPLACE && type != UpsertType.REPLACE_SET) || notEmpty(upsert.getDuplicateUpdateSets())) {
            throw Unsupported.of("this form of " + type + " into " + table.name() + " (supported: REPLACE INTO t ... VALUES/SET/SELECT)", sql);
        }
        List<Column> columns = upsert.getColumns() == null ? List.of() : new ArrayList<>(upsert.getColumns());
        List<List<Expression>> rows = null;
        Select select = null;
        if (notEmpty(upsert.getUpdateSets())) {
            columns = new ArrayList<>();
            rows = List.of(setRow(upsert.getUpdateSets(), columns));
        } else if (upsert.getSelect() instanceof Values values) {
            rows = rows(values);
        } else if (upsert.getSelect() != null) {
            select = upsert.getSelect();
        } else {
            throw Unsupported.of("this form of REPLACE into " + table.name(), sql);
        }
        return plan(db, table, new Shape("REPLACE", columns, rows, select, null), sql, argCount);
    }

    private static Plan plan(SplitDatabase db, TableInfo table, Shape shape, String sql, int argCount) throws SQLException {
        List<ColumnInfo> targets = targets(table, shape.columns());
        List<ColumnInfo> plainTargets = new ArrayList<>(targets.stream().filter(c -> !c.isProtected()).toList());
        ColumnInfo auto = table.autoIncrementColumn();
        boolean autoOmitted = auto != null && !plainTargets.contains(auto);
        if (autoOmitted) {
            plainTargets.add(auto);
        }
        int autoIndex = auto == null ? -1 : plainTargets.indexOf(auto);
        List<ColumnInfo> protectedColumns = table.protectedColumns();
        if (shape.select() != null) {
            Plan source = Planner.query(db, shape.select(), sql);
            List<ValueSource> defaults = new ArrayList<>();
            for (ColumnInfo c : protectedColumns) {
                defaults.add(targets.contains(c) ? null : defaultOf(table, c, sql));
            }
            var onDuplicate = notEmpty(shape.duplicates())
                    ? DuplicateKeyPlanner.plan(db, table, plainTargets, List.of(), shape.duplicates(), sql, argCount) : null;
            return new InsertSelectPlan(source, table, shape.verb(), targets, plainTargets, defaults, onDuplicate, sql);
        }
        List<List<InsertPlan.Cell>> plainRows = new ArrayList<>();
        List<List<ValueSource>> protectedRows = new ArrayList<>();
        int rowNumber = 0;
        for (List<Expression> row : shape.rows()) {
            rowNumber++;
            if (row.size() != targets.size()) {
                throw new SQLException("Column count doesn't match value count at row " + rowNumber, "21S01", 1136);
            }
            List<InsertPlan.Cell> cells = new ArrayList<>();
            ValueSource[] protectedValues = new ValueSource[protectedColumns.size()];
            for (int i = 0; i < targets.size(); i++) {
                ColumnInfo c = targets.get(i);
                Expression e = row.get(i);
                if (c.isProtected()) {
                    ValueSource v = ValueExpressions.isDefault(e) ? defaultOf(table, c, sql) : ValueExpressions.source(e);
                    if (v == null) {
                        throw Unsupported.of("the expression '" + e + "' as a value for protected column " + table.name() + "." + c.name()
                                + " (use a literal or a parameter)", sql);
                    }
                    protectedValues[protectedColumns.indexOf(c)] = v;
                } else {
                    ColumnInfo inside = Conditions.protectedIn(db, table, e);
                    if (inside != null) {
                        throw Unsupported.of("reading protected column " + inside.name() + " inside INSERT values", sql);
                    }
                    List<ValueSource> sources = new ArrayList<>();
                    String text = ValueExpressions.isDefault(e) ? "DEFAULT" : BackendSqlWriter.write(e, sources);
                    cells.add(new InsertPlan.Cell(text, sources));
                }
            }
            if (autoOmitted) {
                cells.add(new InsertPlan.Cell("NULL", List.of()));
            }
            for (int i = 0; i < protectedValues.length; i++) {
                if (protectedValues[i] == null) {
                    protectedValues[i] = defaultOf(table, protectedColumns.get(i), sql);
                }
            }
            plainRows.add(cells);
            protectedRows.add(List.of(protectedValues));
        }
        var onDuplicate = notEmpty(shape.duplicates())
                ? DuplicateKeyPlanner.plan(db, table, plainTargets, plainRows, shape.duplicates(), sql, argCount) : null;
        return new InsertPlan(table, shape.verb(), plainTargets, plainRows, protectedRows, autoIndex, onDuplicate);
    }

    /** The columns written, in order: those named, or every column of the table. */
    private static List<ColumnInfo> targets(TableInfo table, List<Column> columns) throws SQLException {
        List<ColumnInfo> targets = new ArrayList<>();
        if (columns.isEmpty()) {
            targets.addAll(table.columns());
            return targets;
        }
        for (Column c : columns) {
            ColumnInfo info = column(table, c);
            if (targets.contains(info)) {
                throw new SQLSyntaxErrorException("Column '" + info.name() + "' specified twice", "42000", 1110);
            }
            targets.add(info);
        }
        return targets;
    }

    static ColumnInfo column(TableInfo table, Column c) throws SQLException {
        ColumnInfo info = table.column(c.getColumnName());
        if (info == null) {
            throw new SQLSyntaxErrorException("Unknown column '" + TableInfo.unquote(c.getColumnName()) + "' in 'field list'", "42S22", 1054);
        }
        return info;
    }

    /** {@code SET a = 1, b = ?} as one VALUES row; the columns go to {@code columns}. */
    private static List<Expression> setRow(List<UpdateSet> sets, List<Column> columns) {
        List<Expression> row = new ArrayList<>();
        for (UpdateSet set : sets) {
            for (int i = 0; i < set.getColumns().size(); i++) {
                columns.add(set.getColumns().get(i));
                row.add(set.getValue(i));
            }
        }
        return row;
    }

    static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    /** The rows of a VALUES clause: a list of parenthesised lists, or one flat list for a single row. */
    static List<List<Expression>> rows(Values values) {
        ExpressionList<?> list = values.getExpressions();
        List<List<Expression>> rows = new ArrayList<>();
        boolean nested = !list.isEmpty() && list.stream().allMatch(e -> e instanceof ExpressionList<?>);
        if (nested) {
            for (Object row : list) {
                List<Expression> r = new ArrayList<>();
                ((ExpressionList<?>) row).forEach(e -> r.add((Expression) e));
                rows.add(r);
            }
        } else {
            List<Expression> r = new ArrayList<>();
            list.forEach(e -> r.add((Expression) e));
            rows.add(r);
        }
        return rows;
    }

    /** The DEFAULT of a protected column: a literal from its definition, or NULL. */
    static ValueSource defaultOf(TableInfo table, ColumnInfo c, String sql) throws SQLException {
        if (c.defaultSql() == null) {
            if (!c.nullable()) {
                return args -> {
                    throw new SQLException("Field '" + c.name() + "' doesn't have a default value", "HY000", 1364);
                };
            }
            return ValueSource.constant(null);
        }
        ValueSource v = literalDefault(c);
        if (v != null) {
            return v;
        }
        throw Unsupported.of("the DEFAULT of protected column " + table.name() + "." + c.name() + " (only literal defaults)", sql);
    }

    /** A column's DEFAULT as a value if it is a literal (NULL if it has none); null if it is an expression. */
    static ValueSource literalDefault(ColumnInfo c) {
        if (c.defaultSql() == null) {
            return ValueSource.constant(null);
        }
        try {
            return ValueExpressions.source(CCJSqlParserUtil.parseExpression(c.defaultSql()));
        } catch (JSQLParserException e) {
            return null;
        }
    }
}
