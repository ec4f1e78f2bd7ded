package io.splitdb.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress cursors of long-running jobs over the tables ({@code splitdb reshare}): per job and
 * table, the last row key done. A cursor is written in the same distributed transaction as the
 * batch it follows, on all three backends, so after a crash it names exactly the rows whose
 * rewrite committed, and a resumed job goes on from there.
 */
public final class Jobs {
    static final String TABLE = "_split_jobs";
    /** The cursor of a table that is finished. */
    public static final long DONE = Long.MAX_VALUE;

    private Jobs() {
    }

    static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (job VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL, "
                    + "after_rowid BIGINT NOT NULL, updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, "
                    + "PRIMARY KEY (job, table_name)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    /** The cursors of {@code job} by table (empty when it has not run or has finished). */
    public static Map<String, Long> cursors(SplitDatabase db, String job) throws SQLException {
        return Reads.one(db, (c, b) -> {
            Map<String, Long> cursors = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name, after_rowid FROM " + TABLE + " WHERE job = ?")) {
                ps.setString(1, job);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cursors.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return cursors;
        });
    }

    /** Records, in the caller's transaction, that {@code job} is done with {@code table} up to {@code afterRowid}. */
    static void advance(Connection c, String job, String table, long afterRowid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (job, table_name, after_rowid) VALUES (?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE after_rowid = VALUES(after_rowid)")) {
            ps.setString(1, job);
            ps.setString(2, table);
            ps.setLong(3, afterRowid);
            ps.executeUpdate();
        }
    }

    /** Forgets every cursor of {@code job} (it finished, or starts over), on every backend in service. */
    public static void clear(SplitDatabase db, String job) throws SQLException {
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                continue;
            }
            try (Connection c = b.connection(SessionSettings.DEFAULT);
                 PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE job = ?")) {
                ps.setString(1, job);
                ps.executeUpdate();
            }
        }
    }
}
