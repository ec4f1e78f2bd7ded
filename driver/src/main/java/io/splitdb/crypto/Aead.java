package io.splitdb.crypto;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption with associated data. Implementations choose their own nonces, so a
 * caller cannot reuse one; {@code decrypt} fails on any change to the ciphertext or to the
 * associated data.
 */
public interface Aead {
    /**
     * @param associatedData authenticated, not encrypted, not part of the output; {@code null}
     *     means empty
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

    /** @throws GeneralSecurityException if the ciphertext or associated data were altered, or the key is wrong */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
}
