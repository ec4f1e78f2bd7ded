package io.splitdb.exec;

import io.splitdb.types.JdbcValues;
import io.splitdb.types.LogicalType;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads backend results into memory, within the configured bound. */
final class RowSets {

    private RowSets() {
    }

    static List<ResultColumn> columns(ResultSetMetaData md, int count) throws SQLException {
        List<ResultColumn> columns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            columns.add(new ResultColumn(md.getColumnLabel(i), md.getColumnName(i), md.getTableName(i),
                    LogicalType.fromMetadata(md, i), md.isNullable(i), md.isAutoIncrement(i)));
        }
        return columns;
    }

    static RowSet read(ResultSet rs, int maxRows, String statement) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<ResultColumn> columns = columns(md, n);
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            checkBound(rows.size(), maxRows, statement);
            rows.add(row(rs, columns));
        }
        return new RowSet(columns, rows);
    }

    /** One row, each value in the lossless form {@link JdbcValues} converts for the getters. */
    static Object[] row(ResultSet rs, List<ResultColumn> columns) throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = JdbcValues.read(rs, i + 1, columns.get(i).type());
        }
        return row;
    }

    static void checkBound(int rows, int maxRows, String statement) throws SQLException {
        if (rows >= maxRows) {
            throw new SQLException("the result of '" + Fragment.of(statement) + "' exceeds " + maxRows
                    + " rows held in the driver (options.max-buffered-rows)", "HY001");
        }
    }
}
