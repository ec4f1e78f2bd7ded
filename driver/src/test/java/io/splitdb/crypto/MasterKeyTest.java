package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

    @Test
    void toStringIsRedacted() {
        MasterKey key = MasterKey.generate();
        assertThat(key.toString()).isEqualTo("MasterKey[redacted]");
        assertThat(String.valueOf(key)).doesNotContain(key.revealBase64());
        assertThat(Keyring.single(key).toString()).doesNotContain(key.revealBase64()).isEqualTo("Keyring[versions=[1], current=1]");
    }

    @Test
    void generatesDistinct256BitKeys() {
        assertThat(MasterKey.generate().bytes()).hasSize(32).isNotEqualTo(MasterKey.generate().bytes());
    }

    @Test
    void base64RoundTripAndDefensiveCopies() {
        byte[] raw = new byte[32];
        raw[0] = 1;
        MasterKey key = MasterKey.fromBase64("  " + Base64.getEncoder().encodeToString(raw) + "\n");
        assertThat(key.bytes()).isEqualTo(raw);
        key.bytes()[0] = 9;
        assertThat(key.bytes()[0]).isEqualTo((byte) 1);
        raw[1] = 5;
        assertThat(MasterKey.fromBytes(raw).bytes()[1]).isEqualTo((byte) 5);
        assertThat(MasterKey.fromBytes(raw).sameKeyAs(MasterKey.fromBytes(raw.clone()))).isTrue();
    }

    @Test
    void badBase64NamesNoKeyMaterial() {
        String nearMiss = Base64.getEncoder().encodeToString(new byte[31]) + "QQ==";
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes").hasNoCause();
        String secretish = "c2VjcmV0LWtleS1tYXRlcmlhbA-*";
        assertThatThrownBy(() -> MasterKey.fromBase64(secretish))
                .isInstanceOf(IllegalArgumentException.class).hasNoCause()
                .hasMessageNotContaining("c2VjcmV0").hasMessageNotContaining("2d").hasMessageNotContaining("-");
        assertThatThrownBy(() -> MasterKey.fromBase64(nearMiss)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(nearMiss);
        assertThatThrownBy(() -> MasterKey.fromBase64(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destroyWipes() {
        MasterKey key = MasterKey.generate();
        key.destroy();
        assertThat(key.isDestroyed()).isTrue();
        assertThatThrownBy(key::bytes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyringValidates() {
        MasterKey a = MasterKey.generate();
        MasterKey b = MasterKey.generate();
        Keyring ring = new Keyring(Map.of(2, b, 1, a), 2);
        assertThat(ring.versions()).containsExactly(1, 2);
        assertThat(ring.current()).isSameAs(b);
        assertThat(ring.master(1)).isSameAs(a);
        assertThatThrownBy(() -> ring.master(3)).isInstanceOf(IllegalArgumentException.class).hasMessage("unknown key version 3");
        assertThatThrownBy(() -> new Keyring(Map.of(1, a), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyring(Map.of(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyring(Map.of(0, a), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.versions().add(5)).isInstanceOf(UnsupportedOperationException.class);
    }
}
