package io.splitdb.engine;

import io.splitdb.exec.ExecResult;
import io.splitdb.exec.Plan;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;
import io.splitdb.exec.SplitDatabase;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Select;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SELECT the backends cannot answer over shares, evaluated in the driver: the tables it reads
 * are fetched and decrypted (within {@code options.max-buffered-rows}), then the whole statement
 * runs on the decrypted rows with MySQL's semantics.
 */
public final class EnginePlan implements Plan {
    private final Select select;
    private final String sql;
    private final Map<Table, TableScan> scans;
    private final java.util.function.Predicate<String> needed;

    /**
     * Compiles nothing yet: types depend on the arguments, so each execution compiles.
     *
     * @param scans  for FROM items (by identity) whose rows the backends can narrow, how to read them
     * @param needed the column names the statement may read (others are not fetched); must
     *               over-approximate: a column it leaves out reads as NULL
     */
    public EnginePlan(Select select, String sql, Map<Table, TableScan> scans, java.util.function.Predicate<String> needed) {
        this.select = select;
        this.sql = sql;
        this.scans = new IdentityHashMap<>(scans);
        this.needed = needed;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        Execution exec = new Execution(db, args, sql, scans, needed);
        Query query = Query.compile(exec, select, null);
        Relation result = query.run(null);
        List<ResultColumn> columns = new ArrayList<>();
        for (Relation.Column c : query.columns()) {
            if (c.origin() != null) {
                columns.add(new ResultColumn(c.label(), c.origin().column(), c.origin().table(), c.origin().type(),
                        c.origin().nullable() ? ResultSetMetaData.columnNullable : ResultSetMetaData.columnNoNulls, false));
            } else {
                columns.add(new ResultColumn(c.label(), c.label(), "", c.ty().logical(), ResultSetMetaData.columnNullable, false));
            }
        }
        List<Object[]> rows = new ArrayList<>(result.rows().size());
        for (Object[] r : result.rows()) {
            Object[] row = new Object[r.length];
            for (int i = 0; i < r.length; i++) {
                Relation.Column c = query.columns().get(i);
                row[i] = c.origin() != null ? r[i] : Values.coerce(r[i], c.ty());
            }
            rows.add(row);
        }
        return ExecResult.query(new RowSet(columns, rows));
    }

    @Override
    public Work work() {
        return Work.DRIVER;
    }

    @Override
    public boolean isQuery() {
        return true;
    }
}
