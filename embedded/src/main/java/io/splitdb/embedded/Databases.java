package io.splitdb.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Creates and drops databases on a server through JDBC. */
final class Databases {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private Databases() {
    }

    /** @param collation the database's collation, or null for the server's default for utf8mb4 */
    static void create(String serverUrl, String user, String password, String name, String collation) throws SQLException {
        execute(serverUrl, user, password, "DROP DATABASE IF EXISTS `" + check(name) + "`",
                "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4" + (collation == null ? "" : " COLLATE " + collation));
    }

    static void drop(String serverUrl, String user, String password, String name) throws SQLException {
        execute(serverUrl, user, password, "DROP DATABASE IF EXISTS `" + check(name) + "`");
    }

    private static void execute(String url, String user, String password, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String check(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database names here are letters, digits and _: " + name);
        }
        return name;
    }
}
