package io.splitdb.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * SQL for a backend, with one {@link ValueSource} per {@code ?} in order.
 *
 * @param sql    the text sent to the backend
 * @param params one source per {@code ?}
 */
public record BackendQuery(String sql, List<ValueSource> params) {

    public BackendQuery {
        params = List.copyOf(params);
    }

    public static BackendQuery of(String sql) {
        return new BackendQuery(sql, List.of());
    }

    /** Prepares the statement on {@code c} and binds the resolved parameters. */
    public PreparedStatement prepare(Connection c, Object[] args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            bind(ps, args);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i).resolve(args));
        }
    }

    @Override
    public String toString() {
        return sql;
    }
}
