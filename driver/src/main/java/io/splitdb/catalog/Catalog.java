package io.splitdb.catalog;

import io.splitdb.policy.ColumnPolicy;
import io.splitdb.policy.Protection;
import io.splitdb.policy.Search;
import io.splitdb.types.LogicalType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logical schema of every table the driver manages, kept in table {@value #TABLE} on each
 * backend so that result-set and database metadata show the application its own schema, and so
 * that another driver or proxy instance reads the same picture.
 */
public final class Catalog {
    public static final String TABLE = "_split_catalog";

    static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "table_name VARCHAR(64) NOT NULL, column_name VARCHAR(64) NOT NULL, ordinal INT NOT NULL, "
            + "type_ddl VARCHAR(1024) NOT NULL, nullable TINYINT NOT NULL, protect VARCHAR(16) NOT NULL, "
            + "search VARCHAR(16) NOT NULL, bits INT NOT NULL, holder INT NOT NULL, collation_name VARCHAR(64), "
            + "pk_position INT NOT NULL, auto_increment TINYINT NOT NULL, default_sql TEXT, "
            + "PRIMARY KEY (table_name, column_name)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    private static final String INSERT = "INSERT INTO " + TABLE + " (table_name, column_name, ordinal, type_ddl, nullable, "
            + "protect, search, bits, holder, collation_name, pk_position, auto_increment, default_sql) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();

    /** Creates the catalog table on a backend if it is missing. */
    public static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(DDL);
        }
    }

    /** Replaces the in-memory picture with what {@code c} holds; true if it changed. */
    public boolean reload(Connection c) throws SQLException {
        Map<String, List<Object[]>> rowsByTable = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name, ordinal, type_ddl, nullable, protect, search, bits, "
                     + "holder, collation_name, pk_position, auto_increment, default_sql FROM " + TABLE
                     + " ORDER BY table_name, ordinal")) {
            while (rs.next()) {
                Object[] row = new Object[13];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rowsByTable.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(row);
            }
        }
        Map<String, TableInfo> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object[]>> e : rowsByTable.entrySet()) {
            List<ColumnInfo> columns = new ArrayList<>();
            Map<Integer, String> pk = new java.util.TreeMap<>();
            for (Object[] r : e.getValue()) {
                ColumnPolicy policy = new ColumnPolicy(
                        Protection.valueOf(((String) r[5]).toUpperCase(Locale.ROOT)),
                        Search.valueOf(((String) r[6]).toUpperCase(Locale.ROOT)),
                        ((Number) r[7]).intValue(), ((Number) r[8]).intValue());
                columns.add(new ColumnInfo((String) r[1], ((Number) r[2]).intValue(), LogicalType.parse((String) r[3]),
                        ((Number) r[4]).intValue() != 0, policy, (String) r[9], ((Number) r[11]).intValue() != 0, (String) r[12]));
                int pkPosition = ((Number) r[10]).intValue();
                if (pkPosition > 0) {
                    pk.put(pkPosition, (String) r[1]);
                }
            }
            loaded.put(key(e.getKey()), new TableInfo(e.getKey(), columns, new ArrayList<>(pk.values())));
        }
        if (loaded.equals(Map.copyOf(tables))) {
            return false;
        }
        tables.clear();
        tables.putAll(loaded);
        return true;
    }

    /** The managed table named {@code name} (case-insensitive, quotes allowed), or null. */
    public TableInfo table(String name) {
        return tables.get(key(name));
    }

    public List<TableInfo> tables() {
        return List.copyOf(tables.values());
    }

    /** Records a new table in memory (after {@link #insertRows} ran on every backend). */
    public void put(TableInfo table) {
        tables.put(key(table.name()), table);
    }

    public void remove(String name) {
        tables.remove(key(name));
    }

    /** Writes the catalog rows of {@code t} through {@code c}. */
    public static void insertRows(Connection c, TableInfo t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (ColumnInfo col : t.columns()) {
                int pkPosition = t.primaryKey().indexOf(col.name()) + 1;
                ps.setString(1, t.name());
                ps.setString(2, col.name());
                ps.setInt(3, col.ordinal());
                ps.setString(4, col.type().ddl());
                ps.setInt(5, col.nullable() ? 1 : 0);
                ps.setString(6, col.protect().yamlName());
                ps.setString(7, col.policy().search().yamlName());
                ps.setInt(8, col.policy().bits());
                ps.setInt(9, col.policy().holder());
                ps.setString(10, col.collation());
                ps.setInt(11, pkPosition);
                ps.setInt(12, col.autoIncrement() ? 1 : 0);
                ps.setString(13, col.defaultSql());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Removes the catalog rows of table {@code name} through {@code c}. */
    public static void deleteRows(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE table_name = ?")) {
            ps.setString(1, TableInfo.unquote(name));
            ps.executeUpdate();
        }
    }

    private static String key(String name) {
        return TableInfo.unquote(name).toLowerCase(Locale.ROOT);
    }
}
