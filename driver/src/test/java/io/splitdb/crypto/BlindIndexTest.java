package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlindIndexTest {
    private final byte[] key = ColumnKeys.derive(MasterKey.fromBytes(new byte[32]), "patients", "ssn", "index", 1);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deterministic() {
        BlindIndex a = new BlindIndex(key, 24);
        BlindIndex b = new BlindIndex(key.clone(), 24);
        assertThat(a.compute(utf8("123-45-6789"))).isEqualTo(b.compute(utf8("123-45-6789")));
    }

    @Test
    void layoutIsTheTopBitsOfHmacSha256() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] h = mac.doFinal(utf8("Chloé"));
        long first8 = java.nio.ByteBuffer.wrap(h).getLong();
        assertThat(new BlindIndex(key, 64).compute(utf8("Chloé"))).isEqualTo(first8);
        assertThat(new BlindIndex(key, 8).compute(utf8("Chloé"))).isEqualTo(h[0] & 0xFF);
        assertThat(new BlindIndex(key, 16).compute(utf8("Chloé"))).isEqualTo(((h[0] & 0xFF) << 8) | (h[1] & 0xFF));
        assertThat(new BlindIndex(key, 1).compute(utf8("Chloé"))).isEqualTo((h[0] & 0xFF) >>> 7);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 8, 12, 24, 63})
    void truncatesToBits(int bits) {
        BlindIndex index = new BlindIndex(key, bits);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            long v = index.compute(utf8("value-" + i));
            assertThat(v).isBetween(0L, (1L << bits) - 1);
            seen.add(v);
        }
        if (bits <= 8) {
            assertThat(seen).hasSize(1 << bits); // 5000 draws fill every one of at most 256 slots
        } else if (bits >= 24) {
            assertThat(seen.size()).isGreaterThan(4990);
        }
    }

    @Test
    void distinctKeysGiveDistinctIndexes() {
        byte[] other = ColumnKeys.derive(MasterKey.fromBytes(new byte[32]), "patients", "name", "index", 1);
        BlindIndex a = new BlindIndex(key, 64);
        BlindIndex b = new BlindIndex(other, 64);
        int same = 0;
        for (int i = 0; i < 100; i++) {
            if (a.compute(utf8("v" + i)) == b.compute(utf8("v" + i))) {
                same++;
            }
        }
        assertThat(same).isZero();
    }

    @Test
    void distinctValuesGiveDistinctIndexesAtFullWidth() {
        BlindIndex index = new BlindIndex(key, 64);
        assertThat(index.compute(utf8("alice"))).isNotEqualTo(index.compute(utf8("bob")));
    }

    @Test
    void collationEqualValuesShareAnIndex() {
        BlindIndex index = new BlindIndex(key, 32);
        assertThat(index.compute("chloe", "utf8mb4_unicode_ci")).isEqualTo(index.compute("CHLOÉ ", "utf8mb4_unicode_ci"));
        assertThat(index.compute("chloe", "utf8mb4_bin")).isNotEqualTo(index.compute("Chloé", "utf8mb4_bin"));
    }

    @Test
    void checksArgumentsAndNeverShowsKey() {
        assertThatThrownBy(() -> new BlindIndex(new byte[16], 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlindIndex(key, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlindIndex(key, 65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlindIndex(key, 8).compute((byte[]) null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BlindIndex(key, 8).toString()).doesNotContain(Hex.hex(key).substring(0, 8)).contains("redacted");
    }

    @Test
    void copiesTheKey() {
        byte[] mine = key.clone();
        BlindIndex index = new BlindIndex(mine, 64);
        long before = index.compute(utf8("x"));
        java.util.Arrays.fill(mine, (byte) 0); // the caller wipes its copy, as ProtectedValues does
        assertThat(index.compute(utf8("x"))).isEqualTo(before);
    }
}
