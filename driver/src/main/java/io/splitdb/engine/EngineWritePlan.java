package io.splitdb.engine;

import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.ExecResult;
import io.splitdb.exec.Plan;
import io.splitdb.exec.ProtectedRead;
import io.splitdb.exec.ProtectedWritePlan;
import io.splitdb.exec.SplitDatabase;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * UPDATE or DELETE of a table with protected columns whose WHERE or SET the backends cannot
 * evaluate over shares: the rows are read and decrypted (narrowed by what the backends can
 * check), WHERE, ORDER BY and LIMIT are applied in the driver, SET expressions are computed per
 * row with MySQL's left-to-right assignment, and the rows are written back by hidden row id under
 * a version guard.
 */
public final class EngineWritePlan implements Plan {
    private final TableInfo table;
    private final String qualifier;
    private final TableScan scan;
    private final Expression where;
    private final List<Column> setColumns;
    private final List<Expression> setValues;
    private final List<OrderByElement> order;
    private final Limit limit;
    private final String sql;

    /**
     * @param setColumns empty for a DELETE
     * @param qualifier  the name the statement gives the table (its alias or its name)
     */
    public EngineWritePlan(TableInfo table, String qualifier, TableScan scan, Expression where, List<Column> setColumns,
                           List<Expression> setValues, List<OrderByElement> order, Limit limit, String sql) {
        this.table = table;
        this.qualifier = qualifier;
        this.scan = scan;
        this.where = where;
        this.setColumns = List.copyOf(setColumns);
        this.setValues = List.copyOf(setValues);
        this.order = order == null ? List.of() : List.copyOf(order);
        this.limit = limit;
        this.sql = sql;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        Execution exec = new Execution(db, args, sql, java.util.Map.of());
        Scope scope = new Scope(exec, scan.columns(qualifier), null, false);
        Exprs exprs = new Exprs(exec);
        Node condition = where == null ? null : exprs.compile(where, scope);
        List<TableScan.Scanned> matched = new ArrayList<>();
        for (TableScan.Scanned r : scan.scanned(exec)) {
            if (condition == null || Values.truth(condition.eval(new Frame(r.values(), null, null))) == Boolean.TRUE) {
                matched.add(r);
            }
        }
        matched = ordered(exec, exprs, scope, matched);
        if (limit != null && limit.getRowCount() != null) {
            long max = Query.limitValue(exec, limit.getRowCount());
            matched = matched.subList(0, (int) Math.min(matched.size(), Math.max(0, max)));
        }
        List<ProtectedRead.Row> rows = new ArrayList<>(matched.size());
        matched.forEach(m -> rows.add(m.row()));
        if (setColumns.isEmpty()) {
            return ProtectedWritePlan.delete(db, table, rows);
        }
        int[] targets = new int[setColumns.size()];
        List<Node> values = new ArrayList<>();
        Set<Integer> plainAssigned = new HashSet<>();
        for (int i = 0; i < targets.length; i++) {
            String name = io.splitdb.catalog.TableInfo.unquote(setColumns.get(i).getColumnName());
            int k = -1;
            for (int c = 0; c < table.columns().size(); c++) {
                if (table.columns().get(c).name().equalsIgnoreCase(name)) {
                    k = c;
                }
            }
            if (k < 0) {
                throw new SQLSyntaxErrorException("Unknown column '" + name + "' in 'field list'", "42S22", 1054);
            }
            targets[i] = k;
            values.add(exprs.compile(setValues.get(i), scope));
            if (!table.columns().get(k).isProtected()) {
                plainAssigned.add(k);
            }
        }
        List<Object[]> newValues = new ArrayList<>(matched.size());
        for (TableScan.Scanned m : matched) {
            // MySQL assigns left to right: a later SET sees the values earlier ones gave
            Object[] row = Arrays.copyOf(m.values(), m.values().length);
            Frame f = new Frame(row, null, null);
            for (int i = 0; i < targets.length; i++) {
                row[targets[i]] = values.get(i).eval(f);
            }
            newValues.add(row);
        }
        return ProtectedWritePlan.update(db, table, rows, newValues, plainAssigned);
    }

    private List<TableScan.Scanned> ordered(Execution exec, Exprs exprs, Scope scope, List<TableScan.Scanned> rows) throws SQLException {
        if (order.isEmpty()) {
            return rows;
        }
        List<Node> keys = new ArrayList<>();
        for (OrderByElement o : order) {
            keys.add(exprs.compile(o.getExpression(), scope));
        }
        List<Object[]> computed = new ArrayList<>();
        for (TableScan.Scanned r : rows) {
            Object[] k = new Object[keys.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = keys.get(i).eval(new Frame(r.values(), null, null));
            }
            computed.add(k);
        }
        String[] coll = new String[keys.size()];
        boolean[] asc = new boolean[keys.size()];
        for (int i = 0; i < coll.length; i++) {
            coll[i] = keys.get(i).ty.collation();
            asc[i] = order.get(i).isAsc();
        }
        return Sorting.byKeys(rows, computed, coll, asc);
    }

    @Override
    public Work work() {
        return Work.DRIVER;
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
