package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ShamirSplitterTest {
    private static final int[][] PAIRS = {{0, 1}, {0, 2}, {1, 2}, {1, 0}, {2, 0}, {2, 1}};
    private final ShamirSplitter splitter = new ShamirSplitter();

    @Property
    void anyTwoOfThreeReconstruct(@ForAll @Size(max = 300) byte[] secret) {
        byte[][] shares = splitter.split(secret);
        assertThat(shares).hasNumberOfRows(3);
        for (byte[] share : shares) {
            assertThat(share).hasSize(secret.length);
        }
        for (int[] p : PAIRS) {
            assertThat(splitter.combine(p[0], shares[p[0]], p[1], shares[p[1]])).isEqualTo(secret);
        }
    }

    @Property
    void aLostShareIsRecoveredExactly(@ForAll @Size(max = 100) byte[] secret, @ForAll @IntRange(min = 0, max = 2) int lost) {
        byte[][] shares = splitter.split(secret);
        int a = (lost + 1) % 3;
        int b = (lost + 2) % 3;
        assertThat(splitter.recoverShare(a, shares[a], b, shares[b], lost)).isEqualTo(shares[lost]);
    }

    @Property
    void sharesOfTheSameSecretDifferBetweenCalls(@ForAll @Size(min = 16, max = 64) byte[] secret) {
        byte[][] first = splitter.split(secret);
        byte[][] second = splitter.split(secret);
        for (int i = 0; i < 3; i++) {
            // 16 or more random bytes: equal only with probability 2^-128
            assertThat(second[i]).isNotEqualTo(first[i]);
        }
    }

    @Property
    void aChangedShareChangesTheSecret(@ForAll @Size(min = 1, max = 64) byte[] secret, @ForAll @IntRange(min = 0, max = 511) int bit) {
        byte[][] shares = splitter.split(secret);
        byte[] bad = shares[1].clone();
        int b = bit % (bad.length * 8);
        bad[b / 8] ^= (byte) (1 << (b % 8));
        assertThat(splitter.combine(0, shares[0], 1, bad)).isNotEqualTo(secret);
    }

    /**
     * One share alone is uniform whatever the secret: over 4096 splits of a fixed 64-byte secret
     * (262,144 bytes per share), each share's byte histogram passes a chi-square test with 255
     * degrees of freedom at a threshold far in the tail (p < 1e-6). The randomness is seeded, so
     * the test is deterministic and cannot flake; the two extreme secrets show the share does not
     * drift towards the value.
     */
    @Example
    void oneShareAloneIsUniformlyDistributed() {
        for (byte fill : new byte[] {0x00, (byte) 0xFF, 0x41}) {
            ShamirSplitter seeded = new ShamirSplitter(seeded(20240601L + fill));
            byte[] secret = new byte[64];
            Arrays.fill(secret, fill);
            long[][] counts = new long[3][256];
            int splits = 4096;
            for (int n = 0; n < splits; n++) {
                byte[][] shares = seeded.split(secret);
                for (int i = 0; i < 3; i++) {
                    for (byte b : shares[i]) {
                        counts[i][b & 0xFF]++;
                    }
                }
            }
            double expected = splits * 64 / 256.0;
            for (int i = 0; i < 3; i++) {
                double chi2 = 0;
                for (long c : counts[i]) {
                    chi2 += (c - expected) * (c - expected) / expected;
                }
                // mean 255, standard deviation about 22.6; 375 is more than five deviations out
                assertThat(chi2).as("chi-square of share %d for secret byte %02x", i, fill).isLessThan(375.0);
                assertThat(counts[i][fill & 0xFF]).as("share %d must not favour the secret byte", i)
                        .isBetween((long) (expected * 0.9), (long) (expected * 1.1));
            }
        }
    }

    /**
     * Values longer than {@link ShamirSplitter#DIRECT_RANDOM_BYTES} take their coefficients from
     * AES-CTR under a fresh key: shares still reconstruct, and one share of a constant 4 KiB
     * secret is still uniform (chi-square as above over 64 splits, 262,144 bytes per share).
     */
    @Example
    void longValuesAreSplitWithUniformShares() {
        ShamirSplitter seeded = new ShamirSplitter(seeded(77L));
        byte[] secret = new byte[4096];
        Arrays.fill(secret, (byte) 0x41);
        long[][] counts = new long[3][256];
        for (int n = 0; n < 64; n++) {
            byte[][] shares = seeded.split(secret);
            for (int[] p : PAIRS) {
                assertThat(seeded.combine(p[0], shares[p[0]], p[1], shares[p[1]])).isEqualTo(secret);
            }
            for (int i = 0; i < 3; i++) {
                for (byte b : shares[i]) {
                    counts[i][b & 0xFF]++;
                }
            }
        }
        double expected = 64 * 4096 / 256.0;
        for (int i = 0; i < 3; i++) {
            double chi2 = 0;
            for (long c : counts[i]) {
                chi2 += (c - expected) * (c - expected) / expected;
            }
            assertThat(chi2).as("chi-square of share %d", i).isLessThan(375.0);
        }
        byte[][] again = seeded.split(secret);
        byte[][] first = seeded.split(secret);
        assertThat(again[0]).isNotEqualTo(first[0]);
    }

    @Example
    void fieldArithmeticMatchesFips197() {
        // FIPS-197 section 4.2: {57} * {83} = {c1}, {57} * {13} = {fe}
        assertThat(ShamirSplitter.mul(0x57, 0x83)).isEqualTo(0xc1);
        assertThat(ShamirSplitter.mul(0x57, 0x13)).isEqualTo(0xfe);
        for (int a = 1; a < 256; a++) {
            assertThat(ShamirSplitter.mul(a, ShamirSplitter.inv(a))).as("a * a^-1 for %d", a).isEqualTo(1);
            assertThat(ShamirSplitter.mul(a, 1)).isEqualTo(a);
            assertThat(ShamirSplitter.mul(a, 0)).isZero();
        }
        for (int a = 0; a < 256; a += 7) {
            for (int b = 0; b < 256; b += 5) {
                assertThat(ShamirSplitter.mul(a, b)).isEqualTo(ShamirSplitter.mul(b, a));
            }
        }
    }

    @Example
    void knownShares() {
        // with coefficient 0x01 for every byte, share i is s ^ (i + 1)
        ShamirSplitter fixed = new ShamirSplitter(constant((byte) 1));
        byte[][] shares = fixed.split(new byte[] {0x10, 0x20});
        assertThat(shares[0]).containsExactly(0x11, 0x21);
        assertThat(shares[1]).containsExactly(0x12, 0x22);
        assertThat(shares[2]).containsExactly(0x13, 0x23);
    }

    @Example
    void knownSharesWithAFipsCoefficientAcrossWordAndTail() {
        // coefficient {57} for every byte: 2*{57} = {ae}, 3*{57} = {ae} ^ {57} = {f9} (FIPS-197 4.2);
        // eleven bytes take the eight-at-once path and then the byte path
        ShamirSplitter fixed = new ShamirSplitter(constant((byte) 0x57));
        byte[] secret = new byte[11];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 0x11);
        }
        byte[][] shares = fixed.split(secret);
        for (int i = 0; i < secret.length; i++) {
            assertThat(shares[0][i] & 0xFF).as("share 0 byte %d", i).isEqualTo((secret[i] & 0xFF) ^ 0x57);
            assertThat(shares[1][i] & 0xFF).as("share 1 byte %d", i).isEqualTo((secret[i] & 0xFF) ^ 0xae);
            assertThat(shares[2][i] & 0xFF).as("share 2 byte %d", i).isEqualTo((secret[i] & 0xFF) ^ 0xf9);
        }
        assertThat(fixed.combine(2, shares[2], 1, shares[1])).isEqualTo(secret);
    }

    @Example
    void eightAtOnceMatchesTheOneByteProduct() {
        for (int c = 0; c < 256; c++) {
            for (int b = 0; b < 256; b += 8) {
                long word = 0;
                for (int k = 0; k < 8; k++) {
                    word |= (long) (b + k) << (8 * k);
                }
                long product = ShamirSplitter.mulEach(word, c);
                for (int k = 0; k < 8; k++) {
                    assertThat((int) (product >>> (8 * k)) & 0xFF).as("%d * %d", b + k, c).isEqualTo(ShamirSplitter.mul(b + k, c));
                }
            }
            long word = ((long) c * 0x0101010101010101L) ^ 0x8040201008F40E01L;
            long doubled = ShamirSplitter.xtimes(word);
            for (int k = 0; k < 8; k++) {
                assertThat((int) (doubled >>> (8 * k)) & 0xFF).isEqualTo(ShamirSplitter.mul((int) (word >>> (8 * k)) & 0xFF, 2));
            }
        }
    }

    /** Shares are byte for byte what the one-byte formula f(i) = s + a*i gives, at every length (word path and tail). */
    @Property
    void sharesMatchTheOneByteFormula(@ForAll @Size(max = 40) byte[] secret, @ForAll long seed) {
        byte[] coefficients = new byte[secret.length];
        new Random(seed).nextBytes(coefficients);
        byte[][] shares = new ShamirSplitter(seeded(seed)).split(secret);
        for (int j = 0; j < secret.length; j++) {
            for (int i = 0; i < 3; i++) {
                assertThat(shares[i][j] & 0xFF).isEqualTo((secret[j] & 0xFF) ^ ShamirSplitter.mul(coefficients[j] & 0xFF, i + 1));
            }
        }
        for (int[] p : PAIRS) {
            int third = 3 - p[0] - p[1];
            assertThat(new ShamirSplitter().recoverShare(p[0], shares[p[0]], p[1], shares[p[1]], third)).isEqualTo(shares[third]);
        }
    }

    @Example
    void rejectsBadArguments() {
        byte[][] s = splitter.split(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> splitter.combine(0, s[0], 0, s[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> splitter.combine(0, s[0], 3, s[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> splitter.combine(-1, s[0], 1, s[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> splitter.combine(0, s[0], 1, new byte[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
        assertThatThrownBy(() -> splitter.split(null)).isInstanceOf(IllegalArgumentException.class);
        for (byte[] share : splitter.split(new byte[0])) {
            assertThat(share).isEmpty();
        }
    }

    /** A SecureRandom that gives {@code value} for every byte: known coefficients for share vectors. */
    private static SecureRandom constant(byte value) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, value);
            }
        };
    }

    /** A SecureRandom whose bytes come from a seeded {@link Random}, for reproducible statistics. */
    private static SecureRandom seeded(long seed) {
        Random random = new Random(seed);
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                random.nextBytes(bytes);
            }
        };
    }
}
