package io.splitdb.engine;

import io.splitdb.exec.ExecResult;
import io.splitdb.exec.Plan;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;
import io.splitdb.exec.SplitDatabase;
import net.sf.jsqlparser.statement.select.Select;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A SELECT the backends cannot answer over shares, evaluated in the driver: the tables it reads
 * are fetched and decrypted (within {@code options.max-buffered-rows}), then the whole statement
 * runs on the decrypted rows with MySQL's semantics.
 */
public final class EnginePlan implements Plan {
    private final Select select;
    private final String sql;

    /** Compiles nothing yet: types depend on the arguments, so each execution compiles. */
    public EnginePlan(Select select, String sql) {
        this.select = select;
        this.sql = sql;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        Execution exec = new Execution(db, args, sql);
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
    public boolean isQuery() {
        return true;
    }

    /** Checks at planning time what can be known without arguments: that the statement compiles. */
    public static EnginePlan of(Select select, String sql) {
        return new EnginePlan(select, sql);
    }
}
