package io.splitdb.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The plaintext database {@code splitdb migrate} copies from, opened read-only: its tables, columns
 * and keys come from {@code information_schema}, its rows are read in consistent snapshots. Nothing
 * here writes to it.
 */
final class SourceDatabase implements AutoCloseable {

    /** A column as information_schema describes it. */
    record Column(String name, String columnType, String dataType, boolean nullable, String key, String extra, String charset,
                  String collation) {
        /** The type as a column definition writes it, with its character set and collation (for the type check). */
        String typeDdl() {
            return columnType + (charset == null ? "" : " CHARACTER SET " + charset) + (collation == null ? "" : " COLLATE " + collation);
        }

        boolean generated() {
            return extra.toUpperCase(Locale.ROOT).contains("GENERATED");
        }

        boolean autoIncrement() {
            return extra.toLowerCase(Locale.ROOT).contains("auto_increment");
        }

        /** True for types whose values are bytes, compared and copied as bytes. */
        boolean binary() {
            return switch (dataType.toLowerCase(Locale.ROOT)) {
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit" -> true;
                default -> false;
            };
        }
    }

    /**
     * A base table.
     *
     * @param primaryKey its primary key's columns in key order (empty without one)
     * @param references the other tables its foreign keys name (lower case)
     */
    record Table(String name, List<Column> columns, List<String> primaryKey, Set<String> references) {
        /** The columns a copy writes: generated columns are computed by the destination itself. */
        List<Column> copied() {
            return columns.stream().filter(c -> !c.generated()).toList();
        }

        Column column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
    }

    final String url;
    final String schema;
    private final Connection connection;

    private SourceDatabase(String url, String schema, Connection connection) {
        this.url = url;
        this.schema = schema;
        this.connection = connection;
    }

    /**
     * Connects read-only.
     *
     * @throws CommandFailure 1 if the server does not answer, 2 for a URL without a database or refused credentials
     */
    static SourceDatabase open(String url, String user, String password) throws CommandFailure {
        if (url == null || !url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
            throw new CommandFailure(CommandFailure.USAGE, "--from takes a jdbc:mysql:// URL of the plaintext database, not " + redacted(url));
        }
        Connection c;
        try {
            java.util.Properties p = new java.util.Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            p.setProperty("connectTimeout", "5000");
            c = DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            int code = state.startsWith("08") || state.isEmpty() ? CommandFailure.FAILED : CommandFailure.USAGE;
            throw new CommandFailure(code, "cannot connect to the source " + redacted(url) + ": " + e.getMessage() + " (SQLState " + state + ")", e);
        }
        try {
            c.setReadOnly(true);
            String schema = c.getCatalog();
            if (schema == null || schema.isEmpty()) {
                c.close();
                throw new CommandFailure(CommandFailure.USAGE, "the --from URL names no database: " + redacted(url));
            }
            return new SourceDatabase(redacted(url), schema, c);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new CommandFailure(CommandFailure.FAILED, "cannot use the source " + redacted(url) + ": " + e.getMessage(), e);
        }
    }

    /** The URL without its query string, which may carry a password. */
    static String redacted(String url) {
        if (url == null) {
            return "(none)";
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q) + "?...";
        return base.replaceAll("//[^/@]*@", "//...@");
    }

    Connection connection() {
        return connection;
    }

    /** The base tables (views left out), parents before the tables whose foreign keys name them, otherwise by name. */
    List<Table> tables() throws SQLException {
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.DATA_TYPE, c.IS_NULLABLE, c.COLUMN_KEY, c.EXTRA, "
                        + "c.CHARACTER_SET_NAME, c.COLLATION_NAME "
                        + "FROM information_schema.COLUMNS c JOIN information_schema.TABLES t "
                        + "ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
                        + "WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Column(rs.getString(2), rs.getString(3),
                            rs.getString(4), "YES".equals(rs.getString(5)), rs.getString(6), rs.getString(7) == null ? "" : rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Map<String, Set<String>> references = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE "
                        + "WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("PRIMARY".equals(rs.getString(3))) {
                        keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    } else if (rs.getString(4) != null && !rs.getString(4).equalsIgnoreCase(rs.getString(1))) {
                        references.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(4).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        Map<String, Table> byName = new LinkedHashMap<>();
        for (Map.Entry<String, List<Column>> e : columns.entrySet()) {
            byName.put(e.getKey().toLowerCase(Locale.ROOT), new Table(e.getKey(), List.copyOf(e.getValue()),
                    List.copyOf(keys.getOrDefault(e.getKey(), List.of())), Set.copyOf(references.getOrDefault(e.getKey(), Set.of()))));
        }
        List<Table> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        for (String name : byName.keySet()) {
            place(name, byName, placed, ordered, new LinkedHashSet<>());
        }
        return ordered;
    }

    /** Depth-first: a table after the tables it references (a cycle is broken where it closes). */
    private static void place(String name, Map<String, Table> byName, Set<String> placed, List<Table> ordered, Set<String> visiting) {
        if (placed.contains(name) || !byName.containsKey(name) || !visiting.add(name)) {
            return;
        }
        for (String parent : byName.get(name).references()) {
            place(parent, byName, placed, ordered, visiting);
        }
        placed.add(name);
        ordered.add(byName.get(name));
    }

    /** The source's views: not copied (their definitions would read the backends' share columns). */
    List<String> views() throws SQLException {
        List<String> views = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'VIEW' ORDER BY TABLE_NAME")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
            }
        }
        return views;
    }

    /** The server's own CREATE TABLE for a table. */
    String createStatement(Table t) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + Tables.quote(t.name()))) {
            rs.next();
            return rs.getString(2);
        }
    }

    long count(Table t) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Tables.quote(t.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Starts a read-only transaction that sees one snapshot of every table until {@link #endSnapshot}. */
    void beginSnapshot() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    void endSnapshot() throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing to do on the way out
        }
    }
}
