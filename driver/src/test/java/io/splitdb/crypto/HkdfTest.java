package io.splitdb.crypto;

import static io.splitdb.crypto.Hex.bytes;
import static io.splitdb.crypto.Hex.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 5869 appendix A, the SHA-256 cases (1 to 3). */
class HkdfTest {

    @Test
    void rfc5869Case1Basic() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] okm = Hkdf.derive(ikm, range(0x00, 0x0c), range(0xf0, 0xf9), 42);
        assertThat(okm).isEqualTo(bytes(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
    }

    @Test
    void rfc5869Case2LongInputs() {
        byte[] okm = Hkdf.derive(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82);
        assertThat(okm).isEqualTo(bytes(
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87"));
    }

    @Test
    void rfc5869Case3EmptySaltAndInfo() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] expected = bytes("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertThat(Hkdf.derive(ikm, new byte[0], new byte[0], 42)).isEqualTo(expected);
        // no salt is the RFC's default salt, the same as an empty one
        assertThat(Hkdf.derive(ikm, null, null, 42)).isEqualTo(expected);
    }

    @Test
    void refusesLengthsHkdfCannotProduce() {
        assertThatThrownBy(() -> Hkdf.derive(new byte[32], null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.derive(new byte[32], null, null, 255 * 32 + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Hkdf.derive(new byte[32], null, null, 255 * 32)).hasSize(255 * 32);
    }
}
