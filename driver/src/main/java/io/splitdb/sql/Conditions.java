package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.Residual;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import io.splitdb.exec.RangeComparison;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a WHERE clause on one table into what the backends evaluate (plain conjuncts as
 * written; equality on searchable protected columns rewritten to their blind index) and what the
 * driver checks after decryption.
 */
final class Conditions {
    /** Conjuncts for the backends, ANDed. */
    final List<Expression> pushed = new ArrayList<>();
    /** Checks on protected columns; position is filled in by the read builder. */
    final List<Pending> residuals = new ArrayList<>();

    /** A residual before its column's position in the decrypted values is known. */
    record Pending(ColumnInfo column, Residual.Kind kind, List<ValueSource> values) {
    }

    static Conditions analyse(SplitDatabase db, TableInfo table, Expression where, String sql) throws SQLException {
        Conditions c = new Conditions();
        if (where != null) {
            for (Expression conjunct : conjuncts(where)) {
                c.add(db, table, conjunct, sql);
            }
        }
        return c;
    }

    private void add(SplitDatabase db, TableInfo table, Expression e, String sql) throws SQLException {
        ColumnInfo touched = protectedIn(db, table, e);
        if (touched == null) {
            pushed.add(e);
            return;
        }
        if (e instanceof EqualsTo eq) {
            Operands o = operands(table, eq);
            if (o != null) {
                equality(db, table, o.column(), List.of(o.value()), o.columnNode());
                return;
            }
        } else if (e instanceof ComparisonOperator cmp && !(cmp instanceof EqualsTo) && !(cmp instanceof NotEqualsTo)
                && range(table, cmp)) {
            return;
        } else if (e instanceof Between between && !between.isNot()) {
            ColumnInfo col = protectedColumn(table, between.getLeftExpression());
            ValueSource low = ValueExpressions.source(between.getBetweenExpressionStart());
            ValueSource high = ValueExpressions.source(between.getBetweenExpressionEnd());
            if (col != null && low != null && high != null && RangeComparison.supports(col)) {
                residuals.add(new Pending(col, Residual.Kind.GREATER_EQUAL, List.of(low)));
                residuals.add(new Pending(col, Residual.Kind.LESS_EQUAL, List.of(high)));
                return;
            }
        } else if (e instanceof NotEqualsTo ne) {
            Operands o = operands(table, ne);
            if (o != null) {
                // no index helps: checked after decryption over the rows the other conditions select
                residuals.add(new Pending(o.column(), Residual.Kind.EQUALS_NONE, List.of(o.value())));
                return;
            }
        } else if (e instanceof InExpression in && in.isNot() && in.getRightExpression() instanceof ExpressionList<?> list) {
            ColumnInfo col = protectedColumn(table, in.getLeftExpression());
            List<ValueSource> values = values(list);
            if (col != null && values != null && !values.isEmpty()) {
                residuals.add(new Pending(col, Residual.Kind.EQUALS_NONE, values));
                return;
            }
        } else if (e instanceof InExpression in && !in.isNot() && in.getRightExpression() instanceof ExpressionList<?> list) {
            ColumnInfo col = protectedColumn(table, in.getLeftExpression());
            List<ValueSource> values = values(list);
            if (col != null && values != null && !values.isEmpty()) {
                equality(db, table, col, values, in.getLeftExpression());
                return;
            }
        } else if (e instanceof IsNullExpression isNull && !isNull.isUseIsNull()) {
            ColumnInfo col = protectedColumn(table, isNull.getLeftExpression());
            if (col != null) {
                if (isNull.isNot()) {
                    residuals.add(new Pending(col, Residual.Kind.IS_NOT_NULL, List.of()));
                } else {
                    residuals.add(new Pending(col, Residual.Kind.IS_NULL, List.of()));
                    if (col.searchable()) {
                        long nullIndex = db.values().index(table, col, null);
                        pushed.add(new EqualsTo(indexColumn(isNull.getLeftExpression(), col), new BoundParameter(ValueSource.constant(nullIndex))));
                    }
                }
                return;
            }
        }
        throw Unsupported.of("the condition '" + e + "' on protected column " + table.name() + "." + touched.name()
                + " (supported: =, <>, [NOT] IN, IS [NOT] NULL, and <, <=, >, >=, BETWEEN on integer, DECIMAL, DATE and DATETIME columns, with values, combined with AND)", sql);
    }

