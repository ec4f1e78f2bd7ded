package io.splitdb.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;

/**
 * The decision records of the commit protocol ({@link Transaction}): a row in the leader's table
 * {@value #TABLE}, written in the leader's local transaction, says that transaction committed.
 *
 * <p>Whoever resolves an in-doubt follower branch ({@link Recovery}) first tries to insert an
 * abort record under the same key. The primary key makes the two writes exclusive: if the
 * coordinator's commit record is there (or still being committed: the insert waits on its lock),
 * the branch commits; if the abort record went in first, the coordinator's own insert fails and
 * it rolls back everywhere. So a live coordinator and a recovery sweep never decide differently.
 *
 * <p>Transaction ids ({@code gtrid}) name the leader and the time they began:
 * {@code sdb-<leader>-<database tag>-<millis hex>-<random hex>}; the branch qualifier names the
 * follower ({@code b<index>}).
 */
final class Decisions {
    static final String TABLE = "_split_decisions";
    static final String PREFIX = "sdb-";
    private static final int DUPLICATE_KEY = 1062;

    private Decisions() {
    }

    static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (gtrid VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY, "
                    + "outcome CHAR(1) CHARACTER SET ascii NOT NULL, decided TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB");
        }
    }

    static String newGtrid(int leader, String databaseTag) {
        return PREFIX + leader + "-" + databaseTag + "-" + Long.toHexString(System.currentTimeMillis()) + "-" + Transaction.randomHex(8);
    }

    /**
     * Eight hex digits naming one split database (its three backends' databases): XA RECOVER lists
     * the branches of every database on a server, and recovery must settle only its own.
     */
    static String databaseTag(java.util.List<String> backendUrls) {
        StringBuilder names = new StringBuilder();
        for (String url : backendUrls) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^jdbc:[a-z]+://[^/]*/([^?;]*)").matcher(url);
            names.append(m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : url).append('/');
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(names.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True if the transaction id belongs to the split database with this tag. */
    static boolean ofDatabase(String gtrid, String databaseTag) {
        String[] parts = gtrid.split("-");
        return parts.length == 5 && parts[0].equals("sdb") && parts[2].equals(databaseTag);
    }

    /** The XA id of backend {@code b}'s branch, as SQL: {@code 'gtrid','b<b>'}. */
    static String xid(String gtrid, int b) {
        return "'" + gtrid + "','b" + b + "'";
    }

    /** The leader a transaction id names, or -1 if it is not one of splitdb's. */
    static int leaderOf(String gtrid) {
        if (!gtrid.startsWith(PREFIX) || gtrid.length() < PREFIX.length() + 2) {
            return -1;
        }
        char c = gtrid.charAt(PREFIX.length());
        return c >= '0' && c <= '2' ? c - '0' : -1;
    }

    /** When the transaction began (epoch millis), or 0 if the id does not say. */
    static long beganAt(String gtrid) {
        String[] parts = gtrid.split("-");
        try {
            return parts.length == 5 ? Long.parseLong(parts[3], 16) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Writes the commit decision inside the leader's transaction ({@code table}: {@value #TABLE}, qualified). */
    static void record(Connection leader, String table, String gtrid) throws SQLException {
        try (PreparedStatement ps = leader.prepareStatement("INSERT INTO " + table + " (gtrid, outcome) VALUES (?, 'C')")) {
            ps.setString(1, gtrid);
            ps.executeUpdate();
        } catch (SQLIntegrityConstraintViolationException e) {
            throw new ClaimedAbort(e);
        }
    }

    /** True if {@code e} says recovery had already decided to abort the transaction. */
    static boolean isClaimedAbort(SQLException e) {
        return e instanceof ClaimedAbort;
    }

    /** XAER_NOTA: the branch is not (or no longer) there, e.g. recovery committed it first. */
    static boolean isUnknownXid(SQLException e) {
        return e.getErrorCode() == 1397 || "XAE04".equals(e.getSQLState());
    }

    /**
     * The outcome of an in-doubt transaction, deciding abort if nothing was decided: true if it
     * committed. Runs in auto-commit on the leader.
     */
    static boolean committed(Connection leader, String gtrid) throws SQLException {
        try (PreparedStatement ps = leader.prepareStatement("INSERT INTO " + TABLE + " (gtrid, outcome) VALUES (?, 'A')")) {
            ps.setString(1, gtrid);
            ps.executeUpdate();
            return false;
        } catch (SQLException e) {
            if (e.getErrorCode() != DUPLICATE_KEY && !(e instanceof SQLIntegrityConstraintViolationException)) {
                throw e;
            }
        }
        return decidedCommit(leader, gtrid);
    }

    /** True if the leader holds a commit decision for the transaction (a read: decides nothing). */
    static boolean decidedCommit(Connection leader, String gtrid) throws SQLException {
        try (PreparedStatement ps = leader.prepareStatement("SELECT outcome FROM " + TABLE + " WHERE gtrid = ?")) {
            ps.setString(1, gtrid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "C".equals(rs.getString(1));
            }
        }
    }

    /** Deletes decisions no branch needs any more. */
    static void forget(Connection leader, Collection<String> gtrids) throws SQLException {
        if (gtrids.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(gtrids.size(), "?"));
        try (PreparedStatement ps = leader.prepareStatement("DELETE FROM " + TABLE + " WHERE gtrid IN (" + marks + ")")) {
            int i = 1;
            for (String g : gtrids) {
                ps.setString(i++, g);
            }
            ps.executeUpdate();
        }
    }

    /** Deletes decisions older than {@code seconds}: called only when no backend holds an in-doubt branch. */
    static void purgeOlderThan(Connection c, int seconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE decided < NOW() - INTERVAL ? SECOND")) {
            ps.setInt(1, seconds);
            ps.executeUpdate();
        }
    }

    /** The decision insert met recovery's abort record. */
    static final class ClaimedAbort extends SQLException {
        private static final long serialVersionUID = 1L;

        ClaimedAbort(SQLException cause) {
            super("recovery decided to abort this transaction before it committed", "40001", cause);
        }
    }
}
