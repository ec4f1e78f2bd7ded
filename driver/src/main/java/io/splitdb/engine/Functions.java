package io.splitdb.engine;

import io.splitdb.sql.Unsupported;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.operators.relational.NamedExpressionList;
import net.sf.jsqlparser.schema.Column;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The scalar functions the driver evaluates over decrypted values, with MySQL's results and types. */
final class Functions {

    private Functions() {
    }

    /** An {@code INTERVAL n unit}. */
    record Interval(Node amount, String unit) {
    }

    @FunctionalInterface
    private interface Fn {
        Object apply(Object[] v) throws SQLException;
    }

    static Node compile(Exprs exprs, Function fn, Scope scope) throws SQLException {
        String name = fn.getName().toUpperCase(Locale.ROOT);
        Execution exec = exprs.exec();
        List<Expression> params = new ArrayList<>();
        if (fn.getParameters() != null) {
            params.addAll(fn.getParameters());
        }
        if (fn.getNamedParameters() != null) {
            NamedExpressionList<?> named = fn.getNamedParameters();
            params.addAll(named);
        }
        if ((name.equals("TIMESTAMPDIFF") || name.equals("TIMESTAMPADD")) && params.size() == 3) {
            // the unit is a keyword; JSqlParser reads it as a column or a time keyword, its text is what counts
            String unit = params.get(0).toString().toUpperCase(Locale.ROOT).replace("`", "").trim();
            if (name.equals("TIMESTAMPADD")) {
                return dateAdd(exprs.compile(params.get(2), scope), new Interval(exprs.compile(params.get(1), scope), unit), false);
            }
            return timestampDiff(unit, exprs.compileAll(params.subList(1, params.size()), scope));
        }
        if (name.equals("CONVERT") && params.size() == 2 && params.get(1) instanceof Column type) {
            return cast(exprs.compile(params.get(0), scope), type.getColumnName(), null, exec);
        }
        if ((name.equals("DATE_ADD") || name.equals("DATE_SUB") || name.equals("ADDDATE") || name.equals("SUBDATE")) && params.size() == 2) {
            Node date = exprs.compile(params.get(0), scope);
            Interval iv = params.get(1) instanceof net.sf.jsqlparser.expression.IntervalExpression ie ? exprs.interval(ie, scope)
                    : new Interval(exprs.compile(params.get(1), scope), "DAY");
            return dateAdd(date, iv, name.equals("DATE_SUB") || name.equals("SUBDATE"));
        }
        List<Node> a = exprs.compileAll(params, scope);
        String coll = Exprs.collation(a.toArray(new Node[0]));
        Ty text = Ty.string(coll != null ? coll : exec.defaultCollation());
        switch (name) {
            case "COALESCE": case "IFNULL": case "NVL": {
                Ty t = Ty.unify(a.stream().map(n -> n.ty).toList());
                return node(t, a, v -> {
                    for (Object x : v) {
                        if (x != null) {
                            return Values.coerce(x, t);
                        }
                    }
                    return null;
                }, true);
            }
            case "NULLIF": {
                arity(name, a, 2, exec);
                String c = Exprs.collation(a.get(0), a.get(1));
                return node(a.get(0).ty, a, v -> v[0] != null && v[1] != null && Values.compare(v[0], v[1], c) == 0 ? null : v[0], true);
            }
            case "IF": {
                arity(name, a, 3, exec);
                Ty t = Ty.unify(List.of(a.get(1).ty, a.get(2).ty));
                Node cond = a.get(0);
                Node yes = a.get(1);
                Node no = a.get(2);
                return new Node(t, f -> Values.coerce(Values.truth(cond.eval(f)) == Boolean.TRUE ? yes.eval(f) : no.eval(f), t));
            }
            case "ISNULL":
                arity(name, a, 1, exec);
                return node(Ty.LONG, a, v -> v[0] == null ? 1L : 0L, true);
            case "ABS":
                arity(name, a, 1, exec);
                return node(Exprs.numericTy(a.get(0).ty), a, v -> {
                    Object n = Values.number(v[0]);
                    if (n instanceof Long l) {
                        if (l == Long.MIN_VALUE) {
                            throw new SQLException("BIGINT value is out of range in 'abs'", "22003");
                        }
                        return Math.abs(l);
                    }
                    return n instanceof Double d ? (Object) Math.abs(d) : ((BigDecimal) n).abs();
                }, false);
            case "SIGN":
                arity(name, a, 1, exec);
                return node(Ty.LONG, a, v -> (long) Integer.signum(Values.compare(Values.number(v[0]), 0L, null)), false);
            case "FLOOR": case "CEIL": case "CEILING": {
                arity(name, a, 1, exec);
                RoundingMode mode = name.equals("FLOOR") ? RoundingMode.FLOOR : RoundingMode.CEILING;
                Ty t = a.get(0).ty.kind() == Ty.Kind.DOUBLE || !Ty.exact(Exprs.numericTy(a.get(0).ty)) ? Ty.DOUBLE : Ty.LONG;
                return node(t, a, v -> {
                    Object n = Values.number(v[0]);
                    if (t == Ty.DOUBLE) {
                        double d = ((Number) n).doubleValue();
                        return mode == RoundingMode.FLOOR ? Math.floor(d) : Math.ceil(d);
                    }
                    return Values.toLong(Values.toDecimal(n).setScale(0, mode));
                }, false);
            }
            case "ROUND": case "TRUNCATE": {
                if (a.size() < 1 || a.size() > 2 || name.equals("TRUNCATE") && a.size() != 2) {
                    arity(name, a, 2, exec);
                }
                Node places = a.size() == 2 ? a.get(1) : Node.constant(Ty.LONG, 0L);
                if (!places.constant) {
                    throw Unsupported.of(name + " with a number of places that is not a constant", exec.sql);
                }
                long d = places.eval(Frame.EMPTY) == null ? 0 : Values.toLong(places.eval(Frame.EMPTY));
                Ty in = Exprs.numericTy(a.get(0).ty);
                RoundingMode mode = name.equals("ROUND") ? RoundingMode.HALF_UP : RoundingMode.DOWN;
                Ty t = in.kind() == Ty.Kind.DOUBLE ? Ty.DOUBLE : (in.kind() == Ty.Kind.LONG && d >= 0 ? Ty.LONG : Ty.decimal((int) Math.max(0, d)));
                return node(t, a, v -> {
                    if (v.length > 1 && v[1] == null) {
                        return null;
                    }
                    Object n = Values.number(v[0]);
                    if (t.kind() == Ty.Kind.DOUBLE) {
                        return roundDouble((Double) n, d, name.equals("TRUNCATE"));
                    }
                    BigDecimal r = Values.toDecimal(n).setScale((int) d, mode);
                    return t.kind() == Ty.Kind.LONG ? (Object) Values.toLong(r) : r.setScale(t.scale(), mode);
                }, false);
            }
            case "MOD":
                arity(name, a, 2, exec);
                Ty mt = Ops.modType(Exprs.numericTy(a.get(0).ty), Exprs.numericTy(a.get(1).ty));
                return node(mt, a, v -> Ops.arith(Ops.Arith.MOD, v[0], v[1], mt), false);
            case "POW": case "POWER":
                arity(name, a, 2, exec);
                return node(Ty.DOUBLE, a, v -> finite(Math.pow(Values.toDouble(v[0]), Values.toDouble(v[1])), "pow"), false);
            case "SQRT":
                arity(name, a, 1, exec);
                return node(Ty.DOUBLE, a, v -> {
                    double d = Values.toDouble(v[0]);
                    return d < 0 ? null : Math.sqrt(d);
                }, false);
            case "GREATEST": case "LEAST": {
                Ty t = Ty.unify(a.stream().map(n -> n.ty).toList());
                boolean greatest = name.equals("GREATEST");
                return node(t, a, v -> {
                    Object best = null;
                    for (Object x : v) {
                        if (x == null) {
                            return null;
                        }
                        if (best == null || (Values.compare(x, best, coll) > 0) == greatest && Values.compare(x, best, coll) != 0) {
                            best = x;
                        }
                    }
                    return Values.coerce(best, t);
                }, false);
            }
            case "UPPER": case "UCASE":
                arity(name, a, 1, exec);
                return node(text, a, v -> Values.text(v[0]).toUpperCase(Locale.ROOT), false);
            case "LOWER": case "LCASE":
                arity(name, a, 1, exec);
                return node(text, a, v -> Values.text(v[0]).toLowerCase(Locale.ROOT), false);
            case "CONCAT":
                return node(text, a, v -> {
                    StringBuilder sb = new StringBuilder();
                    for (Object x : v) {
                        sb.append(Values.text(x));
                    }
                    return sb.toString();
                }, false);
            case "CONCAT_WS": {
                Node sep = a.get(0);
                List<Node> rest = a.subList(1, a.size());
                return new Node(text, f -> {
                    Object s = sep.eval(f);
                    if (s == null) {
                        return null;
                    }
                    List<String> parts = new ArrayList<>();
                    for (Node n : rest) {
                        Object x = n.eval(f);
                        if (x != null) {
                            parts.add(Values.text(x));
                        }
                    }
                    return String.join(Values.text(s), parts);
                });
            }
            case "LENGTH": case "OCTET_LENGTH":
                arity(name, a, 1, exec);
                return node(Ty.LONG, a, v -> (long) (v[0] instanceof byte[] b ? b.length
                        : Values.text(v[0]).getBytes(StandardCharsets.UTF_8).length), false);
            case "CHAR_LENGTH": case "CHARACTER_LENGTH":
                arity(name, a, 1, exec);
                return node(Ty.LONG, a, v -> (long) Values.text(v[0]).codePointCount(0, Values.text(v[0]).length()), false);
            case "SUBSTRING": case "SUBSTR": case "MID":
                if (a.size() < 2 || a.size() > 3) {
                    arity(name, a, 3, exec);
                }
                return node(text, a, v -> substring(Values.text(v[0]), Values.toLong(v[1]), v.length > 2 ? Values.toLong(v[2]) : null), false);
            case "LEFT":
                arity(name, a, 2, exec);
                return node(text, a, v -> {
                    String s = Values.text(v[0]);
                    long n = Math.max(0, Values.toLong(v[1]));
                    return s.substring(0, s.offsetByCodePoints(0, (int) Math.min(n, s.codePointCount(0, s.length()))));
                }, false);
            case "RIGHT":
                arity(name, a, 2, exec);
                return node(text, a, v -> {
                    String s = Values.text(v[0]);
                    int len = s.codePointCount(0, s.length());
                    long n = Math.max(0, Math.min(len, Values.toLong(v[1])));
                    return s.substring(s.offsetByCodePoints(0, (int) (len - n)));
                }, false);
            case "LTRIM":
                arity(name, a, 1, exec);
                return node(text, a, v -> Values.text(v[0]).replaceAll("^ +", ""), false);
            case "RTRIM":
                arity(name, a, 1, exec);
                return node(text, a, v -> Values.text(v[0]).replaceAll(" +$", ""), false);
            case "TRIM":
                arity(name, a, 1, exec);
                return node(text, a, v -> Values.text(v[0]).replaceAll("^ +| +$", ""), false);
            case "REPLACE":
                arity(name, a, 3, exec);
                return node(text, a, v -> Values.text(v[1]).isEmpty() ? Values.text(v[0])
                        : Values.text(v[0]).replace(Values.text(v[1]), Values.text(v[2])), false);
            case "REVERSE":
                arity(name, a, 1, exec);
                return node(text, a, v -> new StringBuilder(Values.text(v[0])).reverse().toString(), false);
            case "LPAD": case "RPAD": {
                arity(name, a, 3, exec);
                boolean left = name.equals("LPAD");
                return node(text, a, v -> pad(Values.text(v[0]), Values.toLong(v[1]), Values.text(v[2]), left), false);
            }
            case "LOCATE": case "INSTR": case "POSITION": {
                boolean instr = name.equals("INSTR");
                return node(Ty.LONG, a, v -> {
                    String needle = Values.text(instr ? v[1] : v[0]);
                    String hay = Values.text(instr ? v[0] : v[1]);
                    long start = v.length > 2 ? Values.toLong(v[2]) : 1;
                    if (start < 1) {
                        return 0L;
                    }
                    return (long) locate(hay, needle, (int) start, coll);
                }, false);
            }
            case "NOW": case "CURRENT_TIMESTAMP": case "LOCALTIME": case "LOCALTIMESTAMP": case "SYSDATE":
                return timeKey("CURRENT_TIMESTAMP", exec);
            case "CURDATE": case "CURRENT_DATE":
                return timeKey("CURRENT_DATE", exec);
            case "CURTIME": case "CURRENT_TIME":
                return timeKey("CURRENT_TIME", exec);
            case "DATE":
                arity(name, a, 1, exec);
                return node(Ty.DATE, a, v -> Values.date(v[0]), false);
            case "YEAR": case "MONTH": case "DAY": case "DAYOFMONTH": case "HOUR": case "MINUTE": case "SECOND": case "DAYOFWEEK":
            case "DAYOFYEAR": case "WEEKDAY": case "QUARTER": case "MONTHNAME": case "DAYNAME": case "LAST_DAY":
                arity(name, a, 1, exec);
                return extract(name, a.get(0));
            case "DATEDIFF":
                arity(name, a, 2, exec);
                return node(Ty.LONG, a, v -> {
                    LocalDate x = Values.date(v[0]);
                    LocalDate y = Values.date(v[1]);
                    return x == null || y == null ? null : ChronoUnit.DAYS.between(y, x);
                }, false);
            case "DATE_FORMAT":
                arity(name, a, 2, exec);
                return node(text, a, v -> {
                    LocalDateTime t = Values.dateTime(v[0]);
                    return t == null ? null : dateFormat(t, Values.text(v[1]));
                }, false);
            default:
                throw Unsupported.of("the function " + name + "() over protected columns", exec.sql);
        }
    }

