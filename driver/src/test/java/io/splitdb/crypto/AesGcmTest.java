package io.splitdb.crypto;

import static io.splitdb.crypto.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AesGcmTest {
    private static final String K = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    private static final String IV = "cafebabefacedbaddecaf888";
    private static final String P = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private static final String C = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

    /**
     * AES-256 cases 13 to 16 of McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)"
     * (the test vectors NIST's GCM validation started from).
     */
    @ParameterizedTest(name = "GCM spec test case {0}")
    @CsvSource({
        "13, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, '', '', '', 530f8afbc74536b9a963b4f1c4cb738b",
        "14, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, 00000000000000000000000000000000, '', cea7403d4d606b6e074ec5d3baf39d18, d0d1c8a799996bf0265b98b5d48ab919",
        "15, " + K + ", " + IV + ", " + P + ", '', " + C + ", b094dac5d93471bdec1a502270e3cc6c",
        "16, " + K + ", " + IV + ", d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39, "
            + "feedfacedeadbeeffeedfacedeadbeefabaddad2, "
            + "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662, "
            + "76fc6ece0f4e1768cddf8853bb2d551b",
    })
    void knownAnswers(int testCase, String key, String iv, String plaintext, String aad, String ciphertext, String tag)
            throws GeneralSecurityException {
        AesGcm gcm = new AesGcm(bytes(key));
        byte[] expected = bytes(iv + ciphertext + tag);
        assertThat(gcm.encryptWithNonce(bytes(iv), bytes(plaintext), bytes(aad))).isEqualTo(expected);
        assertThat(gcm.decrypt(expected, bytes(aad))).isEqualTo(bytes(plaintext));
    }

    @Test
    void roundTripsAndPrependsNonce() throws GeneralSecurityException {
        AesGcm gcm = new AesGcm(new byte[32]);
        byte[] pt = "Chloé Dupont".getBytes(StandardCharsets.UTF_8);
        byte[] ct = gcm.encrypt(pt, "ad".getBytes(StandardCharsets.UTF_8));
        assertThat(ct).hasSize(pt.length + AesGcm.OVERHEAD);
        assertThat(gcm.decrypt(ct, "ad".getBytes(StandardCharsets.UTF_8))).isEqualTo(pt);
        assertThat(gcm.decrypt(gcm.encrypt(new byte[0], null), null)).isEmpty();
    }

    @Test
    void everyFlippedBitOfCiphertextFails() throws GeneralSecurityException {
        AesGcm gcm = new AesGcm(bytes(K));
        byte[] aad = bytes("0102030405");
        byte[] ct = gcm.encrypt(bytes("00112233445566778899aabbccddeeff00"), aad);
        for (int bit = 0; bit < ct.length * 8; bit++) {
            byte[] bad = ct.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> gcm.decrypt(bad, aad)).as("bit %d", bit).isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void everyFlippedBitOfAssociatedDataFails() throws GeneralSecurityException {
        AesGcm gcm = new AesGcm(bytes(K));
        byte[] aad = bytes("0102030405");
        byte[] ct = gcm.encrypt(bytes("00112233"), aad);
        for (int bit = 0; bit < aad.length * 8; bit++) {
            byte[] bad = aad.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> gcm.decrypt(ct, bad)).as("bit %d", bit).isInstanceOf(AEADBadTagException.class);
        }
        assertThatThrownBy(() -> gcm.decrypt(ct, null)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void truncatedOrWrongKeyFails() throws GeneralSecurityException {
        AesGcm gcm = new AesGcm(bytes(K));
        byte[] ct = gcm.encrypt(bytes("00112233"), null);
        assertThatThrownBy(() -> gcm.decrypt(java.util.Arrays.copyOf(ct, ct.length - 1), null))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> gcm.decrypt(new byte[AesGcm.OVERHEAD - 1], null)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> new AesGcm(new byte[32]).decrypt(ct, null)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void noncesNeverRepeat() throws GeneralSecurityException {
        AesGcm gcm = new AesGcm(new byte[32]);
        Set<ByteBuffer> nonces = new HashSet<>();
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            byte[] ct = gcm.encrypt(new byte[] {1}, null);
            nonces.add(ByteBuffer.wrap(ct, 0, AesGcm.NONCE_SIZE).slice());
        }
        assertThat(nonces).hasSize(n);
    }

    @Test
    void sameInputEncryptsDifferently() throws GeneralSecurityException {
        AesGcm gcm = new AesGcm(new byte[32]);
        assertThat(gcm.encrypt(new byte[16], null)).isNotEqualTo(gcm.encrypt(new byte[16], null));
    }

    @Test
    void checksKeySizeAndNeverShowsKey() {
        assertThatThrownBy(() -> new AesGcm(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AesGcm(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AesGcm(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AesGcm(bytes(K)).toString()).doesNotContain("feffe9").contains("redacted");
    }
}
