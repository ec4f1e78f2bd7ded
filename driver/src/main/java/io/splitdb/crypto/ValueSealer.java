package io.splitdb.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;

/**
 * The sealed form of one protected value of one column: padded, encrypted with the column's
 * AES-256-GCM key, and bound to its place.
 *
 * <p><b>Format.</b> {@code [1 byte format version = 1][4 bytes key version, big-endian][AesGcm
 * output: 12-byte nonce | ciphertext | 16-byte tag]}, so {@link #sealedLength} is
 * {@code 5 + 28 + padded length}.
 *
 * <p><b>Padding.</b> The plaintext gets {@code 0x80} then zeros (ISO/IEC 7816-4) up to the next
 * multiple of 16 bytes, always at least one byte: a stored value's length tells only its
 * 16-byte bucket, not that a diagnosis is "flu" rather than "HIV".
 *
 * <p><b>Binding.</b> The associated data is a length-prefixed encoding of a label, the format
 * version, the key version, the lower-cased table and column names, the row key and the row
 * version. So a value copied to another row or column, replayed from an older row version, or
 * with its header changed does not open, and neither does any flipped bit.
 *
 * <p>Column keys are derived per key version on first use and cached; values are sealed under the
 * keyring's current version and opened under whichever version their header names, so keys
 * rotate online. Thread-safe.
 */
public final class ValueSealer {
    public static final int FORMAT_VERSION = 1;
    /** Format byte plus key version. */
    public static final int HEADER_SIZE = 5;
    /** Padding bucket size. */
    public static final int BUCKET = 16;

    private static final byte[] LABEL = "splitdb value".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_SEALED = HEADER_SIZE + AesGcm.OVERHEAD + BUCKET;

    private final Keyring keys;
    private final String table;
    private final String column;
    private final String where;
    private final Map<Integer, AesGcm> aeads = new ConcurrentHashMap<>();

    /** @param table the logical table; {@code column} its column; both compared case-insensitively */
    public ValueSealer(Keyring keys, String table, String column) {
        if (keys == null) {
            throw new IllegalArgumentException("keyring is missing");
        }
        this.keys = keys;
        this.table = ColumnKeys.name(table, "table");
        this.column = ColumnKeys.name(column, "column");
        this.where = this.table + "." + this.column;
    }

    /** Seals under the keyring's current key version. */
    public byte[] seal(byte[] plaintext, byte[] rowKey, long rowVersion) throws GeneralSecurityException {
        if (plaintext == null) {
            throw new IllegalArgumentException("plaintext of " + where + " is missing (NULL is not sealed)");
        }
        checkRowKey(rowKey);
        int keyVersion = keys.currentVersion();
        byte[] padded = pad(plaintext);
        byte[] body;
        try {
            body = aead(keyVersion).encrypt(padded, associatedData(keyVersion, rowKey, rowVersion));
        } finally {
            Arrays.fill(padded, (byte) 0);
        }
        byte[] sealed = new byte[HEADER_SIZE + body.length];
        writeHeader(sealed, keyVersion);
        System.arraycopy(body, 0, sealed, HEADER_SIZE, body.length);
        return sealed;
    }

    /**
     * Opens a sealed value of this column at this row and row version.
     *
     * @throws AEADBadTagException if it does not authenticate: altered, moved, replayed, or
     *     sealed under another master key
     * @throws GeneralSecurityException if the format or key version is unknown, or it is too short;
     *     messages name the column, never bytes
     */
    public byte[] open(byte[] sealed, byte[] rowKey, long rowVersion) throws GeneralSecurityException {
        checkRowKey(rowKey);
        if (sealed == null || sealed.length < MIN_SEALED) {
            throw new GeneralSecurityException("sealed value of " + where + " is truncated");
        }
        if ((sealed[0] & 0xFF) != FORMAT_VERSION) {
            throw new GeneralSecurityException("sealed value of " + where + " has unknown format version " + (sealed[0] & 0xFF));
        }
        int keyVersion = readInt(sealed, 1);
        if (!keys.versions().contains(keyVersion)) {
            throw new GeneralSecurityException("sealed value of " + where + " names key version " + keyVersion
                    + ", which the keyring " + keys.versions() + " does not hold");
        }
        byte[] padded;
        try {
            padded = aead(keyVersion).decrypt(Arrays.copyOfRange(sealed, HEADER_SIZE, sealed.length),
                    associatedData(keyVersion, rowKey, rowVersion));
        } catch (AEADBadTagException e) {
            AEADBadTagException named = new AEADBadTagException("sealed value of " + where
                    + " does not authenticate: altered, moved to another row or version, or sealed under another key");
            named.initCause(e);
            throw named;
        }
        try {
            return unpad(padded, where);
        } finally {
            Arrays.fill(padded, (byte) 0);
        }
    }