    /** {@code col < value} and friends (either way round) on a column whose ranges the driver compares exactly. */
    private boolean range(TableInfo table, ComparisonOperator cmp) {
        Operands o = operands(table, cmp);
        if (o == null || !RangeComparison.supports(o.column())) {
            return false;
        }
        boolean flipped = o.flipped();
        Residual.Kind kind;
        if (cmp instanceof GreaterThan) {
            kind = flipped ? Residual.Kind.LESS : Residual.Kind.GREATER;
        } else if (cmp instanceof GreaterThanEquals) {
            kind = flipped ? Residual.Kind.LESS_EQUAL : Residual.Kind.GREATER_EQUAL;
        } else if (cmp instanceof MinorThan) {
            kind = flipped ? Residual.Kind.GREATER : Residual.Kind.LESS;
        } else if (cmp instanceof MinorThanEquals) {
            kind = flipped ? Residual.Kind.GREATER_EQUAL : Residual.Kind.LESS_EQUAL;
        } else {
            return false;
        }
        // no index orders protected values: checked after decryption over the rows the other conditions select
        residuals.add(new Pending(o.column(), kind, List.of(o.value())));
        return true;
    }

    /** A bare protected column compared with a value the driver knows; {@code flipped} if the column is on the right. */
    private record Operands(ColumnInfo column, Expression columnNode, ValueSource value, boolean flipped) {
    }

    private static Operands operands(TableInfo table, net.sf.jsqlparser.expression.BinaryExpression b) {
        ColumnInfo col = protectedColumn(table, b.getLeftExpression());
        if (col != null) {
            ValueSource v = ValueExpressions.source(b.getRightExpression());
            return v == null ? null : new Operands(col, b.getLeftExpression(), v, false);
        }
        col = protectedColumn(table, b.getRightExpression());
        if (col != null) {
            ValueSource v = ValueExpressions.source(b.getLeftExpression());
            return v == null ? null : new Operands(col, b.getRightExpression(), v, true);
        }
        return null;
    }

    /** The sources of a list of values, or null if one is not a value the driver can know. */
    private static List<ValueSource> values(ExpressionList<?> list) {
        List<ValueSource> values = new ArrayList<>();
        for (Object item : list) {
            ValueSource v = ValueExpressions.source((Expression) item);
            if (v == null) {
                return null;
            }
            values.add(v);
        }
        return values;
    }

    private void equality(SplitDatabase db, TableInfo table, ColumnInfo col, List<ValueSource> values, Expression columnNode) {
        residuals.add(new Pending(col, Residual.Kind.EQUALS_ANY, values));
        if (!col.searchable()) {
            return;
        }
        List<Expression> indexes = new ArrayList<>();
        for (ValueSource v : values) {
            indexes.add(new BoundParameter(args -> {
                Object normalized = Residual.SearchValues.normalize(col, v.resolve(args));
                return normalized == Residual.SearchValues.NO_MATCH ? 0L : db.values().index(table, col, normalized);
            }));
        }
        Column index = indexColumn(columnNode, col);
        if (indexes.size() == 1) {
            pushed.add(new EqualsTo(index, indexes.get(0)));
        } else {
            pushed.add(new InExpression(index, new ParenthesedExpressionList<>(indexes)));
        }
    }

    private static Column indexColumn(Expression columnNode, ColumnInfo col) {
        Expression e = columnNode;
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            e = (Expression) p.get(0);
        }
        Column original = (Column) e;
        return new Column(original.getTable(), "`" + col.indexColumn() + "`");
    }

    /** The protected column {@code e} is, if it is a bare column reference to one. */
    static ColumnInfo protectedColumn(TableInfo table, Expression e) {
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            e = (Expression) p.get(0);
        }
        if (e instanceof Column c) {
            ColumnInfo info = table.column(c.getColumnName());
            if (info != null && info.isProtected()) {
                return info;
            }
        }
        return null;
    }

    /**
     * A protected column mentioned anywhere in {@code e}, subqueries included, or null. Names
     * match against {@code table} and every protected table the expression mentions.
     */
    static ColumnInfo protectedIn(SplitDatabase db, TableInfo table, Expression e) {
        References refs = References.of(e);
        List<TableInfo> candidates = new ArrayList<>(List.of(table));
        refs.protectedTables(db.catalog()).stream().filter(t -> t != table).forEach(candidates::add);
        if (!refs.complete || (refs.stars > 0 && candidates.size() > 1)) {
            return candidates.get(candidates.size() - 1).protectedColumns().get(0);
        }
        return References.firstProtectedWord(e.toString(), candidates);
    }

    /** The top-level AND operands of {@code e}, parentheses removed. */
    static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expression e, List<Expression> out) {
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            collect((Expression) p.get(0), out);
        } else if (e instanceof AndExpression and) {
            collect(and.getLeftExpression(), out);
            collect(and.getRightExpression(), out);
        } else {
            out.add(e);
        }
    }

    /** The conjuncts ANDed back into one expression, or null. */
    static Expression and(List<Expression> conjuncts) {
        Expression result = null;
        for (Expression e : conjuncts) {
            Expression wrapped = e instanceof AndExpression || e instanceof EqualsTo || e instanceof InExpression
                    ? e : new ParenthesedExpressionList<>(e);
            result = result == null ? wrapped : new AndExpression(result, wrapped);
        }
        return result;
    }
}