    /**
     * MySQL's my_double_round: ROUND of a DOUBLE rounds {@code value * 10^d} half to even (rint),
     * TRUNCATE towards zero, both in binary floating point (so ROUND(-0.1) is -0).
     */
    static double roundDouble(double value, long d, boolean truncate) {
        double tmp = Math.pow(10.0, Math.abs(d));
        double div = value / tmp;
        double mul = value * tmp;
        if (d < 0 && Double.isInfinite(tmp)) {
            return 0.0;
        }
        if (d >= 0 && Double.isInfinite(mul)) {
            return value;
        }
        if (truncate) {
            if (value >= 0.0) {
                return d < 0 ? Math.floor(div) * tmp : Math.floor(mul) / tmp;
            }
            return d < 0 ? Math.ceil(div) * tmp : Math.ceil(mul) / tmp;
        }
        return d < 0 ? Math.rint(div) * tmp : Math.rint(mul) / tmp;
    }

    /** A DOUBLE result that is infinite or not a number is MySQL's "DOUBLE value is out of range" error. */
    static double finite(double r, String function) throws SQLException {
        if (Double.isInfinite(r) || Double.isNaN(r)) {
            throw new SQLException("DOUBLE value is out of range in '" + function + "'", "22003");
        }
        return r;
    }

