package io.splitdb.engine;

import io.splitdb.sql.Unsupported;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A SELECT compiled for evaluation in the driver: FROM (tables, derived tables, joins), WHERE,
 * GROUP BY with aggregates, HAVING, the select list, DISTINCT, ORDER BY, LIMIT; and UNION of such.
 * {@link #run} computes its rows for one row of the enclosing query (or none).
 */
abstract class Query {

    abstract List<Relation.Column> columns();

    /** True if the rows depend on the enclosing query's current row. */
    abstract boolean correlated();

    abstract Relation run(Frame outer) throws SQLException;

    static Query compile(Execution exec, Select select, Scope outer) throws SQLException {
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            for (WithItem<?> w : select.getWithItemsList()) {
                if (w.isRecursive()) {
                    throw Unsupported.of("WITH RECURSIVE over protected columns", exec.sql);
                }
                if (w.getSelect() == null) {
                    throw Unsupported.of("WITH over a statement that is not a SELECT", exec.sql);
                }
                exec.ctes.put(w.getUnquotedAliasName().toLowerCase(java.util.Locale.ROOT), w);
            }
        }
        if (select.getForMode() != null || select.getFetch() != null || select.getLimitBy() != null) {
            throw Unsupported.of("FOR UPDATE/SHARE, FETCH or LIMIT BY evaluated in the driver", exec.sql);
        }
        if (select instanceof PlainSelect ps) {
            return new Plain(exec, ps, outer);
        }
        if (select instanceof SetOperationList sol) {
            return new Union(exec, sol, outer);
        }
        if (select instanceof ParenthesedSelect ps) {
            Query inner = compile(exec, ps.getSelect(), outer);
            if ((ps.getOrderByElements() == null || ps.getOrderByElements().isEmpty()) && ps.getLimit() == null) {
                return inner;
            }
            return new Ordered(exec, inner, ps.getOrderByElements(), ps.getLimit(), ps.getOffset());
        }
        throw Unsupported.of("VALUES and other query forms evaluated in the driver", exec.sql);
    }

    /** The label MySQL gives an unaliased select item: its text as written, literals in place. */
    static String label(Execution exec, Expression e) {
        if (e instanceof Column c) {
            return io.splitdb.catalog.TableInfo.unquote(c.getColumnName());
        }
        StringBuilder sb = new StringBuilder();
        ExpressionDeParser writer = new ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(JdbcParameter p, S context) {
                Object v = exec.args[p.getIndex() - 1];
                getBuilder().append(v instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(v));
                return getBuilder();
            }
        };
        writer.setBuilder(sb);
        e.accept(writer, null);
        return sb.toString();
    }

    static long limitValue(Execution exec, Expression e) throws SQLException {
        Node n = new Exprs(exec).compile(e, new Scope(exec, List.of(), null, false));
        Object v = n.eval(Frame.EMPTY);
        return v == null ? Long.MAX_VALUE : Values.toLong(v);
    }

    static List<Object[]> cut(Execution exec, List<Object[]> rows, Limit limit, Offset offset) throws SQLException {
        long skip = 0;
        long max = Long.MAX_VALUE;
        if (limit != null) {
            if (limit.getRowCount() != null && !limit.isLimitAll() && !limit.isLimitNull()) {
                max = limitValue(exec, limit.getRowCount());
            }
            if (limit.getOffset() != null) {
                skip = limitValue(exec, limit.getOffset());
            }
        }
        if (offset != null) {
            skip = limitValue(exec, offset.getOffset());
        }
        int from = (int) Math.min(rows.size(), Math.max(0, skip));
        int to = (int) Math.min(rows.size(), from + Math.min(max, Integer.MAX_VALUE));
        return rows.subList(from, to);
    }

    // ------------------------------------------------------------------ a single SELECT

    private static final class Plain extends Query {
        private final Execution exec;
        private final PlainSelect ps;
        private final From from;
        private final Scope scope;
        private final Node where;
        private final boolean aggregating;
        private final List<Node> groupBy = new ArrayList<>();
        private final Node having;
        private final List<Node> outputs = new ArrayList<>();
        private final List<Relation.Column> columns = new ArrayList<>();
        private final List<Integer> orderOutput = new ArrayList<>();
        private final List<Node> orderNodes = new ArrayList<>();
        private final List<Boolean> ascending = new ArrayList<>();

        Plain(Execution exec, PlainSelect ps, Scope outer) throws SQLException {
            this.exec = exec;
            this.ps = ps;
            if (ps.getIntoTables() != null || ps.getWindowDefinitions() != null) {
                throw Unsupported.of("SELECT INTO or WINDOW evaluated in the driver", exec.sql);
            }
            if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
                throw Unsupported.of("DISTINCT ON", exec.sql);
            }
            this.from = From.compile(exec, ps, outer);
            Exprs exprs = new Exprs(exec);
            List<OrderByElement> order = ps.getOrderByElements() == null ? List.of() : ps.getOrderByElements();
            boolean agg = ps.getGroupBy() != null || ps.getHaving() != null;
            for (SelectItem<?> item : ps.getSelectItems()) {
                agg |= Aggregates.appearsIn(item.getExpression());
            }
            for (OrderByElement o : order) {
                agg |= Aggregates.appearsIn(o.getExpression());
            }
            this.aggregating = agg;
            this.scope = new Scope(exec, from.columns, outer, agg);
            // shares the outer-reference flag with scope, so a correlated WHERE marks the query correlated
            Scope rowScope = scope.rowByRow();
            this.where = ps.getWhere() == null ? null : exprs.compile(ps.getWhere(), rowScope);
            // the select list
            List<Expression> itemExpressions = new ArrayList<>();
            for (SelectItem<?> item : ps.getSelectItems()) {
                Expression e = item.getExpression();
                if (e instanceof AllColumns && !(e instanceof AllTableColumns)) {
                    for (int i = 0; i < from.columns.size(); i++) {
                        addColumnOutput(i);
                        itemExpressions.add(null);
                    }
                    continue;
                }
                if (e instanceof AllTableColumns all) {
                    String q = io.splitdb.catalog.TableInfo.unquote(all.getTable().getName());
                    boolean any = false;
                    for (int i = 0; i < from.columns.size(); i++) {
                        if (q.equalsIgnoreCase(from.columns.get(i).qualifier())) {
                            addColumnOutput(i);
                            itemExpressions.add(null);
                            any = true;
                        }
                    }
                    if (!any) {
                        throw new java.sql.SQLSyntaxErrorException("Unknown table '" + q + "'", "42S02");
                    }
                    continue;
                }
                Node n = exprs.compile(e, scope);
                String label = item.getAlias() != null ? io.splitdb.catalog.TableInfo.unquote(item.getAlias().getName()) : label(exec, e);
                outputs.add(n);
                columns.add(new Relation.Column(label, null, n.ty, n.origin));
                itemExpressions.add(e);
                if (item.getAlias() != null) {
                    scope.alias(label, n);
                }
            }
            // GROUP BY: columns of FROM first, then select aliases and positions
            if (ps.getGroupBy() != null) {
                if (ps.getGroupBy().isMysqlWithRollup() || (ps.getGroupBy().getGroupingSets() != null
                        && !ps.getGroupBy().getGroupingSets().isEmpty())) {
                    throw Unsupported.of("WITH ROLLUP and GROUPING SETS evaluated in the driver", exec.sql);
                }
                for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
                    Expression g = (Expression) o;
                    if (g instanceof LongValue pos) {
                        int k = (int) pos.getValue() - 1;
                        if (k < 0 || k >= itemExpressions.size() || itemExpressions.get(k) == null) {
                            throw new java.sql.SQLSyntaxErrorException("Unknown column '" + pos.getValue() + "' in 'group statement'", "42S22");
                        }
                        groupBy.add(exprs.compile(itemExpressions.get(k), rowScope));
                        continue;
                    }
                    if (g instanceof Column c && c.getTable() == null && !hasColumn(c.getColumnName())) {
                        int k = outputIndex(io.splitdb.catalog.TableInfo.unquote(c.getColumnName()));
                        if (k >= 0 && itemExpressions.get(k) != null) {
                            groupBy.add(exprs.compile(itemExpressions.get(k), rowScope));
                            continue;
                        }
                    }
                    groupBy.add(exprs.compile(g, rowScope));
                }
            }
            this.having = ps.getHaving() == null ? null : exprs.compile(ps.getHaving(), scope);
            for (OrderByElement o : order) {
                if (o.getNullOrdering() != null) {
                    throw Unsupported.of("NULLS FIRST/LAST", exec.sql);
                }
                Expression e = o.getExpression();
                int k = -1;
                if (e instanceof LongValue pos) {
                    k = (int) pos.getValue() - 1;
                    if (k < 0 || k >= outputs.size()) {
                        throw new java.sql.SQLSyntaxErrorException("Unknown column '" + pos.getValue() + "' in 'order clause'", "42S22");
                    }
                } else if (e instanceof Column c && c.getTable() == null) {
                    k = aliasIndex(ps, io.splitdb.catalog.TableInfo.unquote(c.getColumnName()));
                }
                if (k >= 0 && Exprs.enumIndex(outputs.get(k)) != outputs.get(k)) {
                    orderOutput.add(-1);
                    orderNodes.add(Exprs.enumIndex(outputs.get(k)));  // ENUM sorts by member position
                } else {
                    orderOutput.add(k);
                    orderNodes.add(k >= 0 ? null : Exprs.enumIndex(exprs.compile(e, scope)));
                }
                ascending.add(o.isAsc());
            }
        }

        private boolean hasColumn(String name) {
            String n = io.splitdb.catalog.TableInfo.unquote(name);
            return from.columns.stream().anyMatch(c -> n.equalsIgnoreCase(c.label()));
        }

        private int outputIndex(String label) {
            for (int i = 0; i < columns.size(); i++) {
                if (label.equalsIgnoreCase(columns.get(i).label())) {
                    return i;
                }
            }
            return -1;
        }

        /** The output an ORDER BY name means: an alias, or an output that is that column. */
        private int aliasIndex(PlainSelect ps, String name) {
            for (int i = 0; i < columns.size(); i++) {
                if (name.equalsIgnoreCase(columns.get(i).label())) {
                    return i;
                }
            }
            return -1;
        }

        private void addColumnOutput(int i) {
            Relation.Column c = from.columns.get(i);
            int index = i;
            Node n = new Node(c.ty(), f -> f.row()[index], c.origin(), false);
            outputs.add(n);
            columns.add(new Relation.Column(c.label(), null, c.ty(), c.origin()));
        }

        @Override
        List<Relation.Column> columns() {
            return columns;
        }

        @Override
        boolean correlated() {
            return scope.usesOuter() || from.correlated();
        }

        @Override
        Relation run(Frame outer) throws SQLException {
            List<Object[]> rows = from.rows(outer);
            List<Frame> frames = new ArrayList<>();
            for (Object[] r : rows) {
                Frame f = new Frame(r, null, outer);
                if (where == null || Values.truth(where.eval(f)) == Boolean.TRUE) {
                    frames.add(f);
                }
            }
            if (aggregating) {
                frames = group(frames, outer);
            }
            List<Object[]> out = new ArrayList<>();
            List<Object[]> keys = new ArrayList<>();
            Set<List<Object>> seen = ps.getDistinct() != null ? new HashSet<>() : null;
            for (Frame f : frames) {
                if (having != null && Values.truth(having.eval(f)) != Boolean.TRUE) {
                    continue;
                }
                Object[] row = new Object[outputs.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = outputs.get(i).eval(f);
                }
                if (seen != null) {
                    List<Object> key = new ArrayList<>(row.length);
                    for (int i = 0; i < row.length; i++) {
                        key.add(Values.key(row[i], columns.get(i).ty().collation()));
                    }
                    if (!seen.add(key)) {
                        continue;
                    }
                }
                if (!orderNodes.isEmpty()) {
                    Object[] k = new Object[orderNodes.size()];
                    for (int i = 0; i < k.length; i++) {
                        k[i] = orderOutput.get(i) >= 0 ? row[orderOutput.get(i)] : orderNodes.get(i).eval(f);
                    }
                    keys.add(k);
                }
                out.add(row);
            }
            if (!orderNodes.isEmpty()) {
                out = sort(out, keys);
            }
            return new Relation(columns, cut(exec, out, ps.getLimit(), ps.getOffset()));
        }

        private List<Object[]> sort(List<Object[]> rows, List<Object[]> keys) {
            String[] coll = new String[orderNodes.size()];
            boolean[] asc = new boolean[orderNodes.size()];
            for (int i = 0; i < coll.length; i++) {
                coll[i] = orderOutput.get(i) >= 0 ? columns.get(orderOutput.get(i)).ty().collation() : orderNodes.get(i).ty.collation();
                asc[i] = ascending.get(i);
            }
            return Sorting.byKeys(rows, keys, coll, asc);
        }

        private List<Frame> group(List<Frame> frames, Frame outer) throws SQLException {
            if (groupBy.isEmpty()) {
                List<Object[]> all = new ArrayList<>(frames.size());
                frames.forEach(f -> all.add(f.row()));
                Object[] first = all.isEmpty() ? new Object[from.columns.size()] : all.get(0);
                return List.of(new Frame(first, all, outer));
            }
            Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
            for (Frame f : frames) {
                List<Object> key = new ArrayList<>(groupBy.size());
                for (Node g : groupBy) {
                    key.add(Values.key(g.eval(f), g.ty.collation()));
                }
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f.row());
            }
            List<Frame> result = new ArrayList<>(groups.size());
            for (List<Object[]> g : groups.values()) {
                result.add(new Frame(g.get(0), g, outer));
            }
            // MySQL (before 8.0) and MariaDB return groups in GROUP BY order when nothing else orders them
            if (ps.getOrderByElements() == null || ps.getOrderByElements().isEmpty()) {
                List<Object[]> keys = new ArrayList<>();
                for (Frame f : result) {
                    Object[] k = new Object[groupBy.size()];
                    for (int i = 0; i < k.length; i++) {
                        k[i] = groupBy.get(i).eval(new Frame(f.row(), null, outer));
                    }
                    keys.add(k);
                }
                String[] coll = new String[groupBy.size()];
                for (int i = 0; i < coll.length; i++) {
                    coll[i] = groupBy.get(i).ty.collation();
                }
                boolean[] asc = new boolean[groupBy.size()];
                Arrays.fill(asc, true);
                result = Sorting.byKeys(result, keys, coll, asc);
            }
            exec.checkRows(result.size());
            return result;
        }
    }

    // ------------------------------------------------------------------ FROM and joins

    /** The rows of a FROM clause: tables and derived tables, joined. */
    private static final class From {
        final List<Relation.Column> columns = new ArrayList<>();
        private final Execution exec;
        private final List<Part> parts = new ArrayList<>();
        private boolean correlated;
        /** For inner joins run in another order: the position in a joined row of each written column. */
        private int[] toWritten;

        /** One joined item: where its rows come from, how it joins, on what. */
        /** One joined item: rows already read ({@code table}), a query, or a known table read when joined ({@code lazy}). */
        private record Part(Query derived, Relation table, Table lazy, String lazyName, String kind, Node on, int width, EquiKeys keys) {
        }

        /**
         * Column pairs the ON clause equates ({@code left[i] = right[i]}, right positions relative
         * to the joined item), of kinds whose equality {@link Values#key} decides exactly: the join
         * is then done through a hash table; the whole ON clause is still checked on each pair.
         */
        private record EquiKeys(int[] left, int[] right, String[] collations) {
            List<Object> of(Object[] row, int[] positions, int offset) {
                List<Object> key = new ArrayList<>(positions.length);
                for (int i = 0; i < positions.length; i++) {
                    Object v = row[offset + positions[i]];
                    if (v == null) {
                        return null;  // NULL equals nothing
                    }
                    key.add(Values.key(v, collations[i]));
                }
                return key;
            }
        }

        private From(Execution exec) {
            this.exec = exec;
        }

        boolean correlated() {
            return correlated;
        }

        static From compile(Execution exec, PlainSelect ps, Scope outer) throws SQLException {
            From from = new From(exec);
            if (ps.getFromItem() == null) {
                from.parts.add(new Part(null, new Relation(List.of(), List.<Object[]>of(new Object[0])), null, null, "FIRST", null, 0, null));
                return from;
            }
            if (ps.getJoins() != null && ps.getJoins().size() + 1 > MAX_JOIN_TABLES) {
                throw new SQLException("Too many tables; MySQL can only use " + MAX_JOIN_TABLES + " tables in a join", "HY000", 1116);
            }
            if (innerOnly(ps)) {
                return inner(exec, ps, outer);
            }
            from.add(ps.getFromItem(), "FIRST", null, null, null, outer);
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    if (j.isFull() || j.isApply() || j.isSemi() || j.isWindowJoin()) {
                        throw Unsupported.of("the join '" + j + "'", exec.sql);
                    }
                    String kind = j.isLeft() ? "LEFT" : j.isRight() ? "RIGHT" : "INNER";
                    from.add(j.getRightItem(), kind, j, j.isNatural() ? "NATURAL" : null, null, outer);
                }
            }
            return from;
        }

        /** Two or more items, all joined by comma, CROSS JOIN or INNER JOIN ... ON: their order is free. */
        private static boolean innerOnly(PlainSelect ps) {
            if (ps.getJoins() == null || ps.getJoins().isEmpty()) {
                return false;
            }
            for (Join j : ps.getJoins()) {
                if (j.isLeft() || j.isRight() || j.isFull() || j.isNatural() || j.isApply() || j.isSemi() || j.isWindowJoin()
                        || j.isStraight() || (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Inner joins, planned as a whole: the WHERE and ON conjuncts become join conditions at the
         * first step where all their tables are present, and the tables are joined in an order
         * where each one joins on an equality with those before it (hash join, narrowed reads)
         * whenever one exists, instead of building cross products of the written order. Rows are
         * put back into the written column order; WHERE is still checked on every joined row.
         */
        private static From inner(Execution exec, PlainSelect ps, Scope outer) throws SQLException {
            List<FromItem> items = new ArrayList<>();
            items.add(ps.getFromItem());
            List<Expression> pool = new ArrayList<>();
            if (ps.getWhere() != null) {
                pool.addAll(conjuncts(ps.getWhere()));
            }
            for (Join j : ps.getJoins()) {
                items.add(j.getRightItem());
                if (j.getOnExpressions() != null) {
                    j.getOnExpressions().forEach(e -> pool.addAll(conjuncts(e)));
                }
            }
            // the written layout, and where each item's columns start in it
            From written = new From(exec);
            int[] start = new int[items.size() + 1];
            for (int i = 0; i < items.size(); i++) {
                start[i] = written.columns.size();
                written.add(items.get(i), i == 0 ? "FIRST" : "INNER", null, null, null, outer);
            }
            start[items.size()] = written.columns.size();
            Scope all = new Scope(exec, written.columns, outer, false);
            List<Set<Integer>> uses = new ArrayList<>();
            for (Expression c : pool) {
                uses.add(itemsUsed(c, all, start));
            }
            // greedy order: next, an item linked by an equality to those already joined
            List<Integer> order = new ArrayList<>(List.of(0));
            Set<Integer> joined = new HashSet<>(order);
            while (order.size() < items.size()) {
                int next = -1;
                for (int k = 0; k < pool.size() && next < 0; k++) {
                    Set<Integer> u = uses.get(k);
                    if (u != null && u.size() == 2 && pool.get(k) instanceof EqualsTo) {
                        for (int i : u) {
                            if (!joined.contains(i) && joined.containsAll(without(u, i))) {
                                next = i;
                            }
                        }
                    }
                }
                if (next < 0) {
                    for (int i = 0; i < items.size() && next < 0; i++) {
                        if (!joined.contains(i)) {
                            next = i;
                        }
                    }
                }
                order.add(next);
                joined.add(next);
            }
            From from = new From(exec);
            Set<Integer> present = new HashSet<>();
            boolean[] applied = new boolean[pool.size()];
            for (int step = 0; step < order.size(); step++) {
                int item = order.get(step);
                present.add(item);
                Expression condition = null;
                if (step > 0) {
                    for (int k = 0; k < pool.size(); k++) {
                        Set<Integer> u = uses.get(k);
                        if (!applied[k] && u != null && u.contains(item) && present.containsAll(u)) {
                            applied[k] = true;
                            condition = condition == null ? pool.get(k) : new AndExpression(condition, pool.get(k));
                        }
                    }
                }
                from.add(items.get(item), step == 0 ? "FIRST" : "INNER", null, null, condition, outer);
            }
            // back to the written layout
            int[] toWritten = new int[written.columns.size()];
            int at = 0;
            for (int item : order) {
                for (int c = start[item]; c < start[item + 1]; c++) {
                    toWritten[c] = at++;
                }
            }
            from.toWritten = toWritten;
            from.columns.clear();
            from.columns.addAll(written.columns);
            return from;
        }

        private static Set<Integer> without(Set<Integer> set, int i) {
            Set<Integer> copy = new HashSet<>(set);
            copy.remove(i);
            return copy;
        }

        /** The FROM items a conjunct reads; null if it cannot be told (a subquery, an unresolvable name). */
        private static Set<Integer> itemsUsed(Expression conjunct, Scope scope, int[] start) {
            Set<Integer> used = new HashSet<>();
            boolean[] unknown = {false};
            conjunct.accept(new ExpressionDeParser() {
                @Override
                public <S> StringBuilder visit(Column column, S context) {
                    try {
                        Scope.Ref ref = scope.resolve(qualifierOf(column), io.splitdb.catalog.TableInfo.unquote(column.getColumnName()), "where clause");
                        if (ref.depth() == 0) {
                            for (int i = 0; i + 1 < start.length; i++) {
                                if (ref.index() >= start[i] && ref.index() < start[i + 1]) {
                                    used.add(i);
                                }
                            }
                        }
                    } catch (SQLException e) {
                        unknown[0] = true;
                    }
                    return getBuilder();
                }

                @Override
                public <S> StringBuilder visit(ParenthesedSelect select, S context) {
                    unknown[0] = true;
                    return getBuilder();
                }

                @Override
                public <S> StringBuilder visit(net.sf.jsqlparser.expression.Function function, S context) {
                    if (Aggregates.isAggregate(function.getName())) {
                        unknown[0] = true;
                    }
                    return super.visit(function, context);
                }
            }, null);
            return unknown[0] ? null : used;
        }

        private void add(FromItem item, String kind, Join join, String natural, Expression extra, Scope outer) throws SQLException {
            Relation table = null;
            Query derived = null;
            Table lazy = null;
            String lazyName = null;
            List<Relation.Column> itemColumns;
            if (item instanceof Table t) {
                String name = io.splitdb.catalog.TableInfo.unquote(t.getName());
                String qualifier = t.getAlias() != null ? io.splitdb.catalog.TableInfo.unquote(t.getAlias().getName()) : name;
                WithItem<?> cte = t.getSchemaName() == null ? exec.ctes.get(name.toLowerCase(java.util.Locale.ROOT)) : null;
                if (cte != null) {
                    derived = Query.compile(exec, cte.getSelect(), null);
                    itemColumns = requalify(derived.columns(), qualifier, cte.getWithItemList());
                } else if (t.getSchemaName() == null && exec.db.catalog().table(name) != null) {
                    // a table the catalog knows is read when the join gets to it, so that it can be
                    // narrowed to the keys the rows joined so far need
                    lazy = t;
                    lazyName = name;
                    itemColumns = exec.scanFor(t, name).columns(qualifier);
                } else {
                    String full = t.getSchemaName() != null ? t.getSchemaName() + "." + t.getName() : t.getName();
                    table = exec.table(t, t.getSchemaName() != null ? full : name, qualifier);
                    itemColumns = table.columns();
                }
            } else if (item instanceof ParenthesedSelect ps) {
                if (ps.getAlias() == null) {
                    throw new SQLException("Every derived table must have its own alias", "42000");
                }
                derived = Query.compile(exec, ps, null);
                itemColumns = requalify(derived.columns(), io.splitdb.catalog.TableInfo.unquote(ps.getAlias().getName()), null);
            } else {
                throw Unsupported.of("the FROM item '" + item + "'", exec.sql);
            }
            int leftWidth = columns.size();
            List<Relation.Column> leftColumns = new ArrayList<>(columns);
            columns.addAll(itemColumns);
            Node on = null;
            EquiKeys keys = null;
            if (join != null || extra != null) {
                Scope joined = new Scope(exec, columns, outer, false);
                Exprs exprs = new Exprs(exec);
                Expression condition = extra;
                if (join != null && join.getOnExpressions() != null) {
                    for (Expression e : join.getOnExpressions()) {
                        condition = condition == null ? e : new AndExpression(condition, e);
                    }
                }
                List<String> using = new ArrayList<>();
                if (join != null && join.getUsingColumns() != null) {
                    join.getUsingColumns().forEach(c -> using.add(io.splitdb.catalog.TableInfo.unquote(c.getColumnName())));
                }
                if (natural != null) {
                    for (Relation.Column r : itemColumns) {
                        if (leftColumns.stream().anyMatch(l -> l.label().equalsIgnoreCase(r.label()))) {
                            using.add(r.label());
                        }
                    }
                }
                for (String u : using) {
                    Relation.Column right = itemColumns.stream().filter(c -> c.label().equalsIgnoreCase(u)).findFirst()
                            .orElseThrow(() -> new SQLException("Unknown column '" + u + "' in 'from clause'", "42S22"));
                    Relation.Column left = leftColumns.stream().filter(c -> c.label().equalsIgnoreCase(u)).findFirst()
                            .orElseThrow(() -> new SQLException("Unknown column '" + u + "' in 'from clause'", "42S22"));
                    Expression eq = new EqualsTo(new Column(new Table(left.qualifier()), u), new Column(new Table(right.qualifier()), u));
                    condition = condition == null ? eq : new AndExpression(condition, eq);
                }
                if (condition != null) {
                    on = exprs.compile(condition, joined);
                    correlated |= joined.usesOuter();
                    keys = equiKeys(condition, joined, leftWidth);
                }
            }
            parts.add(new Part(derived, table, lazy, lazyName, kind, on, itemColumns.size(), keys));
            if (leftWidth == 0 && !kind.equals("FIRST")) {
                throw new SQLException("a join without a left side", "42000");
            }
        }

        private static List<Relation.Column> requalify(List<Relation.Column> columns, String qualifier, List<SelectItem<?>> names) {
            List<Relation.Column> out = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                Relation.Column c = columns.get(i);
                String label = names != null && i < names.size() ? names.get(i).toString() : c.label();
                out.add(new Relation.Column(label, qualifier, c.ty(), c.origin()));
            }
            return out;
        }

        List<Object[]> rows(Frame outer) throws SQLException {
            List<Object[]> current = null;
            int width = 0;
            for (Part p : parts) {
                List<Object[]> right;
                if (p.table != null) {
                    right = p.table.rows();
                } else if (p.lazy != null) {
                    right = current == null ? null : narrowed(p, current, outer);
                    if (right == null) {
                        right = exec.table(p.lazy, p.lazyName, p.lazyName).rows();
                    }
                } else {
                    right = runDerived(p.derived);
                }
                if (current == null) {
                    current = right;
                    width = p.width;
                    continue;
                }
                current = join(current, width, right, p, outer);
                width += p.width;
                exec.checkRows(current.size());
            }
            if (toWritten != null) {
                List<Object[]> rows = new ArrayList<>(current.size());
                for (Object[] r : current) {
                    Object[] w = new Object[toWritten.length];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = r[toWritten[i]];
                    }
                    rows.add(w);
                }
                return rows;
            }
            return current;
        }

        /** MySQL's and MariaDB's limit on the tables of one join (error 1116). */
        private static final int MAX_JOIN_TABLES = 61;

        /** At most this many distinct keys are sent to the backends as an IN list; more read the whole table. */
        private static final int MAX_IN_LIST = 1000;

        /**
         * The rows of a known table that can join the rows read so far: the backends are asked
         * for those whose joined plain column holds one of the left side's keys. Null if that
         * does not apply (no usable key, a correlated run, too many keys, a RIGHT join).
         */
        private List<Object[]> narrowed(Part p, List<Object[]> left, Frame outer) throws SQLException {
            if (p.keys == null || outer != null || p.kind.equals("RIGHT")) {
                return null;
            }
            TableScan scan = exec.scanFor(p.lazy, p.lazyName);
            for (int i = 0; i < p.keys.right().length; i++) {
                int column = p.keys.right()[i];
                if (!scan.narrowsBy(column)) {
                    continue;
                }
                Map<Object, Object> distinct = new LinkedHashMap<>();
                int leftIndex = p.keys.left()[i];
                for (Object[] row : left) {
                    Object v = Values.normal(row[leftIndex]);
                    if (v != null) {
                        distinct.putIfAbsent(Values.key(v, p.keys.collations()[i]), v);
                    }
                    if (distinct.size() > MAX_IN_LIST) {
                        return null;
                    }
                }
                if (distinct.isEmpty()) {
                    return List.of();
                }
                return exec.rows(scan.whereIn(column, new ArrayList<>(distinct.values())));
            }
            return null;
        }

        private List<Object[]> runDerived(Query q) throws SQLException {
            Object cached = exec.onceResults.get(q);
            if (cached == null) {
                cached = q.run(null).rows();
                exec.onceResults.put(q, cached);
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = (List<Object[]>) cached;
            return rows;
        }

        private static EquiKeys equiKeys(Expression condition, Scope joined, int leftWidth) {
            List<Integer> left = new ArrayList<>();
            List<Integer> right = new ArrayList<>();
            List<String> collations = new ArrayList<>();
            for (Expression c : conjuncts(condition)) {
                if (!(c instanceof EqualsTo eq) || !(eq.getLeftExpression() instanceof Column a) || !(eq.getRightExpression() instanceof Column b)) {
                    continue;
                }
                try {
                    Scope.Ref x = joined.resolve(qualifierOf(a), io.splitdb.catalog.TableInfo.unquote(a.getColumnName()), "on clause");
                    Scope.Ref y = joined.resolve(qualifierOf(b), io.splitdb.catalog.TableInfo.unquote(b.getColumnName()), "on clause");
                    if (x.depth() != 0 || y.depth() != 0 || (x.index() < leftWidth) == (y.index() < leftWidth)) {
                        continue;
                    }
                    Scope.Ref l = x.index() < leftWidth ? x : y;
                    Scope.Ref r = x.index() < leftWidth ? y : x;
                    Ty lt = l.column().ty();
                    Ty rt = r.column().ty();
                    boolean exact = lt.numeric() && rt.numeric() && Ty.exact(lt) && Ty.exact(rt)
                            || lt.kind() == Ty.Kind.STRING && rt.kind() == Ty.Kind.STRING && lt.collation().equalsIgnoreCase(rt.collation())
                            || lt.kind() == rt.kind() && (lt.temporal() || lt.kind() == Ty.Kind.BINARY);
                    if (exact) {
                        left.add(l.index());
                        right.add(r.index() - leftWidth);
                        collations.add(lt.collation());
                    }
                } catch (SQLException unresolved) {
                    // left to the ON clause's own evaluation, which reports it
                }
            }
            if (left.isEmpty()) {
                return null;
            }
            return new EquiKeys(left.stream().mapToInt(Integer::intValue).toArray(), right.stream().mapToInt(Integer::intValue).toArray(),
                    collations.toArray(new String[0]));
        }

        private static String qualifierOf(Column c) {
            return c.getTable() == null || c.getTable().getName() == null ? null : io.splitdb.catalog.TableInfo.unquote(c.getTable().getName());
        }

        private static List<Expression> conjuncts(Expression e) {
            if (e instanceof AndExpression and) {
                List<Expression> all = new ArrayList<>(conjuncts(and.getLeftExpression()));
                all.addAll(conjuncts(and.getRightExpression()));
                return all;
            }
            if (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> p && p.size() == 1) {
                return conjuncts(p.get(0));
            }
            return List.of(e);
        }

        /** Hash join on the ON clause's equated columns; each candidate pair is checked against the whole ON. */
        private List<Object[]> hashJoin(List<Object[]> left, int leftWidth, List<Object[]> right, Part p, Frame outer) throws SQLException {
            List<Object[]> out = new ArrayList<>();
            int w = leftWidth + p.width;
            boolean rightJoin = p.kind.equals("RIGHT");
            List<Object[]> build = rightJoin ? left : right;
            Map<List<Object>, List<Object[]>> table = new java.util.HashMap<>();
            for (Object[] row : build) {
                List<Object> key = rightJoin ? p.keys.of(row, p.keys.left(), 0) : p.keys.of(row, p.keys.right(), 0);
                if (key != null) {
                    table.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
                }
            }
            for (Object[] probe : rightJoin ? right : left) {
                List<Object> key = rightJoin ? p.keys.of(probe, p.keys.right(), 0) : p.keys.of(probe, p.keys.left(), 0);
                boolean any = false;
                for (Object[] other : key == null ? List.<Object[]>of() : table.getOrDefault(key, List.of())) {
                    Object[] row = rightJoin ? concat(other, leftWidth, probe, p.width, w) : concat(probe, leftWidth, other, p.width, w);
                    if (Values.truth(p.on.eval(new Frame(row, null, outer))) == Boolean.TRUE) {
                        out.add(row);
                        any = true;
                        exec.checkRows(out.size());
                    }
                }
                if (!any && rightJoin) {
                    out.add(concat(null, leftWidth, probe, p.width, w));
                } else if (!any && p.kind.equals("LEFT")) {
                    out.add(concat(probe, leftWidth, null, p.width, w));
                }
            }
            return out;
        }

        private List<Object[]> join(List<Object[]> left, int leftWidth, List<Object[]> right, Part p, Frame outer) throws SQLException {
            if (p.keys != null) {
                return hashJoin(left, leftWidth, right, p, outer);
            }
            List<Object[]> out = new ArrayList<>();
            int w = leftWidth + p.width;
            boolean rightJoin = p.kind.equals("RIGHT");
            if (rightJoin) {
                boolean[] matched = new boolean[0];
                for (Object[] r : right) {
                    boolean any = false;
                    for (Object[] l : left) {
                        Object[] row = concat(l, leftWidth, r, p.width, w);
                        if (p.on == null || Values.truth(p.on.eval(new Frame(row, null, outer))) == Boolean.TRUE) {
                            out.add(row);
                            any = true;
                            exec.checkRows(out.size());
                        }
                    }
                    if (!any) {
                        out.add(concat(null, leftWidth, r, p.width, w));
                    }
                }
                return out;
            }
            for (Object[] l : left) {
                boolean any = false;
                for (Object[] r : right) {
                    Object[] row = concat(l, leftWidth, r, p.width, w);
                    if (p.on == null || Values.truth(p.on.eval(new Frame(row, null, outer))) == Boolean.TRUE) {
                        out.add(row);
                        any = true;
                        exec.checkRows(out.size());
                    }
                }
                if (!any && p.kind.equals("LEFT")) {
                    out.add(concat(l, leftWidth, null, p.width, w));
                }
            }
            return out;
        }

        private static Object[] concat(Object[] l, int lw, Object[] r, int rw, int w) {
            Object[] row = new Object[w];
            if (l != null) {
                System.arraycopy(l, 0, row, 0, lw);
            }
            if (r != null) {
                System.arraycopy(r, 0, row, lw, rw);
            }
            return row;
        }
    }

    // ------------------------------------------------------------------ UNION

    private static final class Union extends Query {
        private final Execution exec;
        private final SetOperationList sol;
        private final List<Query> branches = new ArrayList<>();
        private final List<Relation.Column> columns = new ArrayList<>();

        Union(Execution exec, SetOperationList sol, Scope outer) throws SQLException {
            this.exec = exec;
            this.sol = sol;
            for (SetOperation op : sol.getOperations()) {
                if (!(op instanceof UnionOp) && !(op instanceof net.sf.jsqlparser.statement.select.IntersectOp)
                        && !(op instanceof net.sf.jsqlparser.statement.select.ExceptOp)
                        && !(op instanceof net.sf.jsqlparser.statement.select.MinusOp)) {
                    throw Unsupported.of(op + " evaluated in the driver", exec.sql);
                }
            }
            for (Select s : sol.getSelects()) {
                branches.add(compile(exec, s, outer));
            }
            int n = branches.get(0).columns().size();
            for (Query b : branches) {
                if (b.columns().size() != n) {
                    throw new SQLException("The used SELECT statements have a different number of columns", "21000");
                }
            }
            for (int i = 0; i < n; i++) {
                List<Ty> types = new ArrayList<>();
                for (Query b : branches) {
                    types.add(b.columns().get(i).ty());
                }
                Relation.Column first = branches.get(0).columns().get(i);
                Ty t = Ty.unify(types);
                columns.add(new Relation.Column(first.label(), null, t, t.equals(first.ty()) ? first.origin() : null));
            }
        }

        @Override
        List<Relation.Column> columns() {
            return columns;
        }

        @Override
        boolean correlated() {
            return branches.stream().anyMatch(Query::correlated);
        }

        /**
         * INTERSECT binds tighter than UNION and EXCEPT, which apply left to right; without ALL
         * each removes duplicates from everything to its left, as in MariaDB and MySQL.
         */
        @Override
        Relation run(Frame outer) throws SQLException {
            List<List<Object[]>> operands = new ArrayList<>();
            List<SetOperation> ops = new ArrayList<>();
            operands.add(branch(0, outer));
            for (int b = 1; b < branches.size(); b++) {
                SetOperation op = sol.getOperations().get(b - 1);
                List<Object[]> next = branch(b, outer);
                if (op instanceof net.sf.jsqlparser.statement.select.IntersectOp) {
                    int last = operands.size() - 1;
                    operands.set(last, intersect(operands.get(last), next, op.isAll()));
                } else {
                    operands.add(next);
                    ops.add(op);
                }
            }
            List<Object[]> rows = operands.get(0);
            for (int k = 0; k < ops.size(); k++) {
                List<Object[]> next = operands.get(k + 1);
                if (ops.get(k) instanceof UnionOp) {
                    List<Object[]> both = new ArrayList<>(rows);
                    both.addAll(next);
                    rows = ops.get(k).isAll() ? both : distinct(both);
                } else {
                    rows = except(rows, next, ops.get(k).isAll());
                }
                exec.checkRows(rows.size());
            }
            Relation all = new Relation(columns, rows);
            List<OrderByElement> order = sol.getOrderByElements();
            if ((order == null || order.isEmpty()) && sol.getLimit() == null && sol.getOffset() == null) {
                return all;
            }
            return Ordered.apply(exec, all, order, sol.getLimit(), sol.getOffset());
        }

        private List<Object[]> branch(int b, Frame outer) throws SQLException {
            List<Object[]> rows = new ArrayList<>();
            for (Object[] r : branches.get(b).run(outer).rows()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = columns.get(i).origin() != null ? r[i] : Values.coerce(r[i], columns.get(i).ty());
                }
                rows.add(row);
            }
            exec.checkRows(rows.size());
            return rows;
        }

        private List<Object> key(Object[] row) {
            List<Object> key = new ArrayList<>(row.length);
            for (int i = 0; i < row.length; i++) {
                key.add(Values.key(row[i], columns.get(i).ty().collation()));
            }
            return key;
        }

        private Map<List<Object>, Integer> counts(List<Object[]> rows) {
            Map<List<Object>, Integer> counts = new java.util.HashMap<>();
            rows.forEach(r -> counts.merge(key(r), 1, Integer::sum));
            return counts;
        }

        private List<Object[]> intersect(List<Object[]> left, List<Object[]> right, boolean all) {
            Map<List<Object>, Integer> available = counts(right);
            List<Object[]> out = new ArrayList<>();
            for (Object[] r : left) {
                List<Object> k = key(r);
                int n = available.getOrDefault(k, 0);
                if (n > 0) {
                    out.add(r);
                    available.put(k, all ? n - 1 : 0);
                }
            }
            return out;
        }

        private List<Object[]> except(List<Object[]> left, List<Object[]> right, boolean all) {
            Map<List<Object>, Integer> removed = counts(right);
            List<Object[]> out = new ArrayList<>();
            Set<List<Object>> seen = new HashSet<>();
            for (Object[] r : left) {
                List<Object> k = key(r);
                int n = removed.getOrDefault(k, 0);
                if (n > 0) {
                    if (all) {
                        removed.put(k, n - 1);
                    }
                    continue;
                }
                if (all || seen.add(k)) {
                    out.add(r);
                }
            }
            return out;
        }

        private List<Object[]> distinct(List<Object[]> rows) {
            Set<List<Object>> seen = new HashSet<>();
            List<Object[]> out = new ArrayList<>();
            for (Object[] r : rows) {
                List<Object> key = new ArrayList<>();
                for (int i = 0; i < r.length; i++) {
                    key.add(Values.key(r[i], columns.get(i).ty().collation()));
                }
                if (seen.add(key)) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** ORDER BY and LIMIT applied to a finished result, by output name or position. */
    private static final class Ordered extends Query {
        private final Execution exec;
        private final Query inner;
        private final List<OrderByElement> order;
        private final Limit limit;
        private final Offset offset;

        Ordered(Execution exec, Query inner, List<OrderByElement> order, Limit limit, Offset offset) {
            this.exec = exec;
            this.inner = inner;
            this.order = order;
            this.limit = limit;
            this.offset = offset;
        }

        @Override
        List<Relation.Column> columns() {
            return inner.columns();
        }

        @Override
        boolean correlated() {
            return inner.correlated();
        }

        @Override
        Relation run(Frame outer) throws SQLException {
            return apply(exec, inner.run(outer), order, limit, offset);
        }

        static Relation apply(Execution exec, Relation rel, List<OrderByElement> order, Limit limit, Offset offset) throws SQLException {
            List<Object[]> rows = new ArrayList<>(rel.rows());
            if (order != null && !order.isEmpty()) {
                Scope scope = new Scope(exec, rel.columns(), null, false);
                Exprs exprs = new Exprs(exec);
                List<Node> keys = new ArrayList<>();
                for (OrderByElement o : order) {
                    Expression e = o.getExpression();
                    if (e instanceof LongValue pos) {
                        int k = (int) pos.getValue() - 1;
                        if (k < 0 || k >= rel.columns().size()) {
                            throw new java.sql.SQLSyntaxErrorException("Unknown column '" + pos.getValue() + "' in 'order clause'", "42S22");
                        }
                        keys.add(new Node(rel.columns().get(k).ty(), f -> f.row()[k]));
                    } else if (e instanceof Column c) {
                        // a UNION's ORDER BY names its output columns, whatever table they came from
                        keys.add(exprs.compile(new Column(c.getColumnName()), scope));
                    } else {
                        keys.add(exprs.compile(e, scope));
                    }
                }
                List<Object[]> computed = new ArrayList<>();
                for (Object[] r : rows) {
                    Object[] k = new Object[keys.size()];
                    for (int i = 0; i < k.length; i++) {
                        k[i] = keys.get(i).eval(new Frame(r, null, null));
                    }
                    computed.add(k);
                }
                String[] coll = new String[keys.size()];
                boolean[] asc = new boolean[keys.size()];
                for (int i = 0; i < coll.length; i++) {
                    coll[i] = keys.get(i).ty.collation();
                    asc[i] = order.get(i).isAsc();
                }
                rows = Sorting.byKeys(rows, computed, coll, asc);
            }
            return new Relation(rel.columns(), cut(exec, rows, limit, offset));
        }
    }
}
