package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.crypto.ShamirSplitter;
import io.splitdb.crypto.ValueSealer;
import io.splitdb.policy.Protection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts a table's protected values by the master key version their header names, for
 * {@code splitdb rotate-keys --status} and the check that a rotation left nothing behind. Only
 * headers are reconstructed (the first bytes of two shares); nothing is decrypted and no lock is taken.
 */
public final class KeyCensus {
    /** Count key of values erased by splitdb forget. */
    public static final int ERASED = 0;
    /** Count key of values whose header cannot be read (a missing or altered share; splitdb verify says which). */
    public static final int UNREADABLE = -1;

    private static final ShamirSplitter SHAMIR = new ShamirSplitter();
    private static final boolean[] ALL_PRESENT = {true, true, true};
    private static final int CHUNK = 1000;
    private static final int ATTEMPTS = 5;

    private KeyCensus() {
    }

    /** Values of {@code t} by key version (plus {@link #ERASED} and {@link #UNREADABLE}), ascending. */
    public static Map<Integer, Long> table(SplitDatabase db, TableInfo t) throws SQLException {
        Map<Integer, Long> counts = new TreeMap<>();
        if (!t.hasProtectedColumns()) {
            return counts;
        }
        Set<Integer> holders = new HashSet<>();
        for (ColumnInfo c : t.protectedColumns()) {
            if (c.protect() == Protection.ENCRYPTED) {
                holders.add(c.policy().holder());
            }
        }
        int readers = Math.max(2, holders.size());
        String table = InsertPlan.quote(t.name());
        String columns = String.join(", ", Reseal.physicalColumns(t));
        long after = Long.MIN_VALUE;
        while (true) {
            long from = after;
            List<Long> chunk = Reads.one(db, (c, b) -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + TableInfo.ROWID + " FROM " + table + " WHERE " + TableInfo.ROWID
                        + " > ? ORDER BY " + TableInfo.ROWID + " LIMIT " + CHUNK)) {
                    ps.setLong(1, from);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                return ids;
            });
            if (chunk.isEmpty()) {
                return counts;
            }
            after = chunk.get(chunk.size() - 1);
            count(db, t, holders, readers, "SELECT " + columns + " FROM " + table + " WHERE " + TableInfo.ROWID, chunk, counts);
        }
    }

    /** Reads a chunk from two backends; rows a commit raced between the two reads are read again. */
    private static void count(SplitDatabase db, TableInfo t, Set<Integer> holders, int readers, String selectWhereRowid, List<Long> chunk,
                              Map<Integer, Long> counts) throws SQLException {
        List<Long> todo = chunk;
        for (int attempt = 1; !todo.isEmpty(); attempt++) {
            List<Long> ids = todo;
            String select = selectWhereRowid + " IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")";
            Map<Integer, Map<Long, Object[]>> read = Reads.many(db, holders, readers, (c, b) -> Reseal.readRows(c, select, ids));
            List<Long> raced = new ArrayList<>();
            for (long rowid : ids) {
                Object[][] perBackend = new Object[3][];
                Long version = null;
                boolean differ = false;
                for (Map.Entry<Integer, Map<Long, Object[]>> e : read.entrySet()) {
                    Object[] row = e.getValue().get(rowid);
                    perBackend[e.getKey()] = row;
                    long v = row == null ? Long.MIN_VALUE : (Long) row[1];
                    differ |= version != null && v != version;
                    version = v;
                }
                if (version == Long.MIN_VALUE && !differ) {
                    continue;  // deleted meanwhile
                }
                if (differ) {
                    raced.add(rowid);
                    continue;
                }
                for (int k = 0; k < t.protectedColumns().size(); k++) {
                    Integer v = keyVersion(t.protectedColumns().get(k), Reseal.shares(perBackend, k), present(read.keySet()));
                    counts.merge(v == null ? ERASED : v, 1L, Long::sum);
                }
            }
            if (attempt >= ATTEMPTS && !raced.isEmpty()) {
                counts.merge(UNREADABLE, (long) raced.size() * t.protectedColumns().size(), Long::sum);
                return;
            }
            todo = raced;
        }
    }

    private static boolean[] present(Set<Integer> backends) {
        boolean[] present = new boolean[3];
        backends.forEach(b -> present[b] = true);
        return present;
    }

    /** As {@link #keyVersion(ColumnInfo, byte[][], boolean[])} with all three backends' stored values at hand. */
    static Integer keyVersion(ColumnInfo c, byte[][] stored) {
        return keyVersion(c, stored, ALL_PRESENT);
    }

    /**
     * The key version a stored value names in its header, from the first bytes of two shares (Shamir
     * works byte by byte) or of the holder's ciphertext; null if erased; {@link #UNREADABLE} if a
     * share is missing or the header is not one (opening the value then says what is wrong).
     */
    static Integer keyVersion(ColumnInfo c, byte[][] stored, boolean[] present) {
        if (ProtectedValues.isErased(c, stored, present)) {
            return null;
        }
        byte[] header;
        if (c.protect() == Protection.ENCRYPTED) {
            header = stored[c.policy().holder()];
        } else {
            int a = -1;
            int b = -1;
            for (int i = 0; i < 3; i++) {
                if (present[i] && stored[i] != null && stored[i].length >= ValueSealer.HEADER_SIZE) {
                    if (a < 0) {
                        a = i;
                    } else if (b < 0) {
                        b = i;
                    }
                }
            }
            if (b < 0) {
                return UNREADABLE;
            }
            header = SHAMIR.combine(a, Arrays.copyOf(stored[a], ValueSealer.HEADER_SIZE), b, Arrays.copyOf(stored[b], ValueSealer.HEADER_SIZE));
        }
        try {
            return ValueSealer.keyVersionOf(header);
        } catch (IllegalArgumentException e) {
            return UNREADABLE;
        }
    }
}
