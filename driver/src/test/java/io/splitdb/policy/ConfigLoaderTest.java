package io.splitdb.policy;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final String BACKENDS = """
            backends:
              - url: jdbc:mysql://db-a:3306/hospital
                user: split
                password: ${SPLIT_A_PASSWORD}
              - url: jdbc:mysql://db-b:3306/hospital
              - url: jdbc:mysql://db-c:3306/hospital
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("SPLIT_A_PASSWORD", "s3cret", "KEYPW", "kp")::get);

    private SplitConfig parse(String yaml) throws ConfigException {
        return loader.parse(new StringReader(yaml), "hospital.yaml", Path.of("/etc/splitdb"));
    }

    @Test
    void readsTheDesignExample() throws Exception {
        SplitConfig c = parse(BACKENDS + """
                keys:
                  keystore: hospital.p12
                  password: ${KEYPW}
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    ssn:       { protect: shared, search: equality, bits: 24 }
                    diagnosis: { protect: shared }
                    scan:      { protect: encrypted }
                """);
        assertThat(c.backends()).hasSize(3);
        assertThat(c.backends().get(0).password()).isEqualTo("s3cret");
        assertThat(c.backends().get(1).user()).isNull();
        assertThat(c.keys().keystore()).isEqualTo(Path.of("/etc/splitdb/hospital.p12"));
        assertThat(new String(c.keys().password())).isEqualTo("kp");
        assertThat(c.policy("PATIENTS", "Name")).isEqualTo(new ColumnPolicy(Protection.SHARED, Search.EQUALITY, 32, -1));
        assertThat(c.policy("patients", "ssn").bits()).isEqualTo(24);
        assertThat(c.policy("patients", "diagnosis").searchable()).isFalse();
        assertThat(c.policy("patients", "scan").protect()).isEqualTo(Protection.ENCRYPTED);
        assertThat(c.policy("patients", "ward")).isEqualTo(ColumnPolicy.PLAIN);
        assertThat(c.options()).isEqualTo(SplitConfig.Options.DEFAULTS);
    }

    @Test
    void readsTheAuditOption() throws Exception {
        String keys = "keys: { master-key-env: K }\n";
        assertThat(parse(BACKENDS + keys).options().audit()).isEqualTo(SplitConfig.Audit.REQUIRED);
        assertThat(parse(BACKENDS + keys + "options: { audit: best-effort }\n").options().audit()).isEqualTo(SplitConfig.Audit.BEST_EFFORT);
        assertThat(parse(BACKENDS + keys + "options: { audit: off }\n").options().audit()).isEqualTo(SplitConfig.Audit.OFF);
        assertThat(parse(BACKENDS + keys + "options: { audit: \"off\" }\n").options().audit()).isEqualTo(SplitConfig.Audit.OFF);
        assertThatThrownBy(() -> parse(BACKENDS + keys + "options: { audit: sometimes }\n"))
                .hasMessageContaining("options.audit must be one of required, best-effort, off")
                .hasMessageContaining("sometimes");
    }

    @Test
    void ignoresTheProxySection() throws Exception {
        // the proxy (splitdb proxy) reads this section; the driver must not expand its variables or check its keys
        SplitConfig c = parse(BACKENDS + "keys: { master-key-env: K }\n" + """
                proxy:
                  port: 3307
                  users:
                    - name: app
                      password: ${UNSET_FOR_THE_DRIVER}
                """);
        assertThat(c.backends()).hasSize(3);
    }

    @Test
    void masksSecretsWhenPrinted() throws Exception {
        SplitConfig c = parse(BACKENDS + "keys: { keystore: k.p12, password: \"${KEYPW}\" }\n");
        assertThat(c.backends().get(0).toString()).doesNotContain("s3cret");
        assertThat(c.keys().toString()).doesNotContain("kp");
    }

    @Test
    void namesTheBadKey() {
        assertThatThrownBy(() -> parse(BACKENDS + """
                keys: { master-key-env: K }
                tables:
                  patients:
                    ssn: { protect: sharde }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tables.patients.ssn.protect")
                .hasMessageContaining("sharde")
                .extracting("SQLState").isEqualTo("08001");
        assertThatThrownBy(() -> parse(BACKENDS + "keys: { master-key-env: K }\ntables: { p: { ssn: { protect: shared, serch: equality } } }\n"))
                .hasMessageContaining("unknown key 'tables.p.ssn.serch'");
        assertThatThrownBy(() -> parse(BACKENDS + "keys: { master-key-env: K }\ntables: { p: { ssn: { protect: shared, search: equality, bits: 99 } } }\n"))
                .hasMessageContaining("bits must be between 1 and 64");
        assertThatThrownBy(() -> parse(BACKENDS + "keys: { master-key-env: K }\ntables: { p: { ssn: { search: equality } } }\n"))
                .hasMessageContaining("need 'protect: shared' or 'protect: encrypted'");
    }

    @Test
    void requiresExactlyThreeBackendsAndOneKeySource() {
        assertThatThrownBy(() -> parse("backends:\n  - url: jdbc:mysql://a/h\nkeys: { master-key-env: K }\n"))
                .hasMessageContaining("exactly three backends, found 1");
        assertThatThrownBy(() -> parse(BACKENDS)).hasMessageContaining("'keys'");
        assertThatThrownBy(() -> parse(BACKENDS + "keys: { master-key-env: K, keystore: x.p12, password: p }\n"))
                .hasMessageContaining("exactly one of 'keystore' or 'master-key-env'");
        assertThatThrownBy(() -> parse(BACKENDS.replace("jdbc:mysql://db-b", "http://db-b") + "keys: { master-key-env: K }\n"))
                .hasMessageContaining("backends[1].url");
    }

    @Test
    void unsetVariableIsAnErrorUnlessDefaulted() throws Exception {
        ConfigLoader bare = new ConfigLoader(name -> null);
        assertThatThrownBy(() -> bare.parse(new StringReader(BACKENDS + "keys: { master-key-env: K }\n"), "h.yaml", Path.of(".")))
                .hasMessageContaining("SPLIT_A_PASSWORD").hasMessageContaining("not set");
        SplitConfig c = bare.parse(new StringReader(BACKENDS.replace("${SPLIT_A_PASSWORD}", "${SPLIT_A_PASSWORD:-fallback}")
                + "keys: { master-key-env: K }\n"), "h.yaml", Path.of("."));
        assertThat(c.backends().get(0).password()).isEqualTo("fallback");
    }

    @Test
    void rejectsMalformedYamlWithoutEchoingSecrets() {
        assertThatThrownBy(() -> parse("backends: [\n  password: hunter2\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML at line")
                .hasMessageNotContaining("hunter2").hasNoCause();
    }

    @Test
    void loadsFromTheClassPathAndFromFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        SplitConfig c = loader.load("classpath:splitdb-classpath-test.yaml");
        assertThat(c.source()).isEqualTo("classpath:splitdb-classpath-test.yaml");
        assertThat(c.policy("patients", "ssn").bits()).isEqualTo(20);
        assertThat(c.keys().masterKeyEnv()).isEqualTo("SPLITDB_TEST_KEY");
        assertThatThrownBy(() -> loader.load("classpath:no-such.yaml")).hasMessageContaining("not found on the classpath");

        Path file = dir.resolve("h.yaml");
        java.nio.file.Files.writeString(file, BACKENDS + "keys:\n  keystore: keys/h.p12\n  password: x\n");
        SplitConfig f = loader.load(file.toString());
        assertThat(f.keys().keystore()).isEqualTo(dir.resolve("keys/h.p12").toAbsolutePath());
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml").toString())).hasMessageContaining("does not exist");
    }
}
