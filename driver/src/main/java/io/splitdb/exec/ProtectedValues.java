package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.crypto.BlindIndex;
import io.splitdb.crypto.CollationKeys;
import io.splitdb.crypto.ColumnKeys;
import io.splitdb.crypto.Keyring;
import io.splitdb.crypto.ShamirSplitter;
import io.splitdb.crypto.ValueSealer;
import io.splitdb.policy.Protection;
import io.splitdb.types.ValueCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a protected column's value into what each backend stores (a share, or the ciphertext on
 * its holder, plus a blind index) and back. The only class on the statement path that touches keys.
 */
public final class ProtectedValues {
    private static final Logger LOG = Logger.getLogger(ProtectedValues.class.getName());
    /** What a NULL's blind index hashes: not a possible collation key or canonical value. */
    private static final byte[] NULL_EQUALITY = "\u0000splitdb-null".getBytes(StandardCharsets.UTF_8);

    private final Keyring keys;
    private final ShamirSplitter splitter = new ShamirSplitter();
    private final Map<String, ValueSealer> sealers = new ConcurrentHashMap<>();
    private final Map<String, BlindIndex> indexes = new ConcurrentHashMap<>();
    private final Map<Integer, Long> tamperCounts = new ConcurrentHashMap<>();

    public ProtectedValues(Keyring keys) {
        this.keys = keys;
    }

    /** The key version new values are sealed under (never the key itself). */
    public int currentKeyVersion() {
        return keys.currentVersion();
    }

    /** The key versions this instance can open, ascending. */
    public java.util.Set<Integer> keyVersions() {
        return keys.versions();
    }

    /** What the three backends store for one value: per backend the bytes (null where nothing is stored), and the blind index. */
    public record Stored(byte[][] perBackend, Long index) {
    }

