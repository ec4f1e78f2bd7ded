package io.splitdb.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Counts the statements the backend servers ran (their global {@code Questions} status), so the
 * benchmark can report round trips per operation: the cost a network between client and servers
 * multiplies.
 */
final class BackendStatements {
    private final List<String> urls;
    private final String user;
    private final String password;

    BackendStatements(List<String> urls, String user, String password) {
        this.urls = List.copyOf(urls);
        this.user = user;
        this.password = password;
    }

    /** The sum over the servers; the few statements this count itself runs are not subtracted. */
    long count() throws SQLException {
        long total = 0;
        for (String url : urls) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Questions'")) {
                if (rs.next()) {
                    total += rs.getLong(2);
                }
            }
        }
        return total;
    }
}
