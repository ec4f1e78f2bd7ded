package io.splitdb.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA-256 (RFC 5869), extract then expand, from BouncyCastle: the JDK 17 has none, and a
 * key derivation is not something to hand-roll.
 */
public final class Hkdf {
    /** SHA-256 output size; HKDF can expand to at most 255 of these. */
    private static final int HASH_LENGTH = 32;
    public static final int MAX_LENGTH = 255 * HASH_LENGTH;

    private Hkdf() {
    }

    /**
     * @param ikm input keying material
     * @param salt optional salt; {@code null} or empty means RFC 5869's default (HashLen zeros)
     * @param info optional context; {@code null} means empty
     * @param length output bytes, 1 to 8160
     */
    public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (ikm == null) {
            throw new IllegalArgumentException("HKDF needs input keying material");
        }
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA-256 output length must be 1.." + MAX_LENGTH + ", got " + length);
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        // an empty salt is the same as none for HMAC (keys are zero-padded to the block size)
        hkdf.init(new HKDFParameters(ikm, salt == null || salt.length == 0 ? null : salt, info == null ? new byte[0] : info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }
}
