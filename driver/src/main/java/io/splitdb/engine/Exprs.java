package io.splitdb.engine;

import io.splitdb.sql.Unsupported;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TranscodingFunction;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseLeftShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseOr;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseRightShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.CosineSimilarity;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles an expression of a statement into a {@link Node} with MySQL's semantics: three-valued
 * logic, comparisons by collation or number, integer and DECIMAL arithmetic kept exact, CASE
 * typed by its branches. Compilation happens once per execution, with the arguments known (a
 * literal's type decides the arithmetic).
 */
final class Exprs {
    private final Execution exec;

    Exprs(Execution exec) {
        this.exec = exec;
    }

    Node compile(Expression e, Scope scope) throws SQLException {
        if (e instanceof NullValue) {
            return Node.constant(Ty.NULL, null);
        }
        if (e instanceof LongValue l) {
            BigInteger v = new BigInteger(l.getStringValue());
            return v.bitLength() < 64 ? Node.constant(Ty.LONG, v.longValue()) : Node.constant(Ty.decimal(0), new BigDecimal(v));
        }
        if (e instanceof DoubleValue d) {
            String text = d.toString();
            return text.contains("e") || text.contains("E") ? Node.constant(Ty.DOUBLE, Double.parseDouble(text))
                    : Node.constant(Ty.decimal(new BigDecimal(text).scale()), new BigDecimal(text));
        }
        if (e instanceof StringValue s) {
            return Node.constant(Ty.string(exec.defaultCollation()), unescape(s));
        }
        if (e instanceof HexValue h) {
            return Node.constant(Ty.BINARY, hex(h.getValue()));
        }
        if (e instanceof BooleanValue b) {
            return Node.constant(Ty.LONG, b.getValue() ? 1L : 0L);
        }
        if (e instanceof JdbcParameter p) {
            Object v = Values.normal(exec.args[p.getIndex() - 1]);
            if (v instanceof BigDecimal d && d.scale() == 0 && d.unscaledValue().bitLength() < 64) {
                // a whole number in the text (lifted 9223372036854775807) or inlined by Connector/J is a BIGINT, not a DECIMAL
                v = d.longValueExact();
            }
            return Node.constant(Ty.ofValue(v, exec.defaultCollation()), v);
        }
        if (e instanceof Column c) {
            return column(c, scope);
        }
        if (e instanceof ParenthesedExpressionList<?> list) {
            if (list.size() == 1) {
                return compile(list.get(0), scope);
            }
            throw Unsupported.of("row constructors such as " + e, exec.sql);
        }
        if (e instanceof SignedExpression s) {
            Node inner = compile(s.getExpression(), scope);
            switch (s.getSign()) {
                case '-': {
                    Ty t = inner.ty.numeric() ? inner.ty : Ty.DOUBLE;
                    return new Node(t, f -> Ops.negate(inner.eval(f), t), null, inner.constant);
                }
                case '~':
                    return new Node(Ty.LONG, f -> {
                        Object v = inner.eval(f);
                        return v == null ? null : ~Values.toLong(v);
                    }, null, inner.constant);
                default:
                    return inner;
            }
        }
        if (e instanceof NotExpression n) {
            Node inner = compile(n.getExpression(), scope);
            return logical(f -> {
                Boolean b = Values.truth(inner.eval(f));
                return b == null ? null : !b;
            }, inner);
        }
        if (e instanceof AndExpression a) {
            Node l = compile(a.getLeftExpression(), scope);
            Node r = compile(a.getRightExpression(), scope);
            return logical(f -> {
                Boolean x = Values.truth(l.eval(f));
                if (x == Boolean.FALSE) {
                    return false;
                }
                Boolean y = Values.truth(r.eval(f));
                if (y == Boolean.FALSE) {
                    return false;
                }
                return x == null || y == null ? null : true;
            }, l, r);
        }
        if (e instanceof OrExpression || e instanceof Concat) {
            // || is OR under MySQL's default sql_mode
            BinaryExpression b = (BinaryExpression) e;
            Node l = compile(b.getLeftExpression(), scope);
            Node r = compile(b.getRightExpression(), scope);
            return logical(f -> {
                Boolean x = Values.truth(l.eval(f));
                if (x == Boolean.TRUE) {
                    return true;
                }
                Boolean y = Values.truth(r.eval(f));
                if (y == Boolean.TRUE) {
                    return true;
                }
                return x == null || y == null ? null : false;
            }, l, r);
        }
        if (e instanceof XorExpression x) {
            Node l = compile(x.getLeftExpression(), scope);
            Node r = compile(x.getRightExpression(), scope);
            return logical(f -> {
                Boolean p = Values.truth(l.eval(f));
                Boolean q = Values.truth(r.eval(f));
                return p == null || q == null ? null : p ^ q;
            }, l, r);
        }
        if (e instanceof ComparisonOperator || e instanceof CosineSimilarity) {
            return comparison((BinaryExpression) e, scope);
        }
        if (e instanceof Between b) {
            Node v = compile(b.getLeftExpression(), scope);
            Node lo = compile(b.getBetweenExpressionStart(), scope);
            Node hi = compile(b.getBetweenExpressionEnd(), scope);
            String coll = collation(v, lo, hi);
            boolean not = b.isNot();
            return logical(f -> {
                Object x = v.eval(f);
                Object p = lo.eval(f);
                Object q = hi.eval(f);
                Boolean geLow = x == null || p == null ? null : Values.compare(x, p, coll) >= 0;
                Boolean leHigh = x == null || q == null ? null : Values.compare(x, q, coll) <= 0;
                Boolean in = geLow == Boolean.FALSE || leHigh == Boolean.FALSE ? Boolean.FALSE
                        : (geLow == null || leHigh == null ? null : Boolean.TRUE);
                return in == null ? null : in ^ not;
            }, v, lo, hi);
        }
        if (e instanceof InExpression in) {
            return in(in, scope);
        }
        if (e instanceof ExistsExpression ex) {
            if (!(ex.getRightExpression() instanceof Select inner)) {
                throw Unsupported.of("EXISTS over " + ex.getRightExpression(), exec.sql);
            }
            Subquery sub = subquery(inner, scope);
            boolean not = ex.isNot();
            return new Node(Ty.LONG, f -> (!sub.rows(f).isEmpty()) ^ not ? 1L : 0L);
        }
        if (e instanceof IsNullExpression n) {
            Node inner = compile(n.getLeftExpression(), scope);
            boolean not = n.isNot();
            return logical(f -> (inner.eval(f) == null) ^ not, inner);
        }
        if (e instanceof IsBooleanExpression b) {
            Node inner = compile(b.getLeftExpression(), scope);
            boolean want = b.isTrue();
            boolean not = b.isNot();
            return logical(f -> {
                Boolean t = Values.truth(inner.eval(f));
                return (t != null && t == want) ^ not;
            }, inner);
        }
        if (e instanceof IsUnknownExpression u) {
            Node inner = compile(u.getLeftExpression(), scope);
            boolean not = u.isNot();
            return logical(f -> (Values.truth(inner.eval(f)) == null) ^ not, inner);
        }
        if (e instanceof LikeExpression like) {
            return like(like, scope);
        }
        if (e instanceof Addition || e instanceof Subtraction) {
            BinaryExpression b = (BinaryExpression) e;
            if (b.getRightExpression() instanceof IntervalExpression iv) {
                return Functions.dateAdd(compile(b.getLeftExpression(), scope), interval(iv, scope), e instanceof Subtraction);
            }
            if (b.getLeftExpression() instanceof IntervalExpression iv && e instanceof Addition) {
                return Functions.dateAdd(compile(b.getRightExpression(), scope), interval(iv, scope), false);
            }
            return arithmetic(b, e instanceof Addition ? Ops.Arith.ADD : Ops.Arith.SUB, scope);
        }
        if (e instanceof Multiplication m) {
            return arithmetic(m, Ops.Arith.MUL, scope);
        }
        if (e instanceof Division d) {
            return arithmetic(d, Ops.Arith.DIV, scope);
        }
        if (e instanceof IntegerDivision d) {
            return arithmetic(d, Ops.Arith.INTDIV, scope);
        }
        if (e instanceof Modulo m) {
            return arithmetic(m, Ops.Arith.MOD, scope);
        }
        if (e instanceof BitwiseAnd || e instanceof BitwiseOr || e instanceof BitwiseXor || e instanceof BitwiseLeftShift
                || e instanceof BitwiseRightShift) {
            return bitwise((BinaryExpression) e, scope);
        }
        if (e instanceof CaseExpression c) {
            return caseExpression(c, scope);
        }
        if (e instanceof ParenthesedSelect ps) {
            Subquery sub = subquery(ps, scope);
            Ty t = sub.columnType(0);
            return new Node(t, f -> {
                List<Object[]> rows = sub.rows(f);
                if (rows.size() > 1) {
                    throw new SQLException("Subquery returns more than 1 row", "21000");
                }
                return rows.isEmpty() ? null : rows.get(0)[0];
            });
        }
        if (e instanceof Function fn) {
            if (Aggregates.isAggregate(fn.getName())) {
                return Aggregates.compile(this, fn, scope);
            }
            return Functions.compile(this, fn, scope);
        }
        if (e instanceof MySQLGroupConcat gc) {
            return Aggregates.groupConcat(this, gc, scope);
        }
        if (e instanceof CastExpression c) {
            return Functions.cast(compile(c.getLeftExpression(), scope), c.getColDataType().getDataType(),
                    c.getColDataType().getArgumentsStringList(), exec);
        }
        if (e instanceof TranscodingFunction t) {
            if (t.isTranscodeStyle()) {
                return Functions.cast(compile(t.getExpression(), scope), "CHAR", null, exec);  // CONVERT(x USING cs)
            }
            // JSqlParser 5.4 reads CONVERT(x, type) with the two swapped: the type as the expression
            try {
                Expression value = net.sf.jsqlparser.parser.CCJSqlParserUtil.parseExpression(t.getColDataType().toString());
                return Functions.cast(compile(value, scope), t.getExpression().toString(), null, exec);
            } catch (net.sf.jsqlparser.JSQLParserException unreadable) {
                throw Unsupported.of("the expression '" + e + "'", exec.sql);
            }
        }
        if (e instanceof TrimFunction t) {
            return Functions.trim(this, t, scope);
        }
        if (e instanceof ExtractExpression x) {
            return Functions.extract(x.getName(), compile(x.getExpression(), scope), true);
        }
        if (e instanceof TimeKeyExpression t) {
            return Functions.timeKey(t.getStringValue(), exec);
        }
        if (e instanceof CollateExpression c) {
            Node inner = compile(c.getLeftExpression(), scope);
            Ty t = Ty.string(c.getCollate());
            return new Node(t, f -> Values.text(inner.eval(f)), null, inner.constant);
        }
        if (e instanceof AnalyticExpression) {
            throw Unsupported.of("window functions over protected columns", exec.sql);
        }
        throw Unsupported.of("the expression '" + e + "' over protected columns", exec.sql);
    }

    List<Node> compileAll(List<? extends Expression> list, Scope scope) throws SQLException {
        List<Node> nodes = new ArrayList<>();
        if (list != null) {
            for (Expression x : list) {
                nodes.add(compile(x, scope));
            }
        }
        return nodes;
    }

    Execution exec() {
        return exec;
    }

    /**
     * An ENUM column in a numeric context (arithmetic, SUM, comparison with a number): its
     * member's position, 1 for the first, as MySQL uses it; any other node as it is.
     */
    static Node enumIndex(Node n) {
        if (n.origin == null || !n.origin.type().baseName().equals("ENUM")) {
            return n;
        }
        List<String> members = n.origin.type().members();
        return new Node(Ty.LONG, f -> {
            Object v = n.eval(f);
            if (v == null) {
                return null;
            }
            int i = members.indexOf(Values.text(v));
            return (long) (i + 1);
        }, null, n.constant);
    }

    private Node column(Column c, Scope scope) throws SQLException {
        String name = io.splitdb.catalog.TableInfo.unquote(c.getColumnName());
        String qualifier = c.getTable() == null || c.getTable().getName() == null ? null : io.splitdb.catalog.TableInfo.unquote(c.getTable().getName());
        if (qualifier == null) {
            Node alias = scope.alias(name);
            if (alias != null && !hasColumn(scope, name)) {
                return alias;
            }
            if (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false")) {
                return Node.constant(Ty.LONG, name.equalsIgnoreCase("true") ? 1L : 0L);
            }
        }
        Scope.Ref ref = scope.resolve(qualifier, name, scope.aggregating ? "field list" : "where clause");
        int depth = ref.depth();
        int index = ref.index();
        if (depth == 0) {
            return new Node(ref.column().ty(), f -> f.row()[index], ref.column().origin(), false);
        }
        return new Node(ref.column().ty(), f -> f.up(depth).row()[index], ref.column().origin(), false);
    }

    private static boolean hasColumn(Scope scope, String name) {
        return scope.columns.stream().anyMatch(c -> c.label() != null && c.label().equalsIgnoreCase(name));
    }

    private static Node logical(Node.Eval eval, Node... inputs) {
        boolean constant = true;
        for (Node n : inputs) {
            constant &= n.constant;
        }
        Node.Eval asLong = f -> {
            Object v = eval.eval(f);
            return v instanceof Boolean b ? (b ? 1L : 0L) : v;
        };
        return new Node(Ty.LONG, asLong, null, constant);
    }

    /**
     * The collation text comparisons of these operands use: a column's (or any non-constant
     * operand's) wins over a literal's; between two columns of different collations a binary
     * ({@code _bin}) one wins, as MySQL resolves equal coercibility within one character set.
     */
    static String collation(Node... nodes) {
        String found = null;
        String fromColumn = null;
        for (Node n : nodes) {
            if (n.ty.kind() == Ty.Kind.STRING) {
                if (n.origin != null || n.ty.collation() != null && !n.constant) {
                    if (fromColumn == null || Ty.binaryCollation(n.ty.collation())) {
                        fromColumn = n.ty.collation();
                    }
                } else if (found == null) {
                    found = n.ty.collation();
                }
            }
        }
        return fromColumn != null ? fromColumn : found;
    }

    private Node comparison(BinaryExpression b, Scope scope) throws SQLException {
        Node l = compile(b.getLeftExpression(), scope);
        if (b.getRightExpression() instanceof AnyComparisonExpression any) {
            return anyComparison(b, l, any, scope);
        }
        Node r = compile(b.getRightExpression(), scope);
        if (r.ty.numeric()) {
            l = enumIndex(l);
        }
        if (l.ty.numeric()) {
            r = enumIndex(r);
        }
        Node x0 = l;
        Node y0 = r;
        return compare(b, x0, y0);
    }

    private Node compare(BinaryExpression b, Node l, Node r) throws SQLException {
        String coll = collation(l, r);
        if (b instanceof CosineSimilarity) {
            // <=> : NULL-safe equality
            return logical(f -> {
                Object x = l.eval(f);
                Object y = r.eval(f);
                if (x == null || y == null) {
                    return x == null && y == null;
                }
                return Values.compare(x, y, coll) == 0;
            }, l, r);
        }
        CompareOp op = CompareOp.of(b);
        return logical(f -> {
            Object x = l.eval(f);
            if (x == null) {
                return null;
            }
            Object y = r.eval(f);
            return y == null ? null : op.test(Values.compare(x, y, coll));
        }, l, r);
    }

    /** The outcome of a comparison from the sign of compare(). */
    enum CompareOp {
        EQ, NE, LT, LE, GT, GE;

        static CompareOp of(Expression e) throws SQLException {
            if (e instanceof EqualsTo) {
                return EQ;
            }
            if (e instanceof NotEqualsTo) {
                return NE;
            }
            if (e instanceof MinorThan) {
                return LT;
            }
            if (e instanceof MinorThanEquals) {
                return LE;
            }
            if (e instanceof GreaterThan) {
                return GT;
            }
            if (e instanceof GreaterThanEquals) {
                return GE;
            }
            throw new SQLException("unknown comparison " + e, "0A000");
        }

        boolean test(int c) {
            switch (this) {
                case EQ: return c == 0;
                case NE: return c != 0;
                case LT: return c < 0;
                case LE: return c <= 0;
                case GT: return c > 0;
                default: return c >= 0;
            }
        }
    }

    private Node anyComparison(BinaryExpression b, Node l, AnyComparisonExpression any, Scope scope) throws SQLException {
        Subquery sub = subquery(any.getSelect(), scope);
        CompareOp op = CompareOp.of(b);
        boolean all = any.getAnyType() == net.sf.jsqlparser.expression.AnyType.ALL;
        String coll = collation(l, new Node(sub.columnType(0), f -> null));
        return logical(f -> {
            List<Object[]> rows = sub.rows(f);
            Object x = l.eval(f);
            if (rows.isEmpty()) {
                return all;
            }
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (Object[] row : rows) {
                if (row[0] == null) {
                    sawNull = true;
                    continue;
                }
                boolean t = op.test(Values.compare(x, row[0], coll));
                if (all && !t) {
                    return false;
                }
                if (!all && t) {
                    return true;
                }
            }
            return sawNull ? null : all;
        }, l);
    }

    private Node in(InExpression in, Scope scope) throws SQLException {
        Node l = compile(in.getLeftExpression(), scope);
        boolean not = in.isNot();
        Expression right = in.getRightExpression();
        if (right instanceof Select select) {
            Subquery sub = subquery(select, scope);
            String coll = collation(l, new Node(sub.columnType(0), f -> null));
            return logical(f -> {
                Object x = l.eval(f);
                List<Object[]> rows = sub.rows(f);
                if (rows.isEmpty()) {
                    return not;
                }
                if (x == null) {
                    return null;
                }
                boolean sawNull = false;
                for (Object[] row : rows) {
                    if (row[0] == null) {
                        sawNull = true;
                    } else if (Values.compare(x, row[0], coll) == 0) {
                        return !not;
                    }
                }
                return sawNull ? null : not;
            }, l);
        }
        if (!(right instanceof ExpressionList<?> list)) {
            throw Unsupported.of("IN with " + right, exec.sql);
        }
        List<Node> items = compileAll(list, scope);
        List<Node> all = new ArrayList<>(items);
        all.add(l);
        String coll = collation(all.toArray(new Node[0]));
        return logical(f -> {
            Object x = l.eval(f);
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (Node item : items) {
                Object y = item.eval(f);
                if (y == null) {
                    sawNull = true;
                } else if (Values.compare(x, y, coll) == 0) {
                    return !not;
                }
            }
            return sawNull ? null : not;
        }, all.toArray(new Node[0]));
    }

    private Node like(LikeExpression like, Scope scope) throws SQLException {
        Node v = compile(like.getLeftExpression(), scope);
        Node p = compile(like.getRightExpression(), scope);
        boolean not = like.isNot();
        String keyword = like.getLikeKeyWord() == null ? "LIKE" : like.getLikeKeyWord().toString();
        if (keyword.equals("REGEXP") || keyword.equals("RLIKE")) {
            boolean caseInsensitive = collationIsCi(collation(v, p));
            return logical(f -> {
                Object x = v.eval(f);
                Object y = p.eval(f);
                if (x == null || y == null) {
                    return null;
                }
                java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(Values.text(y),
                        caseInsensitive ? java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE : 0);
                return pattern.matcher(Values.text(x)).find() ^ not;
            }, v, p);
        }
        if (!keyword.equals("LIKE")) {
            throw Unsupported.of(keyword, exec.sql);
        }
        Node escapeNode = like.getEscape() == null ? Node.constant(Ty.string(null), "\\") : compile(like.getEscape(), scope);
        String coll = collation(v, p);
        return logical(f -> {
            Object x = v.eval(f);
            Object y = p.eval(f);
            if (x == null || y == null) {
                return null;
            }
            Object esc = escapeNode.eval(f);
            char escape = esc == null || Values.text(esc).isEmpty() ? '\\' : Values.text(esc).charAt(0);
            return Ops.like(Values.text(x), Values.text(y), escape, coll) ^ not;
        }, v, p);
    }

    static boolean collationIsCi(String collation) {
        return collation == null || !collation.toLowerCase(Locale.ROOT).endsWith("_bin") && !collation.toLowerCase(Locale.ROOT).endsWith("_cs");
    }

    private Node arithmetic(BinaryExpression b, Ops.Arith op, Scope scope) throws SQLException {
        Node l = enumIndex(compile(b.getLeftExpression(), scope));
        Node r = enumIndex(compile(b.getRightExpression(), scope));
        Ty lt = numericTy(l.ty);
        Ty rt = numericTy(r.ty);
        Ty t;
        switch (op) {
            case INTDIV: t = Ty.LONG; break;
            case MOD: t = Ops.modType(lt, rt); break;
            default: t = Ty.arithmetic(lt, rt, op == Ops.Arith.MUL, op == Ops.Arith.DIV);
        }
        Ty result = t;
        return new Node(result, f -> {
            Object x = l.eval(f);
            if (x == null) {
                return null;
            }
            Object y = r.eval(f);
            return Ops.arith(op, x, y, result);
        }, null, l.constant && r.constant);
    }

    /** How an operand counts in arithmetic: text and dates become numbers (text as DOUBLE). */
    static Ty numericTy(Ty t) {
        switch (t.kind()) {
            case LONG: case DECIMAL: case DOUBLE: case NULL: return t;
            case DATE: case DATETIME: case TIME: return t.scale() > 0 ? Ty.decimal(t.scale()) : Ty.LONG;
            default: return Ty.DOUBLE;
        }
    }

    private Node bitwise(BinaryExpression b, Scope scope) throws SQLException {
        Node l = compile(b.getLeftExpression(), scope);
        Node r = compile(b.getRightExpression(), scope);
        return new Node(Ty.LONG, f -> {
            Object x = l.eval(f);
            Object y = r.eval(f);
            if (x == null || y == null) {
                return null;
            }
            long p = Values.toLong(x);
            long q = Values.toLong(y);
            if (b instanceof BitwiseAnd) {
                return p & q;
            }
            if (b instanceof BitwiseOr) {
                return p | q;
            }
            if (b instanceof BitwiseXor) {
                return p ^ q;
            }
            if (b instanceof BitwiseLeftShift) {
                return q >= 64 ? 0L : p << q;
            }
            return q >= 64 ? 0L : p >>> q;
        }, null, l.constant && r.constant);
    }

    private Node caseExpression(CaseExpression c, Scope scope) throws SQLException {
        Node subject = c.getSwitchExpression() == null ? null : compile(c.getSwitchExpression(), scope);
        List<Node> whens = new ArrayList<>();
        List<Node> thens = new ArrayList<>();
        for (WhenClause w : c.getWhenClauses()) {
            whens.add(compile(w.getWhenExpression(), scope));
            thens.add(compile(w.getThenExpression(), scope));
        }
        Node otherwise = c.getElseExpression() == null ? Node.constant(Ty.NULL, null) : compile(c.getElseExpression(), scope);
        List<Ty> types = new ArrayList<>();
        thens.forEach(n -> types.add(n.ty));
        types.add(otherwise.ty);
        Ty t = Ty.unify(types);
        String coll = subject == null ? null : collation(whens.toArray(new Node[0]));
        String subjectColl = subject == null ? null : (collation(subject) != null ? collation(subject) : coll);
        // MariaDB's simple CASE stops at the first WHEN whose comparison is unknown (a NULL that is
        // not a literal) and returns the ELSE; MySQL goes on to the next WHEN
        boolean stopAtUnknown = subject != null && exec.mariaDb();
        return new Node(t, f -> {
            Object s = subject == null ? null : subject.eval(f);
            for (int i = 0; i < whens.size(); i++) {
                Object w = whens.get(i).eval(f);
                boolean hit;
                if (subject == null) {
                    hit = Values.truth(w) == Boolean.TRUE;
                } else {
                    if (stopAtUnknown && (s == null || w == null) && !whens.get(i).constant) {
                        break;
                    }
                    hit = s != null && w != null && Values.compare(s, w, subjectColl) == 0;
                }
                if (hit) {
                    return Values.coerce(thens.get(i).eval(f), t);
                }
            }
            return Values.coerce(otherwise.eval(f), t);
        });
    }

    /**
     * An INTERVAL's amount and unit. JSqlParser 5.4 nests {@code INTERVAL ? MONTH} as an interval
     * inside an interval and keeps the unit only in the text, so the unit is read from there.
     */
    Functions.Interval interval(IntervalExpression iv, Scope scope) throws SQLException {
        String text = iv.toString().trim();
        String unit = text.substring(text.lastIndexOf(' ') + 1).toUpperCase(Locale.ROOT);
        IntervalExpression inner = iv;
        boolean negative = false;
        while (true) {
            if (inner.getExpression() instanceof IntervalExpression nested) {
                inner = nested;
            } else if (inner.getExpression() instanceof SignedExpression signed && signed.getExpression() instanceof IntervalExpression nested) {
                // INTERVAL -? DAY reads as a sign around a nested interval
                negative ^= signed.getSign() == '-';
                inner = nested;
            } else {
                break;
            }
        }
        Node n;
        if (inner.getExpression() != null) {
            Node amount = compile(inner.getExpression(), scope);
            n = negative ? new Node(amount.ty, f -> Ops.negate(amount.eval(f), amount.ty), null, amount.constant) : amount;
        } else if (inner.getParameter() != null) {
            String p = inner.getParameter().trim();
            n = Node.constant(Ty.string(null), p.startsWith("'") ? p.substring(1, p.length() - 1) : p);
        } else {
            throw Unsupported.of("the interval '" + iv + "'", exec.sql);
        }
        return new Functions.Interval(n, unit);
    }

    Subquery subquery(Select select, Scope scope) throws SQLException {
        return new Subquery(Query.compile(exec, select, scope), exec);
    }

    /** A compiled subquery; run once if it needs nothing from the outer row. */
    static final class Subquery {
        private final Query query;
        private final Execution exec;

        Subquery(Query query, Execution exec) {
            this.query = query;
            this.exec = exec;
        }

        Ty columnType(int i) {
            return query.columns().get(i).ty();
        }

        @SuppressWarnings("unchecked")
        List<Object[]> rows(Frame f) throws SQLException {
            if (!query.correlated()) {
                Object cached = exec.onceResults.get(this);
                if (cached == null) {
                    cached = query.run(null).rows();
                    exec.onceResults.put(this, cached);
                }
                return (List<Object[]>) cached;
            }
            return query.run(f).rows();
        }
    }

    private static String unescape(StringValue s) {
        String v = s.getValue();
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\'' && i + 1 < v.length() && v.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                switch (n) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case '0': out.append('\0'); break;
                    case 'Z': out.append('\032'); break;
                    case '%': case '_': out.append('\\').append(n); break;
                    default: out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] hex(String literal) {
        String h = literal.trim();
        if (h.toLowerCase(Locale.ROOT).startsWith("x'")) {
            h = h.substring(2, h.length() - 1);
        } else if (h.toLowerCase(Locale.ROOT).startsWith("0x")) {
            h = h.substring(2);
        }
        if (h.length() % 2 == 1) {
            h = "0" + h;
        }
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
