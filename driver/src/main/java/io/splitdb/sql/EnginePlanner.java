package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.engine.EnginePlan;
import io.splitdb.engine.TableScan;
import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.Plan;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a SELECT for the driver's query engine, and narrows what it reads: each table of the
 * top-level FROM whose rows cannot be null-extended by an outer join gets the WHERE conjuncts that
 * concern it alone and that the backends can evaluate (plain columns as written, equality on
 * searchable protected columns through their blind index). The engine evaluates the whole
 * statement again on the rows that come back, so pushing is only ever an optimisation.
 */
final class EnginePlanner {

    private EnginePlanner() {
    }

    /** Anything that can name every column without naming it: {@code *}, {@code t.*}, NATURAL joins. */
    private static final java.util.regex.Pattern ALL_COLUMNS = java.util.regex.Pattern.compile(
            "(?is)(\\bSELECT\\s+(?:(?:ALL|DISTINCT|DISTINCTROW|HIGH_PRIORITY|STRAIGHT_JOIN|SQL_\\w+)\\s+)*\\*)"
                    + "|(\\.\\s*\\*)|(,\\s*\\*\\s*(,|\\bFROM\\b))|(\\bNATURAL\\b)");
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_$]+");

    /**
     * The columns a statement may read, by a conservative scan of its text: every word of the
     * statement counts as a possible column name, and {@code *} or NATURAL means every column.
     */
    static java.util.function.Predicate<String> neededColumns(String sql) {
        if (ALL_COLUMNS.matcher(sql).find()) {
            return c -> true;
        }
        java.util.Set<String> words = new java.util.HashSet<>();
        java.util.regex.Matcher m = WORD.matcher(sql);
        while (m.find()) {
            words.add(m.group().toLowerCase(java.util.Locale.ROOT));
        }
        return c -> words.contains(c.toLowerCase(java.util.Locale.ROOT));
    }

    static Plan plan(SplitDatabase db, Select select, String sql) throws SQLException {
        Map<Table, TableScan> scans = new IdentityHashMap<>();
        java.util.function.Predicate<String> needed = neededColumns(sql);
        if (select instanceof PlainSelect ps && ps.getFromItem() instanceof Table first && ps.getWhere() != null) {
            List<Table> all = new ArrayList<>();
            List<Table> narrowable = new ArrayList<>();
            all.add(first);
            narrowable.add(first);
            boolean rightJoin = false;
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    if (!(j.getRightItem() instanceof Table t)) {
                        continue;
                    }
                    all.add(t);
                    rightJoin |= j.isRight() || j.isFull();
                    if (!j.isLeft() && !j.isRight() && !j.isFull() && !j.isNatural()) {
                        narrowable.add(t);
                    }
                }
            }
            if (ps.getJoins() != null && ps.getJoins().stream().anyMatch(j -> !(j.getRightItem() instanceof Table))) {
                return new EnginePlan(select, sql, scans, needed);  // derived tables may share names: keep it simple
            }
            for (Table t : rightJoin ? List.<Table>of() : narrowable) {
                List<Expression> mine = new ArrayList<>();
                for (Expression conjunct : Conditions.conjuncts(ps.getWhere())) {
                    if (concernsOnly(db, conjunct, t, all)) {
                        mine.add(conjunct);
                    }
                }
                if (!mine.isEmpty()) {
                    TableScan scan = scan(db, t, mine, sql, needed);
                    if (scan != null) {
                        scans.put(t, scan);
                    }
                }
            }
        }
        return new EnginePlan(select, sql, scans, needed);
    }

    /** A read of every row of {@code t} that the single-table WHERE of an UPDATE or DELETE may match. */
    static TableScan scanForWrite(SplitDatabase db, Table t, Expression where, String sql) throws SQLException {
        List<Expression> mine = new ArrayList<>();
        if (where != null) {
            for (Expression conjunct : Conditions.conjuncts(where)) {
                if (concernsOnly(db, conjunct, t, List.of(t))) {
                    mine.add(conjunct);
                }
            }
        }
        TableScan scan = mine.isEmpty() ? null : scan(db, t, mine, sql, c -> true);
        return scan != null ? scan : TableScan.full(db, TableInfo.unquote(t.getName()));
    }

    /** A scan of {@code t} with the conjuncts the backends can apply; null if none can be. */
    private static TableScan scan(SplitDatabase db, Table t, List<Expression> conjuncts, String sql,
                                  java.util.function.Predicate<String> needed) throws SQLException {
        TableInfo info = db.catalog().table(t.getName());
        if (info == null || !info.hasProtectedColumns()) {
            List<ValueSource> sources = new ArrayList<>();
            String where = BackendSqlWriter.write(Conditions.and(conjuncts), sources);
            String alias = t.getAlias() != null ? " " + t.getAlias().getName() : "";
            String items = "*";
            if (info != null) {
                List<String> names = new ArrayList<>();
                String q = t.getAlias() != null ? t.getAlias().getName() + "." : ReadBuilder.quote(info.name()) + ".";
                info.columns().forEach(c -> names.add(q + ReadBuilder.quote(c.name())));
                items = String.join(", ", names);
            }
            String from = info != null ? ReadBuilder.quote(info.name()) : t.getFullyQualifiedName();
            return TableScan.plain(info, new BackendQuery("SELECT " + items + " FROM " + from + alias + " WHERE " + where, sources));
        }
        List<Expression> pushable = new ArrayList<>();
        for (Expression c : conjuncts) {
            try {
                Conditions.analyse(db, info, c, sql);
                pushable.add(c);
            } catch (SQLFeatureNotSupportedException notForBackends) {
                // the engine evaluates it on decrypted rows
            }
        }
        if (pushable.isEmpty()) {
            return null;
        }
        ReadBuilder read = new ReadBuilder(info, t);
        Table qualifier = t.getAlias() != null ? new Table(t.getAlias().getName()) : new Table(ReadBuilder.quote(info.name()));
        int[][] layout = TableScan.layout(info, needed, c -> read.plain(new Column(qualifier, ReadBuilder.quote(c.name())), null), read::decrypt);
        int[] plainIndex = layout[0];
        int[] valueIndex = layout[1];
        read.where(Conditions.analyse(db, info, Conditions.and(pushable), sql));
        return TableScan.sealed(info, read.build(), plainIndex, valueIndex);
    }

    /**
     * True if every column the conjunct names belongs to {@code t} (by its alias or name, or
     * unqualified and no other FROM table has it) and it holds no subquery or aggregate.
     */
    private static boolean concernsOnly(SplitDatabase db, Expression conjunct, Table t, List<Table> all) {
        boolean[] ok = {true};
        String alias = t.getAlias() != null ? TableInfo.unquote(t.getAlias().getName()) : TableInfo.unquote(t.getName());
        TableInfo info = db.catalog().table(t.getName());
        conjunct.accept(new ExpressionDeParser() {
            @Override
            public <S> StringBuilder visit(Column column, S context) {
                Table q = column.getTable();
                String name = TableInfo.unquote(column.getColumnName());
                if (q != null && q.getName() != null) {
                    ok[0] &= TableInfo.unquote(q.getName()).equalsIgnoreCase(alias);
                } else {
                    ok[0] &= info != null && info.column(name) != null && all.size() == 1
                            || info != null && info.column(name) != null && noOtherHas(db, name, t, all);
                }
                return getBuilder();
            }

            @Override
            public <S> StringBuilder visit(net.sf.jsqlparser.statement.select.ParenthesedSelect select, S context) {
                ok[0] = false;
                return getBuilder();
            }

            @Override
            public <S> StringBuilder visit(Select select, S context) {
                ok[0] = false;
                return getBuilder();
            }

            @Override
            public <S> StringBuilder visit(Function function, S context) {
                ok[0] &= !io.splitdb.sql.EnginePlanner.isAggregate(function);
                return super.visit(function, context);
            }

            @Override
            public <S> StringBuilder visit(UserVariable variable, S context) {
                ok[0] = false;  // a session variable has this connection's value, not a pooled one's
                return getBuilder();
            }
        }, null);
        return ok[0];
    }

    private static boolean noOtherHas(SplitDatabase db, String column, Table t, List<Table> all) {
        for (Table other : all) {
            if (other == t) {
                continue;
            }
            TableInfo info = db.catalog().table(other.getName());
            if (info == null || info.column(column) != null) {
                return false;  // unknown columns, or the same name: not provably ours
            }
        }
        return true;
    }

    static boolean isAggregate(Function f) {
        String n = f.getName().toUpperCase(java.util.Locale.ROOT);
        return List.of("COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT").contains(n);
    }
}
