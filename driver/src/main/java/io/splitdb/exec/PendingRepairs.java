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

    /**
     * Adds the committed records for {@code target} to {@code into}, by table (a null set means the
     * whole table), and returns their ids on this backend. Only these are deleted after the repair:
     * a record committed meanwhile may carry a lower id (ids are taken at insert, not at commit).
     */
    static List<Long> collect(Connection c, int target, Map<String, Set<Long>> into) throws SQLException {
        List<Long> ids = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, table_name, row_id FROM " + TABLE + " WHERE target = ? ORDER BY id")) {
            ps.setInt(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    String table = rs.getString(2);
                    long rowid = rs.getLong(3);
                    boolean whole = rs.wasNull();
                    if (whole) {
                        into.put(table, null);
                    } else if (!into.containsKey(table) || into.get(table) != null) {
                        into.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(rowid);
                    }
                }
            }
        }
        return ids;
    }

    /** Deletes the records with these ids (those a repair round has dealt with). */
    static void forget(Connection c, List<Long> ids) throws SQLException {
        for (int from = 0; from < ids.size(); from += 1000) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    static Map<String, Set<Long>> newMap() {
        return new LinkedHashMap<>();
    }
}
