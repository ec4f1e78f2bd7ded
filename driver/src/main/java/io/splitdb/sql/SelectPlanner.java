package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.Plan;
import io.splitdb.exec.RowOrder;
import io.splitdb.exec.SelectPlan;
import io.splitdb.exec.SplitDatabase;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plans a SELECT that reads protected columns of one table. */
final class SelectPlanner {

    private SelectPlanner() {
    }

    static Plan plan(SplitDatabase db, Select select, String sql) throws SQLException {
        if (!(select instanceof PlainSelect ps)) {
            throw Unsupported.of("UNION, VALUES or parenthesised queries over protected columns", sql);
        }
        if (!(ps.getFromItem() instanceof Table tableNode)) {
            throw Unsupported.of("subqueries in FROM over protected columns", sql);
        }
        TableInfo table = db.catalog().table(tableNode.getName());
        if (table == null || !table.hasProtectedColumns() || (ps.getJoins() != null && !ps.getJoins().isEmpty())) {
            throw Unsupported.of("joins that read protected columns", sql);
        }
        if (ps.getGroupBy() != null || ps.getHaving() != null || ps.getDistinct() != null) {
            throw Unsupported.of("GROUP BY, HAVING or DISTINCT together with protected columns", sql);
        }
        if (ps.getWithItemsList() != null && !ps.getWithItemsList().isEmpty()) {
            throw Unsupported.of("WITH over protected columns", sql);
        }
        if (ps.getIntoTables() != null || ps.getFetch() != null || ps.getWindowDefinitions() != null) {
            throw Unsupported.of("SELECT INTO, FETCH or WINDOW with protected columns", sql);
        }
        ReadBuilder read = new ReadBuilder(table, tableNode);
        List<SelectPlan.Output> outputs = new ArrayList<>();
        List<ColumnInfo> outputColumns = new ArrayList<>();  // the table column behind each output, or null
        String countLabel = null;
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            String alias = item.getAlias() == null ? null : item.getAlias().getName();
            if (e instanceof AllTableColumns all && !refersTo(all.getTable(), tableNode)) {
                throw Unsupported.of(all + " for a table not in FROM", sql);
            }
            if (e instanceof AllColumns) {
                for (ColumnInfo c : table.columns()) {
                    outputs.add(output(read, tableNode, c, c.name()));
                    outputColumns.add(c);
                }
                continue;
            }
            ColumnInfo direct = Conditions.protectedColumn(table, e);
            if (direct != null) {
                String label = alias != null ? unquote(alias) : unquote(((Column) e).getColumnName());
                outputs.add(SelectPlan.Output.decrypted(label, read.decrypt(direct)));
                outputColumns.add(direct);
                continue;
            }
            ColumnInfo inside = Conditions.protectedIn(db, table, e);
            if (inside != null) {
                throw Unsupported.of("the expression '" + e + "' over protected column " + table.name() + "." + inside.name(), sql);
            }
            if (isAggregate(e)) {
                if (ps.getSelectItems().size() == 1 && e instanceof Function f && References.isCountStar(f)) {
                    countLabel = alias != null ? unquote(alias) : e.toString();
                    continue;
                }
                throw Unsupported.of("the aggregate '" + e + "' with a condition on protected columns", sql);
            }
            outputs.add(SelectPlan.Output.plain(read.plain(e, alias)));
            outputColumns.add(e instanceof Column col && (col.getTable() == null || refersTo(col.getTable(), tableNode))
                    ? table.column(col.getColumnName()) : null);
        }
        List<OrderByElement> order = ps.getOrderByElements() == null ? List.of() : ps.getOrderByElements();
        String suffix = LockingClause.of(ps);
        if (ordersByProtected(db, table, order, outputs)) {
            RowOrder rowOrder = driverOrder(table, tableNode, read, order, outputs, outputColumns, sql);
            read.where(Conditions.analyse(db, table, ps.getWhere(), sql)).suffix(suffix);
            Expression rowCount = ps.getLimit() == null ? null : ps.getLimit().getRowCount();
            Expression skip = ps.getOffset() != null ? ps.getOffset().getOffset() : (ps.getLimit() == null ? null : ps.getLimit().getOffset());
            return new SelectPlan(read.build(), outputs, countLabel, rowOrder,
                    rowCount == null ? null : ReadBuilder.sourceOf(rowCount), skip == null ? null : ReadBuilder.sourceOf(skip));
        }
        List<OrderByElement> pushedOrder = new ArrayList<>();
        for (OrderByElement o : order) {
            Expression e = o.getExpression();
            if (e instanceof LongValue position) {
                int k = (int) position.getValue() - 1;
                if (k < 0 || k >= outputs.size()) {
                    throw new java.sql.SQLSyntaxErrorException("Unknown column '" + position.getValue() + "' in 'order clause'", "42S22");
                }
                if (outputs.get(k).plainIndex() < 0) {
                    throw Unsupported.of("ORDER BY a protected column", sql);
                }
                OrderByElement copy = new OrderByElement();
                copy.setExpression(new LongValue(outputs.get(k).plainIndex() + 1));
                copy.setAsc(o.isAsc());
                copy.setAscDescPresent(o.isAscDescPresent());
                pushedOrder.add(copy);
                continue;
            }
            ColumnInfo c = Conditions.protectedIn(db, table, e);
            if (c != null || refersToProtectedAlias(e, outputs)) {
                throw Unsupported.of("ORDER BY protected column " + table.name() + "." + (c != null ? c.name() : e.toString()), sql);
            }
            pushedOrder.add(o);
        }
        read.where(Conditions.analyse(db, table, ps.getWhere(), sql))
                .orderBy(pushedOrder)
                .limit(ps.getLimit(), ps.getOffset())
                .suffix(suffix);
        return new SelectPlan(read.build(), outputs, countLabel);
    }

    /** True if some ORDER BY element needs a protected value (by name, alias or position). */
    private static boolean ordersByProtected(SplitDatabase db, TableInfo table, List<OrderByElement> order,
                                             List<SelectPlan.Output> outputs) {
        for (OrderByElement o : order) {
            Expression e = o.getExpression();
            if (e instanceof LongValue position) {
                int k = (int) position.getValue() - 1;
                if (k >= 0 && k < outputs.size() && outputs.get(k).plainIndex() < 0) {
                    return true;
                }
            } else if (Conditions.protectedIn(db, table, e) != null || refersToProtectedAlias(e, outputs)) {
                return true;
            }
        }
        return false;
    }

    /**
     * ORDER BY in the driver: every element must be a column of the table, an output's alias or
     * an output's position, so that its type and collation are known.
     */
    private static RowOrder driverOrder(TableInfo table, Table tableNode, ReadBuilder read, List<OrderByElement> order,
                                        List<SelectPlan.Output> outputs, List<ColumnInfo> outputColumns, String sql) throws SQLException {
        List<RowOrder.Key> keys = new ArrayList<>();
        for (OrderByElement o : order) {
            if (o.getNullOrdering() != null) {
                throw Unsupported.of("NULLS FIRST/LAST", sql);
            }
            Expression e = o.getExpression();
            int outputIndex = -1;
            if (e instanceof LongValue position) {
                outputIndex = (int) position.getValue() - 1;
                if (outputIndex < 0 || outputIndex >= outputs.size()) {
                    throw new java.sql.SQLSyntaxErrorException("Unknown column '" + position.getValue() + "' in 'order clause'", "42S22");
                }
            } else if (e instanceof Column col && col.getTable() == null) {
                String name = unquote(col.getColumnName());
                for (int i = 0; i < outputs.size() && outputIndex < 0; i++) {
                    String label = outputs.get(i).label();
                    if (label != null && label.equalsIgnoreCase(name) && outputColumns.get(i) != null
                            && !outputColumns.get(i).name().equalsIgnoreCase(name)) {
                        outputIndex = i;  // an alias of another column
                    }
                }
            }
            if (outputIndex >= 0) {
                SelectPlan.Output out = outputs.get(outputIndex);
                ColumnInfo info = outputColumns.get(outputIndex);
                if (info == null) {
                    throw Unsupported.of("ORDER BY an expression together with protected columns", sql);
                }
                keys.add(out.plainIndex() >= 0 ? new RowOrder.Key(false, out.plainIndex(), info, o.isAsc())
                        : new RowOrder.Key(true, out.valueIndex(), info, o.isAsc()));
                continue;
            }
            if (!(e instanceof Column col) || (col.getTable() != null && !refersTo(col.getTable(), tableNode))) {
                throw Unsupported.of("ORDER BY '" + e + "' together with protected columns (order by columns)", sql);
            }
            ColumnInfo info = table.column(col.getColumnName());
            if (info == null) {
                throw new java.sql.SQLSyntaxErrorException("Unknown column '" + unquote(col.getColumnName()) + "' in 'order clause'", "42S22");
            }
            keys.add(info.isProtected() ? new RowOrder.Key(true, read.decrypt(info), info, o.isAsc())
                    : new RowOrder.Key(false, read.plain(new Column(col.getTable(), ReadBuilder.quote(info.name())), null), info, o.isAsc()));
        }
        return new RowOrder(keys);
    }

    private static SelectPlan.Output output(ReadBuilder read, Table tableNode, ColumnInfo c, String label) {
        if (c.isProtected()) {
            return SelectPlan.Output.decrypted(label, read.decrypt(c));
        }
        Column column = new Column(tableNode.getAlias() != null ? new Table(tableNode.getAlias().getName()) : null,
                ReadBuilder.quote(c.name()));
        return SelectPlan.Output.plain(read.plain(column, null));
    }

    private static boolean refersToProtectedAlias(Expression e, List<SelectPlan.Output> outputs) {
        if (e instanceof Column c && c.getTable() == null) {
            String name = unquote(c.getColumnName());
            return outputs.stream().anyMatch(o -> o.plainIndex() < 0 && name.equalsIgnoreCase(o.label()));
        }
        return false;
    }

    private static boolean refersTo(Table qualifier, Table tableNode) {
        String q = unquote(qualifier.getName());
        return q.equalsIgnoreCase(unquote(tableNode.getName()))
                || (tableNode.getAlias() != null && q.equalsIgnoreCase(unquote(tableNode.getAlias().getName())));
    }

    private static final java.util.regex.Pattern AGGREGATE = java.util.regex.Pattern.compile(
            "\\b(COUNT|SUM|AVG|MIN|MAX|GROUP_CONCAT|BIT_AND|BIT_OR|BIT_XOR|STD|STDDEV|VARIANCE|VAR_POP|VAR_SAMP|STDDEV_POP"
                    + "|STDDEV_SAMP|JSON_ARRAYAGG|JSON_OBJECTAGG)\\s*\\(", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Conservative: any aggregate call anywhere in the expression's text. */
    private static boolean isAggregate(Expression e) {
        return AGGREGATE.matcher(e.toString()).find();
    }

    static String unquote(String identifier) {
        return TableInfo.unquote(identifier);
    }
}
