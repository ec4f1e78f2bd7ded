package io.splitdb.sql;

import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables, columns and {@code *} a statement or expression mentions anywhere, subqueries
 * included, and whether any of them may be a protected column. The test is conservative: an
 * unqualified name that matches a protected column of any table in play counts, so a statement
 * judged plain really reads and writes no protected value.
 */
final class References {
    final List<Table> tables = new ArrayList<>();
    final List<Column> columns = new ArrayList<>();
    int stars;
    boolean complete = true;

    static References of(Statement statement) {
        References r = new References();
        try {
            new Finder(r).getTables(statement);
        } catch (UnsupportedOperationException e) {
            r.complete = false;
        }
        return r;
    }

    static References of(Expression expression) {
        References r = new References();
        try {
            new Finder(r).getTables(expression);
        } catch (UnsupportedOperationException e) {
            r.complete = false;
        }
        return r;
    }

    /** Managed tables with protected columns among those mentioned. */
    List<TableInfo> protectedTables(Catalog catalog) {
        List<TableInfo> result = new ArrayList<>();
        for (Table t : tables) {
            TableInfo info = catalog.table(t.getName());
            if (info != null && info.hasProtectedColumns() && !result.contains(info)) {
                result.add(info);
            }
        }
        return result;
    }

    /**
     * True if the statement may read or write a protected value (or the scan could not tell).
     * Columns are found by name in the statement's text, not only through the parser's visitor,
     * which skips some clauses (ORDER BY, for one): a statement judged plain must really be plain.
     */
    boolean touchesProtected(Catalog catalog, String sql) {
        List<TableInfo> protectedTables = protectedTables(catalog);
        if (protectedTables.isEmpty()) {
            return false;
        }
        if (!complete || stars > 0) {
            return true;
        }
        return firstProtectedWord(sql, protectedTables) != null;
    }

    /** The first protected column of {@code tables} whose name appears as a word in {@code sql}. */
    static ColumnInfo firstProtectedWord(String sql, List<TableInfo> tables) {
        java.util.regex.Matcher m = WORD.matcher(sql);
        while (m.find()) {
            String word = m.group();
            for (TableInfo t : tables) {
                ColumnInfo c = t.column(word);
                if (c != null && c.isProtected()) {
                    return c;
                }
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[A-Za-z0-9_$\\u0080-\\uffff]+");

    /** The first protected column mentioned, for messages; null if none. */
    static ColumnInfo protectedColumn(Column c, List<TableInfo> candidates) {
        for (TableInfo t : candidates) {
            ColumnInfo info = t.column(c.getColumnName());
            if (info != null && info.isProtected()) {
                return info;
            }
        }
        return null;
    }

    /** True for {@code COUNT(*)}. */
    static boolean isCountStar(net.sf.jsqlparser.expression.Function f) {
        if (!"COUNT".equalsIgnoreCase(f.getName())) {
            return false;
        }
        if (f.isAllColumns()) {
            return true;
        }
        var params = f.getParameters();
        return params != null && params.size() == 1 && params.get(0) instanceof AllColumns && !(params.get(0) instanceof AllTableColumns);
    }

    private static final class Finder extends TablesNamesFinder<Void> {
        private final References r;

        Finder(References r) {
            this.r = r;
            init(true);
        }

        @Override
        public <S> Void visit(Table table, S context) {
            r.tables.add(table);
            return super.visit(table, context);
        }

        @Override
        public <S> Void visit(Column column, S context) {
            r.columns.add(column);
            return super.visit(column, context);
        }

        @Override
        public <S> Void visit(net.sf.jsqlparser.expression.Function function, S context) {
            // COUNT(*) reads no column value
            return isCountStar(function) ? null : super.visit(function, context);
        }

        @Override
        public <S> Void visit(AllColumns all, S context) {
            r.stars++;
            return super.visit(all, context);
        }

        @Override
        public <S> Void visit(AllTableColumns all, S context) {
            r.stars++;
            return super.visit(all, context);
        }
    }
}
