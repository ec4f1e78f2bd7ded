package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnKeysTest {
    private final MasterKey master = MasterKey.fromBytes(new byte[32]);

    @Test
    void deterministicAnd32Bytes() {
        byte[] a = ColumnKeys.derive(master, "patients", "name", "value", 1);
        assertThat(a).hasSize(32).isEqualTo(ColumnKeys.derive(master, "patients", "name", "value", 1));
    }

    @Test
    void knownAnswerPinsTheDerivation() {
        // pins salt, info encoding and lower-casing: changing any of them would orphan every stored value
        byte[] info = ColumnKeys.info("patients", "name", "value", 1);
        byte[] expected = Hkdf.derive(new byte[32], "splitdb-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), info, 32);
        assertThat(ColumnKeys.derive(master, "Patients", "NAME", "value", 1)).isEqualTo(expected);
        assertThat(Hex.hex(info)).isEqualTo(
                "00000012" + Hex.hex("splitdb column key".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "00000008" + Hex.hex("patients".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "00000004" + Hex.hex("name".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "00000005" + Hex.hex("value".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "00000004" + "00000001");
    }

    @Test
    void everyInputSeparatesKeys() {
        Set<String> keys = new HashSet<>();
        keys.add(Hex.hex(ColumnKeys.derive(master, "patients", "name", "value", 1)));
        keys.add(Hex.hex(ColumnKeys.derive(master, "patients", "name", "index", 1)));
        keys.add(Hex.hex(ColumnKeys.derive(master, "patients", "name", "value", 2)));
        keys.add(Hex.hex(ColumnKeys.derive(master, "patients", "ssn", "value", 1)));
        keys.add(Hex.hex(ColumnKeys.derive(master, "staff", "name", "value", 1)));
        keys.add(Hex.hex(ColumnKeys.derive(master, "ab", "c", "value", 1)));
        keys.add(Hex.hex(ColumnKeys.derive(master, "a", "bc", "value", 1)));
        keys.add(Hex.hex(ColumnKeys.derive(MasterKey.generate(), "patients", "name", "value", 1)));
        assertThat(keys).hasSize(8);
    }

    @Test
    void namesAreCaseInsensitive() {
        assertThat(ColumnKeys.derive(master, "Patients", "Name", "index", 3))
                .isEqualTo(ColumnKeys.derive(master, "patients", "name", "index", 3));
    }

    @Test
    void refusesUnknownPurposeAndBadVersion() {
        assertThatThrownBy(() -> ColumnKeys.derive(master, "t", "c", "Value", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColumnKeys.derive(master, "t", "c", "value", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColumnKeys.derive(master, null, "c", "value", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
