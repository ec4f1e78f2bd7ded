package io.splitdb.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** What one backend physically stores for a protected column, read straight from it (bypassing splitdb), by hidden row key. */
record StoredShares(Map<Long, byte[]> bytes, Map<Long, Long> versions) {

    static StoredShares read(CliFixture db, int backend, String table, String column) throws Exception {
        Map<Long, byte[]> bytes = new TreeMap<>();
        Map<Long, Long> versions = new TreeMap<>();
        try (Connection c = db.backend(backend); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT _split_rowid, _split_ver, `" + column + "` FROM `" + table + "`")) {
            while (rs.next()) {
                bytes.put(rs.getLong(1), rs.getBytes(3));
                versions.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return new StoredShares(bytes, versions);
    }

    /** The hidden row key of the row whose plain column {@code keyColumn} is {@code key}, on backend 0. */
    static long rowid(CliFixture db, String table, String keyColumn, Object key) throws Exception {
        try (Connection c = db.backend(0); var ps = c.prepareStatement("SELECT _split_rowid FROM `" + table + "` WHERE `" + keyColumn + "` = ?")) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no row " + keyColumn + " = " + key + " in " + table);
                }
                return rs.getLong(1);
            }
        }
    }
}
