package io.splitdb.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * 2-of-3 Shamir secret sharing over GF(2^8) (the AES field, reduction polynomial
 * x^8 + x^4 + x^3 + x + 1 = 0x11B), byte by byte.
 *
 * <p>For each secret byte {@code s} a fresh uniformly random coefficient {@code a} gives the line
 * {@code f(x) = s + a*x}; share {@code i} (0..2) holds {@code f(i + 1)} for every byte, so shares
 * are as long as the secret. Any one share is uniformly distributed whatever the secret (for
 * {@code x != 0}, {@code a*x} is uniform because {@code a} is), which is the promise that one
 * backend learns nothing; any two determine the line and so the secret.
 *
 * <p>Field multiplication is written without tables or secret-dependent branches, so its timing
 * does not depend on the bytes (a log/exp table lookup would leak them through the cache). Eight
 * bytes are processed at once in a {@code long} ("SIMD within a register"): multiplying by a
 * field constant is linear over GF(2), so each bit plane of the eight bytes selects, by a mask,
 * the constant times x^k; the shares are byte for byte those of the one-byte formulas.
 * Shares carry no integrity of their own: a changed share yields a wrong secret, which the AEAD
 * layer underneath ({@link ValueSealer}) detects. Thread-safe.
 */
public final class ShamirSplitter {
    /** Number of shares {@link #split} returns. */
    public static final int SHARES = 3;

    private final SecureRandom random;

    public ShamirSplitter() {
        this(new SecureRandom());
    }

