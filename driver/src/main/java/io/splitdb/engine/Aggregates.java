package io.splitdb.engine;

import io.splitdb.sql.Unsupported;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.statement.select.OrderByElement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** COUNT, SUM, AVG, MIN, MAX and GROUP_CONCAT over the rows of a group, with MySQL's result types. */
final class Aggregates {
    private static final Set<String> NAMES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT", "BIT_AND", "BIT_OR",
            "BIT_XOR", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "JSON_ARRAYAGG",
            "JSON_OBJECTAGG");

    private Aggregates() {
    }

    static boolean isAggregate(String name) {
        return NAMES.contains(name.toUpperCase(Locale.ROOT));
    }

    /** True if the expression's text calls an aggregate outside any subquery (a cheap, conservative test). */
    static boolean appearsIn(Expression e) {
        if (e == null) {
            return false;
        }
        boolean[] found = {false};
        e.accept(new net.sf.jsqlparser.util.deparser.ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(Function function, S context) {
                if (isAggregate(function.getName())) {
                    found[0] = true;
                }
                return super.visit(function, context);
            }

            @Override
            public <S> StringBuilder visit(MySQLGroupConcat groupConcat, S context) {
                found[0] = true;
                return super.visit(groupConcat, context);
            }

            @Override
            public <S> StringBuilder visit(net.sf.jsqlparser.statement.select.ParenthesedSelect select, S context) {
                return getBuilder();  // a subquery's aggregates are its own
            }

            @Override
            public <S> StringBuilder visit(net.sf.jsqlparser.statement.select.Select select, S context) {
                return getBuilder();
            }
        }, null);
        return found[0];
    }

    static Node compile(Exprs exprs, Function fn, Scope scope) throws SQLException {
        String name = fn.getName().toUpperCase(Locale.ROOT);
        Execution exec = exprs.exec();
        if (!scope.aggregating) {
            throw new SQLException("Invalid use of group function " + name + "() in '" + io.splitdb.exec.Fragment.of(exec.sql) + "'", "HY000");
        }
        if (name.equals("GROUP_CONCAT")) {
            return groupConcat(exprs, fn, scope);
        }
        Scope rows = scope.rowByRow();
        if (name.equals("COUNT") && (fn.isAllColumns() || fn.getParameters() == null || fn.getParameters().isEmpty()
                || fn.getParameters().size() == 1 && fn.getParameters().get(0) instanceof net.sf.jsqlparser.statement.select.AllColumns)) {
            return new Node(Ty.LONG, f -> (long) f.group().size());
        }
        List<Node> args = exprs.compileAll(fn.getParameters(), rows);
        boolean distinct = fn.isDistinct();
        if (args.size() != 1 && !name.equals("COUNT")) {
            throw new SQLException("Incorrect parameter count in the call to native function '" + name + "'", "42000");
        }
        Node arg = args.get(0);
        String coll = Exprs.collation(args.toArray(new Node[0]));
        switch (name) {
            case "COUNT":
                return new Node(Ty.LONG, f -> {
                    long n = 0;
                    Set<List<Object>> seen = distinct ? new HashSet<>() : null;
                    for (Object[] r : f.group()) {
                        Frame rf = new Frame(r, null, f.outer());
                        List<Object> key = new ArrayList<>(args.size());
                        boolean anyNull = false;
                        for (Node a : args) {
                            Object v = a.eval(rf);
                            anyNull |= v == null;
                            key.add(Values.key(v, coll));
                        }
                        if (!anyNull && (seen == null || seen.add(key))) {
                            n++;
                        }
                    }
                    return n;
                });
            case "SUM": case "AVG": {
                Node num = Exprs.enumIndex(arg);
                Ty in = Exprs.numericTy(num.ty);
                boolean avg = name.equals("AVG");
                Ty t = !Ty.exact(in) ? Ty.DOUBLE : Ty.decimal(in.scale() + (avg ? Ty.DIV_INCREMENT : 0));
                return new Node(t, f -> {
                    List<Object> values = values(num, f, distinct, coll);
                    if (values.isEmpty()) {
                        return null;
                    }
                    if (t.kind() == Ty.Kind.DOUBLE) {
                        double s = 0;
                        for (Object v : values) {
                            s += Values.toDouble(v);
                        }
                        return avg ? s / values.size() : s;
                    }
                    BigDecimal s = BigDecimal.ZERO;
                    for (Object v : values) {
                        s = s.add(Values.toDecimal(v));
                    }
                    return avg ? s.divide(BigDecimal.valueOf(values.size()), t.scale(), RoundingMode.HALF_UP) : s.setScale(t.scale());
                });
            }
            case "MIN": case "MAX": {
                boolean max = name.equals("MAX");
                return new Node(arg.ty, f -> {
                    Object best = null;
                    for (Object v : values(arg, f, false, coll)) {
                        if (best == null || (Values.compare(v, best, coll) > 0) == max && Values.compare(v, best, coll) != 0) {
                            best = v;
                        }
                    }
                    return best;
                }, arg.origin, false);
            }
            default:
                throw Unsupported.of("the aggregate " + name + "() over protected columns", exec.sql);
        }
    }

    static Node groupConcat(Exprs exprs, MySQLGroupConcat gc, Scope scope) throws SQLException {
        return groupConcat(exprs, gc.getExpressionList(), gc.getOrderByElements(), gc.isDistinct(),
                gc.getSeparator() == null ? "," : unquote(gc.getSeparator()), scope);
    }

    /** JSqlParser 5.4 reads GROUP_CONCAT as a plain function; its SEPARATOR is only in its text. */
    private static final java.util.regex.Pattern SEPARATOR = java.util.regex.Pattern.compile(
            "(?is)\\bSEPARATOR\\s+('(?:[^'\\\\]|''|\\\\.)*')\\s*\\)\\s*$");

    private static Node groupConcat(Exprs exprs, Function fn, Scope scope) throws SQLException {
        java.util.regex.Matcher m = SEPARATOR.matcher(fn.toString());
        return groupConcat(exprs, fn.getParameters(), fn.getOrderByElements(), fn.isDistinct(), m.find() ? unquote(m.group(1)) : ",", scope);
    }

    private static Node groupConcat(Exprs exprs, List<? extends Expression> arguments, List<OrderByElement> orderBy, boolean distinct,
                                    String separator, Scope scope) throws SQLException {
        Execution exec = exprs.exec();
        if (!scope.aggregating) {
            throw new SQLException("Invalid use of group function GROUP_CONCAT()", "HY000");
        }
        Scope rows = scope.rowByRow();
        List<Node> args = exprs.compileAll(arguments, rows);
        List<OrderByElement> order = orderBy == null ? List.of() : orderBy;
        List<Node> orderNodes = new ArrayList<>();
        for (OrderByElement o : order) {
            // ORDER BY n inside GROUP_CONCAT names its n-th argument, as in a select list
            if (o.getExpression() instanceof net.sf.jsqlparser.expression.LongValue n && n.getValue() >= 1 && n.getValue() <= args.size()) {
                orderNodes.add(args.get((int) n.getValue() - 1));
            } else {
                orderNodes.add(Exprs.enumIndex(exprs.compile(o.getExpression(), rows)));  // ENUM sorts by position
            }
        }
        String coll = Exprs.collation(args.toArray(new Node[0]));
        return new Node(Ty.string(coll != null ? coll : exec.defaultCollation()), f -> {
            List<Object[]> items = new ArrayList<>();
            Set<List<Object>> seen = new HashSet<>();
            for (Object[] r : f.group()) {
                Frame rf = new Frame(r, null, f.outer());
                StringBuilder sb = new StringBuilder();
                List<Object> key = new ArrayList<>();
                boolean anyNull = false;
                for (Node a : args) {
                    Object v = a.eval(rf);
                    anyNull |= v == null;
                    sb.append(Values.text(v));
                    key.add(Values.key(v, coll));
                }
                if (anyNull || (distinct && !seen.add(key))) {
                    continue;
                }
                Object[] item = new Object[orderNodes.size() + 1];
                item[0] = sb.toString();
                for (int i = 0; i < orderNodes.size(); i++) {
                    item[i + 1] = orderNodes.get(i).eval(rf);
                }
                items.add(item);
            }
            if (items.isEmpty()) {
                return null;
            }
            if (!orderNodes.isEmpty()) {
                items.sort((x, y) -> {
                    for (int i = 0; i < orderNodes.size(); i++) {
                        int c = Sorting.compareNullsLow(x[i + 1], y[i + 1], orderNodes.get(i).ty.collation());
                        if (c != 0) {
                            return order.get(i).isAsc() ? c : -c;
                        }
                    }
                    return 0;
                });
            }
            List<String> parts = new ArrayList<>();
            items.forEach(i -> parts.add((String) i[0]));
            return String.join(separator, parts);
        });
    }

    private static List<Object> values(Node arg, Frame f, boolean distinct, String coll) throws SQLException {
        List<Object> values = new ArrayList<>();
        Set<Object> seen = distinct ? new HashSet<>() : null;
        for (Object[] r : f.group()) {
            Object v = arg.eval(new Frame(r, null, f.outer()));
            if (v != null && (seen == null || seen.add(Values.key(v, coll)))) {
                values.add(v);
            }
        }
        return values;
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("'") && t.endsWith("'") ? t.substring(1, t.length() - 1).replace("''", "'") : t;
    }
}
