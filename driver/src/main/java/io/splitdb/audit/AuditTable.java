package io.splitdb.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _split_audit}, the same on each backend: one row per entry, keyed by (stream, seq), so
 * writing an entry twice (a flush retried after a lost answer) changes nothing.
 */
public final class AuditTable {
    public static final String TABLE = "_split_audit";
    private static final String COLUMNS = "stream, seq, at_ms, who, app, host, kind, tables_touched, columns_touched, shape, "
            + "row_count, row_keys, key_version, prev_hash, hash";
    private static final int COPY_CHUNK = 500;

    private AuditTable() {
    }

    /** Creates the table where missing. */
    public static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "stream CHAR(32) NOT NULL, seq BIGINT NOT NULL, at_ms BIGINT NOT NULL, "
                    + "who VARCHAR(255) NOT NULL, app VARCHAR(255) NOT NULL, host VARCHAR(255) NOT NULL, kind VARCHAR(8) NOT NULL, "
                    + "tables_touched VARCHAR(" + AuditEvent.MAX_TABLES + ") NOT NULL, "
                    + "columns_touched VARCHAR(" + AuditEvent.MAX_COLUMNS + ") NOT NULL, "
                    + "shape MEDIUMTEXT NOT NULL, row_count BIGINT NOT NULL, row_keys MEDIUMTEXT NOT NULL, key_version INT NOT NULL, "
                    + "prev_hash VARBINARY(32) NOT NULL, hash VARBINARY(32) NOT NULL, "
                    + "PRIMARY KEY (stream, seq), KEY audit_at (at_ms)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    /**
     * Writes entries in one multi-row INSERT (already present ones are kept as they are). The
     * values are written as literals that mean the same under every sql_mode (see {@link #text}):
     * no client-side parse of a statement with thousands of placeholders, which cost more CPU than
     * the reads being audited (see docs/benchmarks.md).
     */
    static void insert(Connection c, String qualifiedTable, List<AuditEntry> entries) throws SQLException {
        StringBuilder sql = new StringBuilder(256 + entries.size() * 400)
                .append("INSERT IGNORE INTO ").append(qualifiedTable).append(" (").append(COLUMNS).append(") VALUES ");
        for (int i = 0; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            sql.append(i == 0 ? "(" : ", (");
            text(sql, e.stream()).append(", ").append(e.seq()).append(", ").append(e.atMillis()).append(", ");
            text(sql, e.who()).append(", ");
            text(sql, e.app()).append(", ");
            text(sql, e.host()).append(", ");
            text(sql, e.kind()).append(", ");
            text(sql, e.tables()).append(", ");
            text(sql, e.columns()).append(", ");
            text(sql, e.shape()).append(", ").append(e.rowCount()).append(", ");
            text(sql, e.rowKeys()).append(", ").append(e.keyVersion()).append(", ");
            bytes(sql, e.prevHash()).append(", ");
            bytes(sql, e.hash()).append(')');
        }
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.executeUpdate(sql.toString());
        }
    }

    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    /**
     * A string literal: quoted with doubled quotes, which every sql_mode reads alike, unless it
     * holds a backslash or NUL (read differently with and without NO_BACKSLASH_ESCAPES): then
     * {@code _utf8mb4 X'..'}.
     */
    static StringBuilder text(StringBuilder sql, String value) {
        if (value.indexOf('\\') >= 0 || value.indexOf('\0') >= 0) {
            return bytes(sql.append("_utf8mb4 "), value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        sql.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            sql.append(ch);
            if (ch == '\'') {
                sql.append(ch);
            }
        }
        return sql.append('\'');
    }

    private static StringBuilder bytes(StringBuilder sql, byte[] value) {
        return value.length == 0 ? sql.append("''") : HEX.formatHex(sql.append("X'"), value).append('\'');
    }

    /**
     * Reads entries ordered by stream and seq.
     *
     * @param where a condition over the table's columns with {@code ?} for {@code args}, or null for all
     */
    public static List<AuditEntry> read(Connection c, String where, List<Object> args) throws SQLException {
        return select(c, where, args, " ORDER BY stream, seq");
    }

    /** The {@code newest} latest entries matching {@code where} (newest first). */
    public static List<AuditEntry> newest(Connection c, String where, List<Object> args, int newest) throws SQLException {
        return select(c, where, args, " ORDER BY at_ms DESC, stream DESC, seq DESC LIMIT " + newest);
    }

    /**
     * Copies to {@code to} the entries of {@code from} it lacks: what a rebuilt backend needs so
     * that its copy of the log agrees with the others'. Entries are copied as stored (hashes
     * included), so a copy of a tampered entry still fails {@code splitdb audit verify}.
     *
     * @return the entries read from {@code from}
     */
    public static long copyMissing(Connection from, Connection to) throws SQLException {
        ensureTable(to);
        long copied = 0;
        for (Map.Entry<String, Long> stream : lastSeqs(from).entrySet()) {
            // everything: writers may already have given the new server entries later than ones it lacks
            copied += copyAfter(from, to, stream.getKey(), -1, stream.getValue());
        }
        return copied;
    }

    /**
     * Copies to {@code to} the entries of each stream that come after the last one it holds: what
     * a backend that was out of service missed when the driver instances that wrote them ended
     * before it returned (their in-memory backlog for it ended with them). Cheap: one indexed
     * {@code MAX(seq)} per stream on each side, then only the missing tails.
     *
     * @return the entries copied
     */
    public static long copyTails(Connection from, Connection to) throws SQLException {
        ensureTable(to);
        Map<String, Long> held = lastSeqs(to);
        long copied = 0;
        for (Map.Entry<String, Long> stream : lastSeqs(from).entrySet()) {
            copied += copyAfter(from, to, stream.getKey(), held.getOrDefault(stream.getKey(), -1L), stream.getValue());
        }
        return copied;
    }

    /** Copies one stream's entries after seq {@code after} up to {@code last}, in chunks (kept as they are where present). */
    private static long copyAfter(Connection from, Connection to, String stream, long after, long last) throws SQLException {
        long copied = 0;
        while (after < last) {
            List<AuditEntry> chunk = select(from, "stream = ? AND seq > ?", List.of(stream, after), " ORDER BY seq LIMIT " + COPY_CHUNK);
            if (chunk.isEmpty()) {
                break;
            }
            insert(to, TABLE, chunk);
            copied += chunk.size();
            after = chunk.get(chunk.size() - 1).seq();
        }
        return copied;
    }

    private static Map<String, Long> lastSeqs(Connection c) throws SQLException {
        Map<String, Long> last = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT stream, MAX(seq) FROM " + TABLE + " GROUP BY stream")) {
            while (rs.next()) {
                last.put(rs.getString(1), rs.getLong(2));
            }
        }
        return last;
    }

    private static List<AuditEntry> select(Connection c, String where, List<Object> args, String order) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + (where == null ? "" : " WHERE " + where) + order;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11),
                            rs.getString(12), rs.getInt(13), rs.getBytes(14), rs.getBytes(15)));
                }
            }
            return entries;
        }
    }
}
