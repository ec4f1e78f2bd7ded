package io.splitdb.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JDK (SunJCE uses AES-NI and CLMUL intrinsics, faster than a Java AES).
 * Output: 12-byte random nonce, ciphertext, 16-byte tag.
 *
 * <p>Random 96-bit nonces keep the collision chance under 2^-32 for up to 2^32 encryptions per
 * key (NIST SP 800-38D section 8.3); column keys are per column and per key version, so rotation
 * keeps a key well under that. Thread-safe.
 */
public final class AesGcm implements Aead {
    public static final int KEY_SIZE = 32;
    public static final int NONCE_SIZE = 12;
    public static final int TAG_SIZE = 16;
    /** Bytes {@link #encrypt} adds to the plaintext. */
    public static final int OVERHEAD = NONCE_SIZE + TAG_SIZE;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Cipher objects are not thread-safe and costly to look up; one per thread, re-initialised per call. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no " + TRANSFORMATION, e);
        }
    });

    private final SecretKeySpec key;

    /** @param key 32 bytes (copied) */
    public AesGcm(byte[] key) {
        if (key == null || key.length != KEY_SIZE) {
            throw new IllegalArgumentException("AES-256-GCM needs a " + KEY_SIZE + "-byte key");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        return seal(CIPHERS.get(), nonce, plaintext, associatedData);
    }

    /**
     * Encrypts under a caller's nonce: only for known-answer tests, since a repeated nonce under
     * GCM gives away the authentication key. Uses a fresh {@link Cipher} because the JDK refuses
     * to encrypt twice with one key and IV on one instance.
     */
    byte[] encryptWithNonce(byte[] nonce, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        if (nonce == null || nonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("nonce must be " + NONCE_SIZE + " bytes");
        }
        return seal(Cipher.getInstance(TRANSFORMATION), nonce, plaintext, associatedData);
    }

    private byte[] seal(Cipher cipher, byte[] nonce, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        if (plaintext == null) {
            throw new IllegalArgumentException("plaintext is missing");
        }
        if (plaintext.length > Integer.MAX_VALUE - OVERHEAD) {
            throw new GeneralSecurityException("plaintext too long");
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, nonce));
        if (associatedData != null && associatedData.length > 0) {
            cipher.updateAAD(associatedData);
        }
        byte[] out = new byte[NONCE_SIZE + cipher.getOutputSize(plaintext.length)];
        System.arraycopy(nonce, 0, out, 0, NONCE_SIZE);
        int written = cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_SIZE);
        if (written != plaintext.length + TAG_SIZE) {
            throw new GeneralSecurityException("unexpected AES-GCM output length");
        }
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext == null || ciphertext.length < OVERHEAD) {
            throw new GeneralSecurityException("ciphertext too short");
        }
        Cipher cipher = CIPHERS.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_SIZE * 8, ciphertext, 0, NONCE_SIZE));
        if (associatedData != null && associatedData.length > 0) {
            cipher.updateAAD(associatedData);
        }
        // SunJCE checks the tag in constant time and releases no plaintext unless it matches
        return cipher.doFinal(ciphertext, NONCE_SIZE, ciphertext.length - NONCE_SIZE);
    }

    @Override
    public String toString() {
        return "AesGcm[key redacted]";
    }
}