    private static void arity(String name, List<Node> a, int n, Execution exec) throws SQLException {
        if (a.size() != n) {
            throw new SQLException("Incorrect parameter count in the call to native function '" + name + "'", "42000");
        }
    }

    /** A function that is NULL when any argument is NULL (unless {@code nullsIn}: it sees them). */
    private static Node node(Ty t, List<Node> args, Fn fn, boolean nullsIn) {
        boolean constant = args.stream().allMatch(n -> n.constant);
        return new Node(t, f -> {
            Object[] v = new Object[args.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = args.get(i).eval(f);
                if (v[i] == null && !nullsIn) {
                    return null;
                }
            }
            return fn.apply(v);
        }, null, constant);
    }

    static Node cast(Node inner, String type, List<String> args, Execution exec) throws SQLException {
        String t = type.toUpperCase(Locale.ROOT).trim();
        int paren = t.indexOf('(');
        if (paren > 0 && (args == null || args.isEmpty()) && t.endsWith(")")) {
            // JSqlParser 5.4 keeps DECIMAL(10, 1) in the type's text
            args = List.of(t.substring(paren + 1, t.length() - 1).split(","));
            t = t.substring(0, paren).trim();
        }
        if (t.startsWith("UNSIGNED")) {
            // a negative value wraps around 2^64, past BIGINT: such results are reported as DECIMAL(65,0)
            return new Node(Ty.decimal(0), f -> {
                Object v = inner.eval(f);
                if (v == null) {
                    return null;
                }
                long n = castSigned(v);
                BigDecimal r = BigDecimal.valueOf(n);
                return n < 0 ? r.add(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(64))) : r;
            }, null, inner.constant);
        }
        if (t.startsWith("SIGNED") || t.equals("INTEGER") || t.equals("INT")) {
            return new Node(Ty.LONG, f -> {
                Object v = inner.eval(f);
                return v == null ? null : castSigned(v);
            }, null, inner.constant);
        }
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            String[] precision = args == null ? new String[0] : String.join(",", args).split(",");
            int digits = precision.length > 0 && !precision[0].isBlank() ? Integer.parseInt(precision[0].trim()) : 10;
            int scale = precision.length > 1 ? Integer.parseInt(precision[1].trim()) : 0;
            Ty ty = Ty.decimal(scale);
            // a value past DECIMAL(p,s) becomes its largest value of that sign (MySQL warns)
            BigDecimal max = BigDecimal.TEN.pow(digits - scale).subtract(BigDecimal.ONE.movePointLeft(scale));
            return new Node(ty, f -> {
                BigDecimal r = (BigDecimal) Values.coerce(inner.eval(f), ty);
                return r == null ? null : r.max(max.negate()).min(max);
            }, null, inner.constant);
        }
        if (t.startsWith("CHAR") || t.startsWith("VARCHAR") || t.startsWith("NCHAR") || t.startsWith("TEXT")) {
            Ty ty = Ty.string(inner.ty.kind() == Ty.Kind.STRING ? inner.ty.collation() : exec.defaultCollation());
            Integer len = args != null && !args.isEmpty() ? Integer.valueOf(args.get(0).trim()) : null;
            return new Node(ty, f -> {
                String s = Values.text(inner.eval(f));
                return s != null && len != null && s.codePointCount(0, s.length()) > len ? s.substring(0, s.offsetByCodePoints(0, len)) : s;
            }, null, inner.constant);
        }
        switch (t) {
            case "DATE": return new Node(Ty.DATE, f -> Values.date(inner.eval(f)), null, inner.constant);
            case "DATETIME": case "TIMESTAMP": return new Node(Ty.DATETIME, f -> Values.dateTime(inner.eval(f)), null, inner.constant);
            case "DOUBLE": case "FLOAT": case "REAL": return new Node(Ty.DOUBLE, f -> inner.eval(f) == null ? null : Values.toDouble(inner.eval(f)),
                    null, inner.constant);
            case "BINARY": return new Node(Ty.BINARY, f -> inner.eval(f) == null ? null : Values.bytes(inner.eval(f)), null, inner.constant);
            default: throw Unsupported.of("CAST to " + type + " over protected columns", exec.sql);
        }
    }

    /**
     * CAST(v AS SIGNED): numbers round half away from zero, text takes its leading integer
     * ('-7.5e1x' is -7), and a value past BIGINT becomes the nearest BIGINT (MySQL warns).
     */
    static long castSigned(Object v) {
        Object n = Values.normal(v);
        if (n instanceof String || n instanceof byte[]) {
            java.util.regex.Matcher m = LEADING_INTEGER.matcher(Values.text(n));
            n = m.lookingAt() ? new BigDecimal(m.group(1)) : BigDecimal.ZERO;
        }
        n = Values.number(n);
        if (n instanceof Long l) {
            return l;
        }
        BigDecimal d = n instanceof Double x ? new BigDecimal(x) : (BigDecimal) n;
        BigDecimal r = d.setScale(0, RoundingMode.HALF_UP);
        return r.max(BigDecimal.valueOf(Long.MIN_VALUE)).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
    }

    private static final java.util.regex.Pattern LEADING_INTEGER = java.util.regex.Pattern.compile("\\s*([-+]?\\d+)");

    static Node trim(Exprs exprs, TrimFunction t, Scope scope) throws SQLException {
        Node value = exprs.compile(t.getFromExpression() != null ? t.getFromExpression() : t.getExpression(), scope);
        Node chars = t.getFromExpression() != null && t.getExpression() != null ? exprs.compile(t.getExpression(), scope)
                : Node.constant(Ty.string(null), " ");
        String spec = t.getTrimSpecification() == null ? "BOTH" : t.getTrimSpecification().name();
        return node(value.ty.kind() == Ty.Kind.STRING ? value.ty : Ty.string(exprs.exec().defaultCollation()), List.of(value, chars), v -> {
            String s = Values.text(v[0]);
            String c = Values.text(v[1]);
            if (c.isEmpty()) {
                return s;
            }
            if (!spec.equals("TRAILING")) {
                while (s.startsWith(c)) {
                    s = s.substring(c.length());
                }
            }
            if (!spec.equals("LEADING")) {
                while (s.endsWith(c)) {
                    s = s.substring(0, s.length() - c.length());
                }
            }
            return s;
        }, false);
    }

    static Node extract(String field, Node inner) throws SQLException {
        return extract(field, inner, false);
    }

    /** {@code signed}: EXTRACT(HOUR FROM '-01:30:00') is -1, HOUR('-01:30:00') is 1. */
    static Node extract(String field, Node inner, boolean signed) throws SQLException {
        String f = field.toUpperCase(Locale.ROOT);
        Ty t = f.equals("MONTHNAME") || f.equals("DAYNAME") ? Ty.string(null) : f.equals("LAST_DAY") ? Ty.DATE : Ty.LONG;
        return node(t, List.of(inner), v -> {
            if (v[0] instanceof Duration d) {
                long s = Math.abs(d.getSeconds());
                long sign = signed && d.isNegative() ? -1 : 1;
                switch (f) {
                    case "HOUR": return sign * (s / 3600);
                    case "MINUTE": return sign * (s % 3600 / 60);
                    case "SECOND": return sign * (s % 60);
                    default: return null;
                }
            }
            LocalDateTime x = Values.dateTime(v[0]);
            if (x == null) {
                return null;
            }
            switch (f) {
                case "YEAR": return (long) x.getYear();
                case "MONTH": return (long) x.getMonthValue();
                case "DAY": case "DAYOFMONTH": return (long) x.getDayOfMonth();
                case "HOUR": return (long) x.getHour();
                case "MINUTE": return (long) x.getMinute();
                case "SECOND": return (long) x.getSecond();
                case "DAYOFWEEK": return (long) (x.getDayOfWeek().getValue() % 7 + 1);
                case "WEEKDAY": return (long) (x.getDayOfWeek().getValue() - 1);
                case "DAYOFYEAR": return (long) x.getDayOfYear();
                case "QUARTER": return (long) x.get(IsoFields.QUARTER_OF_YEAR);
                case "MONTHNAME": return x.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case "DAYNAME": return x.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case "LAST_DAY": return x.toLocalDate().withDayOfMonth(x.toLocalDate().lengthOfMonth());
                default: throw new SQLException("EXTRACT(" + f + ") is not supported over protected columns", "0A000");
            }
        }, false);
    }

    static Node timeKey(String key, Execution exec) throws SQLException {
        String k = key.toUpperCase(Locale.ROOT).replace("()", "");
        switch (k) {
            case "CURRENT_DATE": return new Node(Ty.DATE, f -> exec.now().toLocalDate(), null, true);
            case "CURRENT_TIME": return new Node(Ty.TIME, f -> Duration.ofNanos(exec.now().toLocalTime().withNano(0).toNanoOfDay()), null, true);
            default: return new Node(Ty.DATETIME, f -> exec.now().withNano(0), null, true);
        }
    }

    static Node dateAdd(Node date, Interval iv, boolean subtract) {
        boolean timeUnit = iv.unit().contains("HOUR") || iv.unit().contains("MINUTE") || iv.unit().contains("SECOND");
        Ty t = date.ty.kind() == Ty.Kind.DATE && !timeUnit ? Ty.DATE : (date.ty.kind() == Ty.Kind.STRING ? Ty.string(null) : Ty.DATETIME);
        return node(t, List.of(date, iv.amount()), v -> {
            LocalDateTime x = Values.dateTime(v[0]);
            if (x == null) {
                return null;
            }
            long n = Values.toLong(v[1]);
            if (subtract) {
                n = -n;
            }
            LocalDateTime r;
            switch (iv.unit()) {
                case "YEAR": r = x.plusYears(n); break;
                case "QUARTER": r = x.plusMonths(3 * n); break;
                case "MONTH": r = x.plusMonths(n); break;
                case "WEEK": r = x.plusWeeks(n); break;
                case "DAY": r = x.plusDays(n); break;
                case "HOUR": r = x.plusHours(n); break;
                case "MINUTE": r = x.plusMinutes(n); break;
                case "SECOND": r = x.plusSeconds(n); break;
                default: throw new SQLException("INTERVAL " + iv.unit() + " is not supported over protected columns", "0A000");
            }
            if (r.getYear() < 0 || r.getYear() > 9999) {
                return null;  // MySQL: out of the DATETIME range gives NULL (with a warning)
            }
            if (t.kind() == Ty.Kind.DATE) {
                return r.toLocalDate();
            }
            if (t.kind() == Ty.Kind.STRING) {
                boolean dateOnly = Values.text(v[0]).trim().length() <= 10 && !timeUnit;
                return dateOnly ? Values.text(r.toLocalDate()) : Values.text(r);
            }
            return r;
        }, false);
    }

    private static Node timestampDiff(String unit, List<Node> a) throws SQLException {
        return node(Ty.LONG, a, v -> {
            LocalDateTime x = Values.dateTime(v[0]);
            LocalDateTime y = Values.dateTime(v[1]);
            if (x == null || y == null) {
                return null;
            }
            switch (unit) {
                case "YEAR": return ChronoUnit.YEARS.between(x, y);
                case "QUARTER": return ChronoUnit.MONTHS.between(x, y) / 3;
                case "MONTH": return ChronoUnit.MONTHS.between(x, y);
                case "WEEK": return ChronoUnit.WEEKS.between(x, y);
                case "DAY": return ChronoUnit.DAYS.between(x, y);
                case "HOUR": return ChronoUnit.HOURS.between(x, y);
                case "MINUTE": return ChronoUnit.MINUTES.between(x, y);
                case "SECOND": return ChronoUnit.SECONDS.between(x, y);
                default: throw new SQLException("TIMESTAMPDIFF(" + unit + ") is not supported over protected columns", "0A000");
            }
        }, false);
    }

    private static String substring(String s, long pos, Long len) {
        int n = s.codePointCount(0, s.length());
        if (pos == 0 || (len != null && len <= 0)) {
            return "";
        }
        long start = pos > 0 ? pos - 1 : n + pos;
        if (start < 0 || start >= n) {
            return "";
        }
        long end = len == null ? n : Math.min(n, start + len);
        return s.substring(s.offsetByCodePoints(0, (int) start), s.offsetByCodePoints(0, (int) end));
    }

    private static String pad(String s, long len, String with, boolean left) {
        int n = s.codePointCount(0, s.length());
        if (len < 0) {
            return null;
        }
        if (len <= n) {
            return s.substring(0, s.offsetByCodePoints(0, (int) len));
        }
        if (with.isEmpty()) {
            return null;
        }
        StringBuilder p = new StringBuilder();
        while (p.codePointCount(0, p.length()) < len - n) {
            p.append(with);
        }
        String padding = p.substring(0, p.offsetByCodePoints(0, (int) (len - n)));
        return left ? padding + s : s + padding;
    }

    private static int locate(String hay, String needle, int start, String collation) {
        int[] h = hay.codePoints().toArray();
        int[] n = needle.codePoints().toArray();
        for (int i = start - 1; i + n.length <= h.length; i++) {
            String window = new String(h, i, n.length);
            // MariaDB's LOCATE/INSTR under a _ci collation ignore case but not accents ('e' is not found in 'Zoë')
            if (Exprs.collationIsCi(collation) ? window.equalsIgnoreCase(needle) : window.equals(needle)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** English ordinal suffix of a day of the month (%D): 1st, 2nd, 3rd, 4th, 11th, 21st. */
    private static String ordinalSuffix(int day) {
        if (day / 10 == 1) {
            return "th";
        }
        switch (day % 10) {
            case 1: return "st";
            case 2: return "nd";
            case 3: return "rd";
            default: return "th";
        }
    }

    private static String dateFormat(LocalDateTime t, String format) throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                sb.append(c);
                continue;
            }
            char s = format.charAt(++i);
            switch (s) {
                case 'Y': sb.append(String.format("%04d", t.getYear())); break;
                case 'y': sb.append(String.format("%02d", t.getYear() % 100)); break;
                case 'm': sb.append(String.format("%02d", t.getMonthValue())); break;
                case 'c': sb.append(t.getMonthValue()); break;
                case 'd': sb.append(String.format("%02d", t.getDayOfMonth())); break;
                case 'D': sb.append(t.getDayOfMonth()).append(ordinalSuffix(t.getDayOfMonth())); break;
                case 'e': sb.append(t.getDayOfMonth()); break;
                case 'H': sb.append(String.format("%02d", t.getHour())); break;
                case 'k': sb.append(t.getHour()); break;
                case 'h': case 'I': sb.append(String.format("%02d", (t.getHour() + 11) % 12 + 1)); break;
                case 'l': sb.append((t.getHour() + 11) % 12 + 1); break;
                case 'i': sb.append(String.format("%02d", t.getMinute())); break;
                case 's': case 'S': sb.append(String.format("%02d", t.getSecond())); break;
                case 'f': sb.append(String.format("%06d", t.getNano() / 1000)); break;
                case 'p': sb.append(t.getHour() < 12 ? "AM" : "PM"); break;
                case 'M': sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
                case 'b': sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 'W': sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
                case 'a': sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
                case 'j': sb.append(String.format("%03d", t.getDayOfYear())); break;
                case 'w': sb.append(t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue()); break;
                case 'T': sb.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond())); break;
                case 'r': sb.append(String.format("%02d:%02d:%02d %s", (t.getHour() + 11) % 12 + 1, t.getMinute(), t.getSecond(),
                        t.getHour() < 12 ? "AM" : "PM")); break;
                case '%': sb.append('%'); break;
                default: throw new SQLException("DATE_FORMAT specifier %" + s + " is not supported over protected columns", "0A000");
            }
        }
        return sb.toString();
    }
}
