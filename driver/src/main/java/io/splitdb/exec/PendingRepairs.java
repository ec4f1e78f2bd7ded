package io.splitdb.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a backend missed while it was down: rows (or whole tables) written by transactions that
 * went on without it, recorded in {@value #TABLE} on the backends that took part, inside the
 * same transactions. {@link Repair} works through the records and deletes them.
 */
final class PendingRepairs {
    static final String TABLE = "_split_pending";
    /** The table name that stands for every table (a write whose tables the driver could not name). */
    static final String EVERY_TABLE = "*";

    private PendingRepairs() {
    }

    static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, target TINYINT NOT NULL, "
                    + "table_name VARCHAR(64) NOT NULL, row_id BIGINT NULL, recorded TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, "
                    + "KEY by_target (target, id)) ENGINE=InnoDB");
        }
    }

    /** Records ({@code table}: {@value #TABLE}, qualified), for each backend in {@code targets}, the rows in {@code touched} (a null set: the whole table). */
    static void record(Connection c, String table, List<Integer> targets, Map<String, Set<Long>> touched) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (target, table_name, row_id) VALUES (?, ?, ?)")) {
            for (int target : targets) {
                for (Map.Entry<String, Set<Long>> e : touched.entrySet()) {
                    if (e.getValue() == null) {
                        ps.setInt(1, target);
                        ps.setString(2, e.getKey());
                        ps.setNull(3, Types.BIGINT);
                        ps.addBatch();
                        continue;
                    }
                    for (long rowid : e.getValue()) {
                        ps.setInt(1, target);
                        ps.setString(2, e.getKey());
                        ps.setLong(3, rowid);
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    /** The backends some record names. */
    static Set<Integer> targets(Connection c) throws SQLException {
        Set<Integer> targets = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT target FROM " + TABLE)) {
            while (rs.next()) {
                targets.add(rs.getInt(1));
            }
        }
        return targets;
    }

    /** The newest record for {@code target}, 0 if none. */
    static long lastId(Connection c, int target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + TABLE + " WHERE target = ?")) {
            ps.setInt(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The records for {@code target} up to {@code lastId}, by table: a null set means the whole table. */
    static void collect(Connection c, int target, long lastId, Map<String, Set<Long>> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, row_id FROM " + TABLE + " WHERE target = ? AND id <= ?")) {
            ps.setInt(1, target);
            ps.setLong(2, lastId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    long rowid = rs.getLong(2);
                    boolean whole = rs.wasNull();
                    if (whole) {
                        into.put(table, null);
                    } else if (!into.containsKey(table) || into.get(table) != null) {
                        into.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(rowid);
                    }
                }
            }
        }
    }

    /** Deletes the records for {@code target} up to {@code lastId} (newer ones are left for the next round). */
    static void forget(Connection c, int target, long lastId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE target = ? AND id <= ?")) {
            ps.setInt(1, target);
            ps.setLong(2, lastId);
            ps.executeUpdate();
        }
    }

    static Map<String, Set<Long>> newMap() {
        return new LinkedHashMap<>();
    }
}