    /**
     * The key version a sealed value names in its header.
     *
     * @throws IllegalArgumentException if it is too short or of an unknown format
     */
    public static int keyVersionOf(byte[] sealed) {
        if (sealed == null || sealed.length < HEADER_SIZE) {
            throw new IllegalArgumentException("not a sealed value: too short");
        }
        if ((sealed[0] & 0xFF) != FORMAT_VERSION) {
            throw new IllegalArgumentException("not a sealed value: unknown format version " + (sealed[0] & 0xFF));
        }
        return readInt(sealed, 1);
    }

    /** Bytes a sealed value of a {@code plaintextLength}-byte plaintext takes (for column sizing). */
    public static int sealedLength(int plaintextLength) {
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("negative length");
        }
        return HEADER_SIZE + AesGcm.OVERHEAD + paddedLength(plaintextLength);
    }

    /** Plaintext length rounded up to the next multiple of 16 after adding the 0x80 marker. */
    static int paddedLength(int plaintextLength) {
        return Math.multiplyExact(plaintextLength / BUCKET + 1, BUCKET);
    }

    /** ISO/IEC 7816-4: 0x80 then zeros to the next bucket boundary. */
    static byte[] pad(byte[] plaintext) {
        byte[] padded = new byte[paddedLength(plaintext.length)];
        System.arraycopy(plaintext, 0, padded, 0, plaintext.length);
        padded[plaintext.length] = (byte) 0x80;
        return padded;
    }

    /**
     * Strips the padding. It is checked only after the tag authenticated, so the check cannot act
     * as a padding oracle; a failure here means a sealer bug or a forged key, not a tamper.
     */
    static byte[] unpad(byte[] padded, String where) throws GeneralSecurityException {
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != (byte) 0x80 || padded.length % BUCKET != 0 || padded.length - end > BUCKET) {
            throw new GeneralSecurityException("sealed value of " + where + " has bad padding");
        }
        return Arrays.copyOf(padded, end);
    }

    private AesGcm aead(int keyVersion) {
        return aeads.computeIfAbsent(keyVersion, v -> {
            byte[] key = ColumnKeys.derive(keys.master(v), table, column, ColumnKeys.VALUE, v);
            try {
                return new AesGcm(key);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        });
    }

    private byte[] associatedData(int keyVersion, byte[] rowKey, long rowVersion) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + rowKey.length);
        ColumnKeys.field(out, LABEL);
        ColumnKeys.field(out, new byte[] {FORMAT_VERSION});
        ColumnKeys.field(out, intBytes(keyVersion));
        ColumnKeys.field(out, table.getBytes(StandardCharsets.UTF_8));
        ColumnKeys.field(out, column.getBytes(StandardCharsets.UTF_8));
        ColumnKeys.field(out, rowKey);
        ColumnKeys.field(out, longBytes(rowVersion));
        return out.toByteArray();
    }

    private void checkRowKey(byte[] rowKey) {
        if (rowKey == null) {
            throw new IllegalArgumentException("row key of " + where + " is missing");
        }
    }

    private static void writeHeader(byte[] sealed, int keyVersion) {
        sealed[0] = FORMAT_VERSION;
        System.arraycopy(intBytes(keyVersion), 0, sealed, 1, 4);
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    @Override
    public String toString() {
        return "ValueSealer[" + where + ", " + keys + "]";
    }
}
