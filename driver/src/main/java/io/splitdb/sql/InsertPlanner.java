package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.InsertPlan;
import io.splitdb.exec.Plan;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;

/** Plans {@code INSERT ... VALUES} into a table that needs the driver (protected columns or AUTO_INCREMENT). */
final class InsertPlanner {

    private InsertPlanner() {
    }

    static Plan plan(SplitDatabase db, Insert insert, TableInfo table, String sql) throws SQLException {
        if (!(insert.getSelect() instanceof Values values) || notEmpty(insert.getSetUpdateSets()) || notEmpty(insert.getDuplicateUpdateSets()) || insert.isModifierIgnore()
                || insert.getModifierPriority() != null || (insert.getWithItemsList() != null && !insert.getWithItemsList().isEmpty())) {
            throw Unsupported.of("this form of INSERT into " + table.name() + " (supported so far: INSERT INTO t [(columns)] VALUES ...)", sql);
        }
        List<ColumnInfo> targets = new ArrayList<>();
        if (insert.getColumns() == null || insert.getColumns().isEmpty()) {
            targets.addAll(table.columns());
        } else {
            for (Column c : insert.getColumns()) {
                ColumnInfo info = table.column(c.getColumnName());
                if (info == null) {
                    throw new SQLSyntaxErrorException("Unknown column '" + TableInfo.unquote(c.getColumnName()) + "' in 'field list'", "42S22", 1054);
                }
                if (targets.contains(info)) {
                    throw new SQLSyntaxErrorException("Column '" + info.name() + "' specified twice", "42000", 1110);
                }
                targets.add(info);
            }
        }
        List<ColumnInfo> plainTargets = targets.stream().filter(c -> !c.isProtected()).toList();
        ColumnInfo auto = table.autoIncrementColumn();
        boolean autoOmitted = auto != null && !plainTargets.contains(auto);
        if (autoOmitted) {
            plainTargets = new ArrayList<>(plainTargets);
            plainTargets.add(auto);
        }
        List<ColumnInfo> protectedColumns = table.protectedColumns();
        List<List<InsertPlan.Cell>> plainRows = new ArrayList<>();
        List<List<ValueSource>> protectedRows = new ArrayList<>();
        int rowNumber = 0;
        for (List<Expression> row : rows(values)) {
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
        int autoIndex = auto == null ? -1 : plainTargets.indexOf(auto);
        return new InsertPlan(table, "INSERT", plainTargets, plainRows, protectedRows, autoIndex);
    }

    private static boolean notEmpty(List<?> list) {
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
        try {
            ValueSource v = ValueExpressions.source(CCJSqlParserUtil.parseExpression(c.defaultSql()));
            if (v != null) {
                return v;
            }
        } catch (JSQLParserException e) {
            // fall through to the refusal below
        }
        throw Unsupported.of("the DEFAULT of protected column " + table.name() + "." + c.name() + " (only literal defaults)", sql);
    }
}
