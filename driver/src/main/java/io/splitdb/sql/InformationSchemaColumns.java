package io.splitdb.sql;

import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.LogicalColumnsView;
import io.splitdb.exec.Reads;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.policy.BackendConfig;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Queries that read {@code information_schema.COLUMNS} get the logical view of it
 * ({@link LogicalColumnsView}) in its place, under the alias the query gave it (else {@code COLUMNS}).
 */
final class InformationSchemaColumns {
    private static final Pattern MENTIONS = Pattern.compile("(?is).*\\binformation_schema`?\\s*\\.\\s*`?columns\\b.*");

    private InformationSchemaColumns() {
    }

    /** Cheap test on the statement text before the AST is walked. */
    static boolean mentions(String sql) {
        return MENTIONS.matcher(sql).matches();
    }

    /** Replaces each {@code information_schema.COLUMNS} the query reads from; false if there was none. */
    static boolean rewrite(SplitDatabase db, Select select) throws SQLException {
        String[] view = new String[1];
        return replaceIn(select, () -> {
            if (view[0] == null) {
                view[0] = viewSql(db);
            }
            return view[0];
        });
    }

    private interface ViewSql {
        String get() throws SQLException;
    }

    private static boolean replaceIn(Select select, ViewSql view) throws SQLException {
        if (select instanceof ParenthesedSelect p) {
            return replaceIn(p.getSelect(), view);
        }
        if (select instanceof SetOperationList list) {
            boolean any = false;
            for (Select s : list.getSelects()) {
                any |= replaceIn(s, view);
            }
            return any;
        }
        if (!(select instanceof PlainSelect plain)) {
            return false;
        }
        boolean any = false;
        FromItem replaced = replacement(plain.getFromItem(), view);
        if (replaced != null) {
            plain.setFromItem(replaced);
            any = true;
        } else if (plain.getFromItem() instanceof ParenthesedSelect sub) {
            any |= replaceIn(sub.getSelect(), view);
        }
        if (plain.getJoins() != null) {
            for (Join join : plain.getJoins()) {
                FromItem r = replacement(join.getFromItem(), view);
                if (r != null) {
                    join.setFromItem(r);
                    any = true;
                } else if (join.getFromItem() instanceof ParenthesedSelect sub) {
                    any |= replaceIn(sub.getSelect(), view);
                }
            }
        }
        return any;
    }

    /** The view under the table's alias if {@code item} is {@code information_schema.COLUMNS}, else null. */
    private static FromItem replacement(FromItem item, ViewSql view) throws SQLException {
        if (!(item instanceof Table t) || t.getSchemaName() == null
                || !TableInfo.unquote(t.getSchemaName()).equalsIgnoreCase("information_schema")
                || !TableInfo.unquote(t.getName()).equalsIgnoreCase("columns")) {
            return null;
        }
        ParenthesedSelect p = new ParenthesedSelect();
        try {
            p.setSelect((Select) CCJSqlParserUtil.parse(view.get()));
        } catch (JSQLParserException e) {
            throw new SQLException("cannot build the logical information_schema.COLUMNS view: " + e.getMessage(), "HY000", e);
        }
        p.setAlias(t.getAlias() != null ? t.getAlias() : new Alias("COLUMNS", true));
        return p;
    }

    private static String viewSql(SplitDatabase db) throws SQLException {
        record Backend(List<String> columns, boolean mariaDb) {
        }
        Backend b = Reads.one(db, (c, i) -> {
            boolean mariaDb = c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM information_schema.COLUMNS WHERE 1 = 0")) {
                return new Backend(LogicalColumnsView.columnsOf(rs.getMetaData()), mariaDb);
            }
        });
        Set<String> schemas = new LinkedHashSet<>();
        for (BackendConfig backend : db.config().backends()) {
            schemas.add(backend.database());
        }
        schemas.remove("");
        return LogicalColumnsView.sql(db.catalog(), b.columns(), schemas, b.mariaDb());
    }

}