    /** With a caller's randomness source (tests use a seeded one for reproducible statistics). */
    public ShamirSplitter(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random is missing");
        }
        this.random = random;
    }

    /** Three shares of {@code secret}, each as long as it; share {@code i} is for backend {@code i}. */
    public byte[][] split(byte[] secret) {
        if (secret == null) {
            throw new IllegalArgumentException("secret is missing");
        }
        int n = secret.length;
        byte[] coefficients = coefficients(n);
        byte[][] shares = new byte[SHARES][n];
        int j = 0;
        // f(1) = s + a, f(2) = s + 2a, f(3) = s + 3a = s + 2a + a
        for (; j + 8 <= n; j += 8) {
            long s = (long) WORD.get(secret, j);
            long a = (long) WORD.get(coefficients, j);
            long a2 = xtimes(a);
            WORD.set(shares[0], j, s ^ a);
            WORD.set(shares[1], j, s ^ a2);
            WORD.set(shares[2], j, s ^ a2 ^ a);
        }
        for (; j < n; j++) {
            int s = secret[j] & 0xFF;
            int a = coefficients[j] & 0xFF;
            for (int i = 0; i < SHARES; i++) {
                shares[i][j] = (byte) (s ^ mul(a, i + 1));
            }
        }
        java.util.Arrays.fill(coefficients, (byte) 0);
        return shares;
    }

    /** Up to this many coefficient bytes come straight from the SecureRandom; more from AES-CTR under a fresh random key. */
    static final int DIRECT_RANDOM_BYTES = 256;
    private static final ThreadLocal<javax.crypto.Cipher> CTR = ThreadLocal.withInitial(() -> {
        try {
            return javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is missing from this JDK", e);
        }
    });

    /**
     * {@code n} uniformly random coefficient bytes. The platform SecureRandom costs about 8 ns a
     * byte, which dominated splitting a 4 KiB value; for values longer than setting up a cipher
     * costs (about a microsecond) it seeds a key and counter for AES-CTR instead, whose keystream
     * under a fresh random key is computationally indistinguishable from random (the construction
     * of NIST's CTR_DRBG, without reseeding, used for one value).
     */
    private byte[] coefficients(int n) {
        byte[] out = new byte[n];
        if (n <= DIRECT_RANDOM_BYTES) {
            random.nextBytes(out);
            return out;
        }
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        try {
            javax.crypto.Cipher ctr = CTR.get();
            ctr.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(seed, 0, 16, "AES"),
                    new javax.crypto.spec.IvParameterSpec(seed, 16, 16));
            ctr.doFinal(out, 0, n, out, 0);  // the keystream: encrypting zeros
            return out;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed", e);
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The secret from two shares.
     *
     * @param indexA share index of {@code shareA}, 0..2
     * @param indexB share index of {@code shareB}, 0..2, not {@code indexA}
     * @throws IllegalArgumentException on bad or equal indexes, or shares of different lengths
     */
    public byte[] combine(int indexA, byte[] shareA, int indexB, byte[] shareB) {
        return interpolate(indexA, shareA, indexB, shareB, 0);
    }

    /**
     * Share {@code target} (0..2) recomputed from two others: the same bytes the lost share had,
     * so a backend's shares can be rebuilt ({@code splitdb repair}) without decrypting anything.
     */
    public byte[] recoverShare(int indexA, byte[] shareA, int indexB, byte[] shareB, int target) {
        checkIndex(target);
        return interpolate(indexA, shareA, indexB, shareB, target + 1);
    }

    /** Evaluates at {@code x} the line through the two shares (Lagrange, where subtraction is XOR). */
    private static byte[] interpolate(int indexA, byte[] shareA, int indexB, byte[] shareB, int x) {
        checkIndex(indexA);
        checkIndex(indexB);
        if (indexA == indexB) {
            throw new IllegalArgumentException("two different shares are needed, got index " + indexA + " twice");
        }
        if (shareA == null || shareB == null) {
            throw new IllegalArgumentException("a share is missing");
        }
        if (shareA.length != shareB.length) {
            throw new IllegalArgumentException("shares differ in length (" + shareA.length + " and " + shareB.length + " bytes)");
        }
        int xa = indexA + 1;
        int xb = indexB + 1;
        int inverse = inv(xa ^ xb);
        // l_a(x) = (x - xb) / (xa - xb), l_b(x) = (x - xa) / (xb - xa); the indexes are public
        int la = mul(x ^ xb, inverse);
        int lb = mul(x ^ xa, inverse);
        long[] byA = planes(la);
        long[] byB = planes(lb);
        byte[] out = new byte[shareA.length];
        int j = 0;
        for (; j + 8 <= out.length; j += 8) {
            WORD.set(out, j, times((long) WORD.get(shareA, j), byA) ^ times((long) WORD.get(shareB, j), byB));
        }
        for (; j < out.length; j++) {
            out[j] = (byte) (mul(shareA[j] & 0xFF, la) ^ mul(shareB[j] & 0xFF, lb));
        }
        return out;
    }

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;

    /** Each byte of {@code w} times x (the field's "xtime"), eight at once. */
    static long xtimes(long w) {
        return ((w << 1) & 0xFEFEFEFEFEFEFEFEL) ^ (((w >>> 7) & LOW_BITS) * 0x1B);
    }

    /** The public constant {@code c} times x^0..x^7, each repeated in all eight bytes of a long. */
    private static long[] planes(int c) {
        long[] planes = new long[8];
        long word = (c & 0xFF) * LOW_BITS;
        for (int k = 0; k < 8; k++) {
            planes[k] = word;
            word = xtimes(word);
        }
        return planes;
    }

    /** Each byte of {@code w} times the constant whose {@link #planes} are given: bit k of a byte selects plane k, by a mask. */
    static long times(long w, long[] planes) {
        long product = 0;
        for (int k = 0; k < 8; k++) {
            product ^= (((w >>> k) & LOW_BITS) * 0xFF) & planes[k];
        }
        return product;
    }

    /** Each byte of {@code w} times {@code c} (for tests against {@link #mul}). */
    static long mulEach(long w, int c) {
        return times(w, planes(c));
    }

    private static void checkIndex(int index) {
        if (index < 0 || index >= SHARES) {
            throw new IllegalArgumentException("share index must be 0.." + (SHARES - 1) + ", got " + index);
        }
    }

    /** GF(2^8) product modulo 0x11B, in constant time (eight fixed rounds, masks instead of branches). */
    static int mul(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            product ^= a & -(b & 1);
            int carry = -((a >>> 7) & 1);
            a = ((a << 1) ^ (0x1B & carry)) & 0xFF;
            b >>>= 1;
        }
        return product;
    }

    /** Multiplicative inverse as a^254 (a^255 = 1 for a != 0); inv(0) = 0. Fixed exponent, so constant time. */
    static int inv(int a) {
        int a2 = mul(a, a);
        int a4 = mul(a2, a2);
        int a8 = mul(a4, a4);
        int a16 = mul(a8, a8);
        int a32 = mul(a16, a16);
        int a64 = mul(a32, a32);
        int a128 = mul(a64, a64);
        // 254 = 128 + 64 + 32 + 16 + 8 + 4 + 2
        return mul(mul(mul(mul(mul(mul(a128, a64), a32), a16), a8), a4), a2);
    }
}
