package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.BroadcastPlan;
import io.splitdb.exec.Plan;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.Index;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CREATE INDEX on a table splitdb manages, run on all three backends. A plain column is indexed as
 * written; a searchable protected column through its blind index (equality lookups are what the
 * index serves). A protected column without a blind index has nothing a backend could order, and a
 * UNIQUE index over a protected column would compare truncated blind indexes, which collide by
 * design: both fail closed.
 */
final class IndexPlanner {

    private IndexPlanner() {
    }

    static Plan createIndex(CreateIndex create, TableInfo table, String sql) throws SQLException {
        Index index = create.getIndex();
        String type = index.getType() == null ? "" : index.getType().toUpperCase(Locale.ROOT);
        List<String> columns = new ArrayList<>();
        boolean touchesProtected = false;
        for (Index.ColumnParams p : index.getColumns()) {
            String name = TableInfo.unquote(p.getColumnName());
            ColumnInfo c = table.column(name);
            if (c == null) {
                throw new SQLSyntaxErrorException("Key column '" + name + "' doesn't exist in table", "42000", 1072);
            }
            if (!c.isProtected()) {
                columns.add(p.toString());
                continue;
            }
            touchesProtected = true;
            if (!c.searchable()) {
                throw Unsupported.of("an index on protected column " + table.name() + "." + c.name()
                        + " without search: equality (a backend holds only random shares of it)", sql);
            }
            if (type.contains("UNIQUE") || type.contains("FULLTEXT") || type.contains("SPATIAL")) {
                throw Unsupported.of(type + " index on protected column " + table.name() + "." + c.name()
                        + " (its blind index is truncated and collides by design)", sql);
            }
            columns.add(ReadBuilder.quote(c.indexColumn()));
        }
        if (!touchesProtected) {
            return new BroadcastPlan(BackendQuery.of(sql), false);
        }
        String ddl = "CREATE " + (type.isEmpty() ? "" : type + " ") + "INDEX " + ReadBuilder.quote(TableInfo.unquote(index.getName()))
                + " ON " + ReadBuilder.quote(table.name()) + " (" + String.join(", ", columns) + ")";
        return new BroadcastPlan(BackendQuery.of(ddl), false);
    }
}
