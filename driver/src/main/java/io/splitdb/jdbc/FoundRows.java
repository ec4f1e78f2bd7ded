package io.splitdb.jdbc;

import io.splitdb.exec.ExecResult;
import io.splitdb.sql.LiteralLifter;
import io.splitdb.sql.SqlParser;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.regex.Pattern;

/**
 * {@code SELECT SQL_CALC_FOUND_ROWS ... LIMIT n} followed by {@code SELECT FOUND_ROWS()}, the way
 * legacy applications page. The backend that ran the first statement is not necessarily the one
 * asked the second, so the driver counts the rows itself: the same query without its LIMIT,
 * counted through the driver like any query.
 */
final class FoundRows {
    private static final Pattern REQUESTED = Pattern.compile("(?is).*\\bSQL_CALC_FOUND_ROWS\\b.*");

    private FoundRows() {
    }

    static boolean requested(String sql) {
        return REQUESTED.matcher(sql).matches();
    }

    /** The number of rows the statement would return without its LIMIT. */
    static long count(SplitConnection connection, String sql, Object[] userValues) throws SQLException {
        Statement statement;
        try {
            statement = SqlParser.parse(sql);
        } catch (JSQLParserException e) {
            throw new SQLFeatureNotSupportedException("splitdb does not support SQL_CALC_FOUND_ROWS in a statement it cannot read", "0A000");
        }
        if (!(statement instanceof PlainSelect ps)) {
            throw new SQLFeatureNotSupportedException("splitdb does not support SQL_CALC_FOUND_ROWS outside a simple SELECT", "0A000");
        }
        if (ps.getLimit() != null && hasParameter(ps.getLimit().toString()) || ps.getOffset() != null && hasParameter(ps.getOffset().toString())) {
            throw new SQLFeatureNotSupportedException("splitdb does not support SQL_CALC_FOUND_ROWS with a LIMIT given as a parameter "
                    + "(write the LIMIT's numbers in the statement)", "0A000");
        }
        ps.setMySqlSqlCalcFoundRows(false);
        ps.setLimit(null);
        ps.setOffset(null);
        String counting = "SELECT COUNT(*) FROM (" + ps + ") AS _split_found";
        ExecResult result = connection.run(counting, LiteralLifter.lift(counting), userValues);
        return ((Number) result.rows().rows().get(0)[0]).longValue();
    }

    private static boolean hasParameter(String text) {
        return text.indexOf('?') >= 0 && !(text.contains("'") || text.contains("\""));
    }
}