    /** Seals a normalized value for row {@code rowid} at version {@code version}. */
    public Stored seal(TableInfo table, ColumnInfo column, Object normalized, long rowid, long version) throws SQLException {
        byte[] plaintext = ValueCodec.encode(column.type(), normalized);
        byte[] sealed;
        try {
            sealed = sealer(table, column).seal(plaintext, rowKey(rowid), version);
        } catch (GeneralSecurityException e) {
            throw new SQLException("cannot encrypt " + table.name() + "." + column.name() + ": " + e.getClass().getSimpleName(), "HY000", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        byte[][] perBackend;
        if (column.protect() == Protection.ENCRYPTED) {
            perBackend = new byte[3][];
            perBackend[column.policy().holder()] = sealed;
        } else {
            perBackend = splitter.split(sealed);
        }
        return new Stored(perBackend, column.searchable() ? index(table, column, normalized) : null);
    }

    /**
     * Seals every protected value of a row, given in {@link TableInfo#protectedColumns()} order:
     * per backend, the stored value of each column, then the blind index of each searchable one
     * (the order of the physical columns the plans write).
     */
    public Object[][] sealRow(TableInfo table, Object[] values, long rowid, long version) throws SQLException {
        java.util.List<ColumnInfo> columns = table.protectedColumns();
        int searchable = (int) columns.stream().filter(ColumnInfo::searchable).count();
        Object[][] perBackend = new Object[3][columns.size() + searchable];
        int indexSlot = columns.size();
        for (int i = 0; i < columns.size(); i++) {
            Stored s = seal(table, columns.get(i), values[i], rowid, version);
            for (int b = 0; b < 3; b++) {
                perBackend[b][i] = s.perBackend()[b];
                if (s.index() != null) {
                    perBackend[b][indexSlot] = s.index();
                }
            }
            if (s.index() != null) {
                indexSlot++;
            }
        }
        return perBackend;
    }

    /**
     * Recovers a value from what the readers returned ({@code stored[b]} is backend b's bytes, or
     * absent). With three shares at hand it names the backend whose share does not authenticate.
     * A value erased by {@code splitdb forget} (see {@link #isErased}) reads as SQL NULL.
     */
    public Object open(TableInfo table, ColumnInfo column, byte[][] stored, boolean[] present, long rowid, long version)
            throws SQLException {
        String where = table.name() + "." + column.name();
        if (isErased(column, stored, present)) {
            return null;
        }
        byte[] sealed = null;
        if (column.protect() == Protection.ENCRYPTED) {
            int holder = column.policy().holder();
            if (!present[holder] || stored[holder] == null) {
                throw corrupt("the ciphertext of " + where + " (row " + rowid + ") is missing on backend " + holder, null);
            }
            sealed = tryOpen(table, column, stored[holder], rowid, version);
            if (sealed == null) {
                refuseUnknownKeyVersion(stored[holder], where, rowid);
                tampered(holder, where);
                throw corrupt("the ciphertext of " + where + " (row " + rowid + ") on backend " + holder
                        + " does not authenticate: wrong master key, or the backend's data was altered", null);
            }
        } else {
            int[] have = new int[3];
            int n = 0;
            for (int b = 0; b < 3; b++) {
                if (present[b] && stored[b] != null) {
                    have[n++] = b;
                }
            }
            if (n < 2) {
                throw corrupt("a share of " + where + " (row " + rowid + ") is missing: only " + n + " of 3 backends hold one", null);
            }
            sealed = combineAndOpen(table, column, stored, have[0], have[1], rowid, version);
            if (sealed == null && n == 3) {
                // one of the three lies: the pair that authenticates names the third
                for (int[] pair : new int[][] {{have[0], have[2]}, {have[1], have[2]}}) {
                    sealed = combineAndOpen(table, column, stored, pair[0], pair[1], rowid, version);
                    if (sealed != null) {
                        int liar = 3 - pair[0] - pair[1];
                        tampered(liar, where);
                        break;
                    }
                }
            }
            if (sealed == null) {
                refuseUnknownKeyVersion(header(stored, have[0], have[1]), where, rowid);
                throw corrupt("the shares of " + where + " (row " + rowid + ") do not authenticate: wrong master key, "
                        + "or a backend's data was altered (backends " + describe(have, n) + ")", null);
            }
        }
        try {
            return ValueCodec.decode(column.type(), sealed, where);
        } finally {
            Arrays.fill(sealed, (byte) 0);
        }
    }

    /**
     * True if the value was erased ({@code splitdb forget}): every stored form is physical NULL.
     * Every sealed value, SQL NULL included, is stored as bytes, so NULL can only mean erased. For
     * a shared column at least two backends must be present and every present one must hold NULL:
     * one backend that drops its share cannot pass the value off as erased while another still
     * holds one (that stays a missing share, an error). An encrypted column lives on its holder
     * alone, so the holder's NULL is all there is to go by.
     */
    public static boolean isErased(ColumnInfo column, byte[][] stored, boolean[] present) {
        if (column.protect() == Protection.ENCRYPTED) {
            int holder = column.policy().holder();
            return present[holder] && stored[holder] == null;
        }
        int n = 0;
        for (int b = 0; b < 3; b++) {
            if (present[b]) {
                if (stored[b] != null) {
                    return false;
                }
                n++;
            }
        }
        return n >= 2;
    }

    /**
     * True if a column's stored bytes authenticate for row {@code rowid} at {@code version}: the
     * shares of backends {@code a} and {@code b}, or (for an encrypted column, {@code b} = -1) the
     * holder's ciphertext. For tools that check the backends (splitdb verify): nothing is counted
     * or logged, and the value is not decoded.
     */
    public boolean authenticates(TableInfo table, ColumnInfo column, int a, byte[] storedA, int b, byte[] storedB, long rowid, long version) {
        if (storedA == null) {
            return false;
        }
        byte[] sealed;
        if (b < 0) {
            sealed = storedA;
        } else {
            if (storedB == null || storedA.length != storedB.length) {
                return false;
            }
            sealed = splitter.combine(a, storedA, b, storedB);
        }
        byte[] opened = tryOpen(table, column, sealed, rowid, version);
        if (opened == null) {
            return false;
        }
        Arrays.fill(opened, (byte) 0);
        if (sealed != storedA) {
            Arrays.fill(sealed, (byte) 0);
        }
        return true;
    }

    /**
     * A value sealed under a key version this keyring lacks: the keystore was rotated
     * ({@code splitdb rotate-keys}) and this host still has the old file. Said plainly, and not
     * counted as tampering. (A backend that alters a header only makes its value unreadable, as
     * any altered share does.)
     */
    private void refuseUnknownKeyVersion(byte[] sealedOrHeader, String where, long rowid) throws SQLException {
        int named;
        try {
            named = ValueSealer.keyVersionOf(sealedOrHeader);
        } catch (RuntimeException e) {
            return;
        }
        if (!keys.versions().contains(named)) {
            throw new java.sql.SQLInvalidAuthorizationSpecException("the value of " + where + " (row " + rowid + ") is sealed under "
                    + "master key version " + named + ", which this host's keystore " + keys.versions() + " does not hold: "
                    + "install the rotated keystore (splitdb rotate-keys --new-key) on this host and reconnect", "28000");
        }
    }

    /** The header of a shared value from two shares (Shamir works byte by byte), or null if they cannot hold one. */
    private byte[] header(byte[][] stored, int a, int b) {
        if (stored[a].length < ValueSealer.HEADER_SIZE || stored[b].length < ValueSealer.HEADER_SIZE) {
            return null;
        }
        return splitter.combine(a, Arrays.copyOf(stored[a], ValueSealer.HEADER_SIZE), b, Arrays.copyOf(stored[b], ValueSealer.HEADER_SIZE));
    }

    private byte[] combineAndOpen(TableInfo table, ColumnInfo column, byte[][] stored, int a, int b, long rowid, long version) {
        if (stored[a].length != stored[b].length) {
            return null;
        }
        byte[] combined = splitter.combine(a, stored[a], b, stored[b]);
        return tryOpen(table, column, combined, rowid, version);
    }

    private byte[] tryOpen(TableInfo table, ColumnInfo column, byte[] sealed, long rowid, long version) {
        try {
            return sealer(table, column).open(sealed, rowKey(rowid), version);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** The blind index of a normalized value (NULL included) under the column's collation. */
    public long index(TableInfo table, ColumnInfo column, Object normalized) {
        return blindIndex(table, column).compute(equalityKey(column, normalized));
    }

    /** True if MySQL's {@code =} holds between two normalized values of this column (NULL never equals). */
    public boolean equal(ColumnInfo column, Object a, Object b) {
        if (a == null || b == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(equalityKey(column, a), equalityKey(column, b));
    }

    private static byte[] equalityKey(ColumnInfo column, Object normalized) {
        if (normalized == null) {
            return NULL_EQUALITY;
        }
        if (column.type().isText()) {
            return CollationKeys.equalityKey(normalized.toString(), column.collation());
        }
        return ValueCodec.equalityForm(column.type(), normalized);
    }

    /** How many shares each backend has served that did not authenticate while the others did. */
    public Map<Integer, Long> tamperCounts() {
        return Collections.unmodifiableMap(tamperCounts);
    }

    private void tampered(int backend, String where) {
        tamperCounts.merge(backend, 1L, Long::sum);
        // never the value or the share: the place and the backend are what an operator needs
        LOG.log(Level.WARNING, "backend {0} served a share of {1} that does not authenticate; the value was served from the other two",
                new Object[] {backend, where});
    }

    private ValueSealer sealer(TableInfo table, ColumnInfo column) {
        return sealers.computeIfAbsent(key(table, column), k -> new ValueSealer(keys, table.name(), column.name()));
    }

    private BlindIndex blindIndex(TableInfo table, ColumnInfo column) {
        return indexes.computeIfAbsent(key(table, column), k -> {
            // index keys stay at the oldest key version: rotating them means re-indexing (splitdb rotate-keys)
            int version = keys.versions().stream().min(Integer::compare).orElseThrow();
            byte[] key = ColumnKeys.derive(keys.master(version), table.name(), column.name(), "index", version);
            try {
                return new BlindIndex(key, column.policy().bits());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        });
    }

    private static String key(TableInfo table, ColumnInfo column) {
        return (table.name() + "\u0000" + column.name()).toLowerCase(Locale.ROOT);
    }

    static byte[] rowKey(long rowid) {
        return ByteBuffer.allocate(8).putLong(rowid).array();
    }

    private static String describe(int[] have, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(have[i]);
        }
        return sb.toString();
    }

    private static SQLException corrupt(String message, Throwable cause) {
        return new SQLException(message, "XX001", cause);
    }
}
