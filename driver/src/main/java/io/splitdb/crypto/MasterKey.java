package io.splitdb.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.security.auth.Destroyable;

/**
 * A 256-bit master key. Every column key is derived from it ({@link ColumnKeys}), so it is the one
 * secret an operator has to keep; this class therefore never prints it, copies it on the way in
 * and out, and can be wiped with {@link #destroy()}.
 *
 * <p>{@link #toString()} is redacted and the parse errors of {@link #fromBase64} say only what is
 * wrong with the shape of the input, never which characters it had.
 */
public final class MasterKey implements Destroyable {
    /** Key size in bytes (AES-256, HKDF-SHA-256 input). */
    public static final int SIZE = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private volatile boolean destroyed;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    /** A fresh key from {@link SecureRandom}. */
    public static MasterKey generate() {
        byte[] key = new byte[SIZE];
        RANDOM.nextBytes(key);
        return new MasterKey(key);
    }

    /**
     * Parses a base64 key (standard alphabet, surrounding whitespace ignored, as it comes from an
     * environment variable or a file).
     *
     * @throws IllegalArgumentException if it is not base64 or not 32 bytes; the message holds no
     *     part of the input, since a near-miss of a key is still most of a key
     */
    public static MasterKey fromBase64(String b64) {
        if (b64 == null) {
            throw new IllegalArgumentException("master key is missing");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            // the JDK's message names the offending character: drop it, and the cause with it
            throw new IllegalArgumentException("master key is not valid base64");
        }
        if (decoded.length != SIZE) {
            int length = decoded.length;
            Arrays.fill(decoded, (byte) 0);
            throw new IllegalArgumentException("master key must be " + SIZE + " bytes (256 bits), got " + length + " bytes");
        }
        return new MasterKey(decoded);
    }

    /**
     * Wraps raw key bytes (copied).
     *
     * @throws IllegalArgumentException if {@code key} is not 32 bytes
     */
    public static MasterKey fromBytes(byte[] key) {
        if (key == null || key.length != SIZE) {
            throw new IllegalArgumentException("master key must be " + SIZE + " bytes (256 bits)");
        }
        return new MasterKey(key.clone());
    }

    /**
     * The key bytes, as a copy the caller should wipe ({@code Arrays.fill(b, (byte) 0)}) when done.
     *
     * @throws IllegalStateException after {@link #destroy()}
     */
    public byte[] bytes() {
        checkLive();
        return key.clone();
    }

    /**
     * The key in base64, for the one place that must show it (the CLI printing a key for an
     * environment variable). Named so that it stands out at its call site.
     */
    public String revealBase64() {
        checkLive();
        return Base64.getEncoder().encodeToString(key);
    }

    /** True if both hold the same key; compared in constant time. */
    public boolean sameKeyAs(MasterKey other) {
        checkLive();
        other.checkLive();
        return MessageDigest.isEqual(key, other.key);
    }

    /** Overwrites the key bytes with zeros; the object is unusable afterwards. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("master key was destroyed");
        }
    }
}
