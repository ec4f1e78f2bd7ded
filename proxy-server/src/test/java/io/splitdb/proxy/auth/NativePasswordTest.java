package io.splitdb.proxy.auth;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mysql_native_password against known hashes and a scramble computed independently (Python hashlib). */
class NativePasswordTest {
    private static final byte[] SCRAMBLE = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f1011121314");

    @Test
    void hashesMatchMySqlPasswordFunction() {
        assertThat(NativePassword.hash("password")).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        assertThat(NativePassword.hash("123456")).isEqualTo("*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9");
    }

    @Test
    void clientScrambleVector() {
        // SHA1("secret") XOR SHA1(scramble + SHA1(SHA1("secret"))), scramble = 01..14
        assertThat(HexFormat.of().formatHex(NativePassword.scramble("secret", SCRAMBLE)))
                .isEqualTo("b32bb3a583e1340c0a1108d58b1be49781ad8c2f");
    }

    @Test
    void checksTheResponseAgainstTheStoredHashOnly() {
        byte[] stored = NativePassword.parseHash(NativePassword.hash("secret"));
        assertThat(NativePassword.matches(NativePassword.scramble("secret", SCRAMBLE), SCRAMBLE, stored)).isTrue();
        assertThat(NativePassword.matches(NativePassword.scramble("Secret", SCRAMBLE), SCRAMBLE, stored)).isFalse();
        byte[] otherScramble = SCRAMBLE.clone();
        otherScramble[0] = 9;
        assertThat(NativePassword.matches(NativePassword.scramble("secret", otherScramble), SCRAMBLE, stored)).isFalse();
        assertThat(NativePassword.matches(new byte[0], SCRAMBLE, stored)).isFalse();
        assertThat(NativePassword.matches(new byte[5], SCRAMBLE, stored)).isFalse();
    }

    @Test
    void badHashIsRejected() {
        assertThatThrownBy(() -> NativePassword.parseHash("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
