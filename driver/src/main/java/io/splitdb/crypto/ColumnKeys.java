package io.splitdb.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Per-column keys: HKDF-SHA-256 from the master key over (table, column, purpose, key version).
 *
 * <p>One key per column and purpose means a blind index key never doubles as an encryption key,
 * and a ciphertext key of one column opens nothing in another. The info string is a
 * length-prefixed encoding (4-byte big-endian length, then UTF-8) of a label, the lower-cased
 * table and column names, the purpose, then the 4-byte key version, so no two different tuples
 * share an info string ({@code ("ab","c")} vs {@code ("a","bc")}). Names are lower-cased
 * ({@link Locale#ROOT}) because MySQL column names are case-insensitive, and table names are on
 * most installations: {@code Patients.Name} and {@code patients.name} are one column and must have
 * one key.
 */
public final class ColumnKeys {
    /** The value (AEAD) key of a column. */
    public static final String VALUE = "value";
    /** The blind index (HMAC) key of a column. */
    public static final String INDEX = "index";
    /** The audit log's chain (HMAC) key; derived for the pseudo-column {@code _split._audit}. */
    public static final String AUDIT = "audit";
    /** Key size in bytes. */
    public static final int SIZE = 32;

    private static final byte[] SALT = "splitdb-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL = "splitdb column key".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> PURPOSES = Set.of(VALUE, INDEX, AUDIT);

    private ColumnKeys() {
    }

    /**
     * A 32-byte key; the caller wipes it when done.
     *
     * @param purpose {@link #VALUE}, {@link #INDEX} or {@link #AUDIT}; anything else is refused, so a typo cannot
     *     silently derive a key nothing else uses
     * @param keyVersion the master key's version (1 or more); part of the derivation so a rotated
     *     master key never yields an old column key
     */
    public static byte[] derive(MasterKey master, String table, String column, String purpose, int keyVersion) {
        if (master == null) {
            throw new IllegalArgumentException("master key is missing");
        }
        if (!PURPOSES.contains(purpose)) {
            throw new IllegalArgumentException("key purpose must be one of " + PURPOSES + ", got " + purpose);
        }
        if (keyVersion < 1) {
            throw new IllegalArgumentException("key versions start at 1, got " + keyVersion);
        }
        byte[] info = info(name(table, "table"), name(column, "column"), purpose, keyVersion);
        byte[] ikm = master.bytes();
        try {
            return Hkdf.derive(ikm, SALT, info, SIZE);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    static byte[] info(String table, String column, String purpose, int keyVersion) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, LABEL);
        field(out, table.getBytes(StandardCharsets.UTF_8));
        field(out, column.getBytes(StandardCharsets.UTF_8));
        field(out, purpose.getBytes(StandardCharsets.UTF_8));
        field(out, ByteBuffer.allocate(4).putInt(keyVersion).array());
        return out.toByteArray();
    }

    /** Lower-cases a table or column name the way the whole package does. */
    static String name(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name is missing");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Appends a 4-byte big-endian length and the bytes: the unambiguous encoding of a tuple that
     * everything keyed over several fields uses (key derivation, associated data, the audit chain),
     * so {@code ("ab", "c")} and {@code ("a", "bc")} never encode alike.
     */
    public static void field(ByteArrayOutputStream out, byte[] value) {
        int n = value.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(value, 0, n);
    }
}
