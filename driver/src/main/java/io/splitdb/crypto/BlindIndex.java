package io.splitdb.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A blind index: HMAC-SHA-256 of a value's equality key under a per-column key, truncated to
 * {@code bits}. A backend can match equal values by index without seeing them.
 *
 * <p>Truncation is deliberate: with few bits many values share an index, so someone holding the
 * index key and one backend cannot confirm a guess from a small value space (a date of birth, a
 * postcode) with certainty, and the driver filters the false positives after decryption.
 *
 * <p><b>Layout.</b> The result holds the first {@code bits} bits of the HMAC output (big-endian,
 * most significant first) in the low {@code bits} bits of the {@code long}; the higher bits are
 * zero. So for {@code bits <= 63} the value is in {@code [0, 2^bits)} and non-negative; for
 * {@code bits == 64} it is the first eight bytes of the HMAC as a signed {@code long} and may be
 * negative. Store it in a {@code BIGINT} column.
 *
 * <p>Thread-safe: each call works on its own clone of a keyed {@link Mac}.
 */
public final class BlindIndex {
    public static final int KEY_SIZE = 32;
    public static final int MIN_BITS = 1;
    public static final int MAX_BITS = 64;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Mac prototype;
    private final int bits;

    /**
     * @param key 32 bytes (copied), from {@link ColumnKeys#derive} with purpose {@code "index"}
     * @param bits 1..64
     */
    public BlindIndex(byte[] key, int bits) {
        if (key == null || key.length != KEY_SIZE) {
            throw new IllegalArgumentException("a blind index needs a " + KEY_SIZE + "-byte key");
        }
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("blind index bits must be " + MIN_BITS + ".." + MAX_BITS + ", got " + bits);
        }
        this.bits = bits;
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.prototype = freshMac();
    }

    public int bits() {
        return bits;
    }

    /** The index of an equality key (from {@link CollationKeys}, or a canonical non-text encoding). */
    public long compute(byte[] equalityKey) {
        if (equalityKey == null) {
            throw new IllegalArgumentException("equality key is missing");
        }
        byte[] h = mac().doFinal(equalityKey);
        long top = 0;
        for (int i = 0; i < 8; i++) {
            top = (top << 8) | (h[i] & 0xFF);
        }
        return bits == 64 ? top : top >>> (64 - bits);
    }

    /** The index of a text value under a MySQL collation ({@link CollationKeys#equalityKey}). */
    public long compute(String value, String collation) {
        return compute(CollationKeys.equalityKey(value, collation));
    }

    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // a provider whose Mac cannot be cloned: key a fresh one
            return freshMac();
        }
    }

    private Mac freshMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "BlindIndex[bits=" + bits + ", key redacted]";
    }
}
