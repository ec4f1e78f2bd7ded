package io.splitdb.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What one engine did with one query: its rows as text (getString), or its error. */
final class QueryOutcome {
    final List<List<String>> rows = new ArrayList<>();
    SQLException error;

    static QueryOutcome of(Connection c, String sql) {
        QueryOutcome o = new QueryOutcome();
        try (Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= n; i++) {
                            String v = rs.getString(i);
                            row.add(v == null ? "NULL" : v);
                        }
                        o.rows.add(row);
                    }
                }
            }
        } catch (SQLException e) {
            o.error = e;
        }
        return o;
    }

    /** The rows as sorted lines: equal for equal multisets of rows. */
    List<String> sorted() {
        List<String> flat = new ArrayList<>();
        rows.forEach(row -> flat.add(String.join("|", row)));
        flat.sort(null);
        return flat;
    }

    /** Columns {@code positions} (0-based) of each row, in row order. */
    List<String> project(List<Integer> positions) {
        List<String> out = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> k = new ArrayList<>();
            positions.forEach(p -> k.add(row.get(p)));
            out.add(String.join("|", k));
        }
        return out;
    }
}
