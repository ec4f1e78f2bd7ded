package io.splitdb.proxy;

import io.splitdb.proxy.auth.NativePassword;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy: section: users by ${ENV} or hash, defaults, and no plaintext passwords. */
class ProxyConfigTest {

    private static ProxyConfig parse(String yaml, Map<String, String> env) throws ProxyConfigException {
        return ProxyConfig.parse(new StringReader(yaml), "test.yaml", env::get);
    }

    @Test
    void usersFromEnvironmentAndHash() throws Exception {
        ProxyConfig c = parse("""
                backends: []
                proxy:
                  port: 3310
                  users:
                    - name: app
                      password: ${APP_DB_PASSWORD}
                    - name: report
                      password-hash: "*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9"
                  max-connections: 20
                  idle-timeout-s: 0
                """, Map.of("APP_DB_PASSWORD", "s3cret"));
        assertThat(c.port()).isEqualTo(3310);
        assertThat(c.maxConnections()).isEqualTo(20);
        assertThat(c.idleTimeoutSeconds()).isZero();
        assertThat(c.users().get("app").doubleSha1()).isEqualTo(NativePassword.doubleSha1("s3cret"));
        assertThat(c.users().get("report").doubleSha1()).isEqualTo(NativePassword.doubleSha1("123456"));
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("6BB4837");
    }

    @Test
    void defaults() throws Exception {
        ProxyConfig c = parse("proxy:\n  users:\n    - {name: a, password-hash: \"*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9\"}\n", Map.of());
        assertThat(c.port()).isEqualTo(ProxyConfig.DEFAULT_PORT);
        assertThat(c.maxConnections()).isEqualTo(ProxyConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(c.idleTimeoutSeconds()).isEqualTo(28_800);
    }

    @Test
    void plaintextPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> parse("proxy:\n  users:\n    - {name: app, password: hunter2}\n", Map.of()))
                .isInstanceOf(ProxyConfigException.class)
                .hasMessageContaining("plaintext passwords are not allowed")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void missingVariableUnknownKeyAndMissingSection() {
        assertThatThrownBy(() -> parse("proxy:\n  users:\n    - {name: app, password: '${NOPE}'}\n", Map.of()))
                .hasMessageContaining("NOPE").hasMessageContaining("not set");
        assertThatThrownBy(() -> parse("proxy:\n  prot: 1\n  users: []\n", Map.of()))
                .hasMessageContaining("unknown key 'proxy.prot'");
        assertThatThrownBy(() -> parse("backends: []\n", Map.of()))
                .hasMessageContaining("no 'proxy:' section");
        assertThatThrownBy(() -> parse("proxy:\n  users:\n    - {name: app}\n", Map.of()))
                .hasMessageContaining("exactly one of");
    }
}
