package io.splitdb.proxy.auth;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** caching_sha2_password's fast path against values computed independently (Python hashlib). */
class CachingSha2PasswordTest {
    private static final byte[] SCRAMBLE = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f1011121314");

    @Test
    void digestAndScrambleMatchAnIndependentComputation() {
        // SHA256(SHA256("secret"))
        assertThat(HexFormat.of().formatHex(CachingSha2Password.digest("secret")))
                .isEqualTo("3881219d087dd9c634373fd33dfa33a2cb6bfc6c520b64b8bb60ef2ceb534ae7");
        // SHA256("secret") XOR SHA256(SHA256(SHA256("secret")) + scramble), scramble = 01..14
        assertThat(HexFormat.of().formatHex(CachingSha2Password.scramble("secret", SCRAMBLE)))
                .isEqualTo("746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9");
    }

    @Test
    void theFastPathAcceptsOnlyTheRightPasswordForThisScramble() {
        byte[] digest = CachingSha2Password.digest("secret");
        assertThat(CachingSha2Password.matches(CachingSha2Password.scramble("secret", SCRAMBLE), SCRAMBLE, digest)).isTrue();
        assertThat(CachingSha2Password.matches(CachingSha2Password.scramble("Secret", SCRAMBLE), SCRAMBLE, digest)).isFalse();
        byte[] other = SCRAMBLE.clone();
        other[0] ^= 1;
        assertThat(CachingSha2Password.matches(CachingSha2Password.scramble("secret", other), SCRAMBLE, digest)).as("replayed from another session").isFalse();
        assertThat(CachingSha2Password.matches(new byte[0], SCRAMBLE, digest)).isFalse();
        assertThat(CachingSha2Password.matches(new byte[31], SCRAMBLE, digest)).isFalse();
    }
}
