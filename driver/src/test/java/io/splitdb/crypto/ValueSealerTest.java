package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class ValueSealerTest {
    private static final byte[] ROW = {0, 0, 0, 0, 0, 0, 0, 42};
    private static final byte[] OTHER_ROW = {0, 0, 0, 0, 0, 0, 0, 43};
    private final MasterKey k1 = MasterKey.generate();
    private final MasterKey k2 = MasterKey.generate();
    private final Keyring ring = Keyring.single(k1);
    private final ValueSealer sealer = new ValueSealer(ring, "patients", "diagnosis");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsEveryLengthAroundTheBuckets() throws GeneralSecurityException {
        for (int n = 0; n <= 70; n++) {
            byte[] pt = new byte[n];
            for (int i = 0; i < n; i++) {
                pt[i] = (byte) (i == n - 1 ? 0x80 : i % 3 == 0 ? 0 : i); // trailing 0x80 and zeros must survive unpadding
            }
            byte[] sealed = sealer.seal(pt, ROW, 7);
            assertThat(sealed).hasSize(ValueSealer.sealedLength(n));
            assertThat(sealer.open(sealed, ROW, 7)).as("length %d", n).isEqualTo(pt);
        }
    }

    @Test
    void lengthLeaksOnlyTheBucket() throws GeneralSecurityException {
        int flu = sealer.seal(utf8("flu"), ROW, 1).length;
        int hiv = sealer.seal(utf8("HIV positive"), ROW, 1).length;
        int fifteen = sealer.seal(new byte[15], ROW, 1).length;
        int sixteen = sealer.seal(new byte[16], ROW, 1).length;
        assertThat(flu).isEqualTo(hiv).isEqualTo(fifteen).isEqualTo(5 + 12 + 16 + 16);
        assertThat(sixteen).isEqualTo(flu + 16);
        assertThat(sealer.seal(new byte[0], ROW, 1)).hasSize(flu);
    }

    @Test
    void headerNamesFormatAndKeyVersion() throws GeneralSecurityException {
        byte[] sealed = sealer.seal(utf8("x"), ROW, 1);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(ValueSealer.keyVersionOf(sealed)).isEqualTo(1);
        assertThatThrownBy(() -> ValueSealer.keyVersionOf(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueSealer.keyVersionOf(new byte[] {2, 0, 0, 0, 1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyFlippedBitFails() throws GeneralSecurityException {
        byte[] sealed = sealer.seal(utf8("HIV positive"), ROW, 3);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] bad = sealed.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> sealer.open(bad, ROW, 3)).as("bit %d", bit)
                    .isInstanceOf(GeneralSecurityException.class)
                    .hasMessageContaining("patients.diagnosis");
        }
    }

    @Test
    void truncatedOrExtendedFails() throws GeneralSecurityException {
        byte[] sealed = sealer.seal(utf8("x"), ROW, 3);
        for (int n = 0; n < sealed.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(sealed, n);
            assertThatThrownBy(() -> sealer.open(cut, ROW, 3)).isInstanceOf(GeneralSecurityException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(sealed, sealed.length + 1);
        assertThatThrownBy(() -> sealer.open(longer, ROW, 3)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aValueMovedElsewhereFails() throws GeneralSecurityException {
        byte[] sealed = sealer.seal(utf8("HIV positive"), ROW, 3);
        assertThatThrownBy(() -> sealer.open(sealed, OTHER_ROW, 3)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> sealer.open(sealed, ROW, 2)).as("older row version").isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> sealer.open(sealed, ROW, 4)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> new ValueSealer(ring, "patients", "name").open(sealed, ROW, 3))
                .isInstanceOf(AEADBadTagException.class).hasMessageContaining("patients.name");
        assertThatThrownBy(() -> new ValueSealer(ring, "staff", "diagnosis").open(sealed, ROW, 3))
                .isInstanceOf(AEADBadTagException.class);
        // the length prefixes keep ("patients", "diagnosis") apart from ("patientsd", "iagnosis")
        assertThatThrownBy(() -> new ValueSealer(ring, "patientsd", "iagnosis").open(sealed, ROW, 3))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> new ValueSealer(Keyring.single(k2), "patients", "diagnosis").open(sealed, ROW, 3))
                .as("another master key").isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void tableAndColumnNamesAreCaseInsensitive() throws GeneralSecurityException {
        byte[] sealed = new ValueSealer(ring, "Patients", "Diagnosis").seal(utf8("flu"), ROW, 1);
        assertThat(sealer.open(sealed, ROW, 1)).isEqualTo(utf8("flu"));
    }

    @Test
    void rotationKeepsOldValuesReadable() throws GeneralSecurityException {
        byte[] old = sealer.seal(utf8("flu"), ROW, 1);
        Keyring rotated = new Keyring(Map.of(1, k1, 2, k2), 2);
        ValueSealer after = new ValueSealer(rotated, "patients", "diagnosis");
        assertThat(after.open(old, ROW, 1)).isEqualTo(utf8("flu"));

        byte[] fresh = after.seal(utf8("cold"), ROW, 2);
        assertThat(ValueSealer.keyVersionOf(fresh)).isEqualTo(2);
        assertThat(after.open(fresh, ROW, 2)).isEqualTo(utf8("cold"));
        assertThatThrownBy(() -> sealer.open(fresh, ROW, 2))
                .as("a keyring without v2").isInstanceOf(GeneralSecurityException.class).hasMessageContaining("key version 2");

        // relabelling a v2 value as v1 (or the reverse) fails: the header is authenticated
        byte[] relabelled = fresh.clone();
        relabelled[4] = 1;
        assertThatThrownBy(() -> after.open(relabelled, ROW, 2)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void messagesNeverHoldBytes() throws GeneralSecurityException {
        byte[] sealed = sealer.seal(utf8("HIV positive"), ROW, 3);
        sealed[20] ^= 1;
        assertThatThrownBy(() -> sealer.open(sealed, ROW, 3))
                .hasMessageNotContaining("HIV")
                .hasMessageNotContaining(Hex.hex(sealed).substring(0, 16))
                .hasMessageContaining("patients.diagnosis");
        assertThat(sealer.toString()).contains("patients.diagnosis").doesNotContain("MasterKey[").contains("versions");
    }

    @Test
    void paddingIsIso7816() throws GeneralSecurityException {
        assertThat(ValueSealer.pad(new byte[] {1, 2})).hasSize(16).startsWith(1, 2, (byte) 0x80).endsWith(0, 0);
        assertThat(ValueSealer.pad(new byte[15])).hasSize(16).endsWith((byte) 0x80);
        assertThat(ValueSealer.pad(new byte[16])).hasSize(32);
        assertThat(ValueSealer.unpad(ValueSealer.pad(new byte[] {(byte) 0x80, 0}), "t.c")).containsExactly((byte) 0x80, 0);
        assertThatThrownBy(() -> ValueSealer.unpad(new byte[16], "t.c")).isInstanceOf(GeneralSecurityException.class);
        byte[] noMarker = new byte[16];
        noMarker[3] = 7;
        assertThatThrownBy(() -> ValueSealer.unpad(noMarker, "t.c")).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void rejectsMissingArguments() {
        assertThatThrownBy(() -> new ValueSealer(null, "t", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValueSealer(ring, "", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer.seal(null, ROW, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealer.seal(new byte[1], null, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
