package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DBA's session with the real launcher, {@code bin/splitdb}, as separate processes: a keystore
 * whose password comes from the environment (as the documentation shows), a configuration that
 * names it with {@code ${SPLITDB_KEY_PASSWORD}}, then the commands in the order of
 * docs/operations.md.
 */
@ExtendWith(SplitBackendsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkthroughIT {
    private static final String KEY_PASSWORD = "walkthrough-key-password";
    static BackendTrio trio;
    static String database;
    static Path dir;
    static Path config;

    @BeforeAll
    static void setUp(BackendTrio backends) throws Exception {
        trio = backends;
        database = "walk_" + ProcessHandle.current().pid();
        trio.createDatabase(database);
        dir = Path.of(System.getProperty("splitdb.test.base", "target"), "it", database).toAbsolutePath();
        Files.createDirectories(dir);
    }

    /** Runs bin/splitdb with the keystore password in its environment; its output goes to this test's log too. */
    static CliFixture.Run splitdb(String... args) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/splitdb").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("SPLITDB_KEY_PASSWORD", KEY_PASSWORD);
        if (trio.password() != null) {
            pb.environment().put("SOURCE_PASSWORD", trio.password());
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("splitdb %s finished", String.join(" ", args)).isTrue();
        CliFixture.Run run = new CliFixture.Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        System.out.println("$ bin/splitdb " + String.join(" ", args) + "\n" + run);
        return run;
    }

    /** The test's own connection: this JVM has no SPLITDB_KEY_PASSWORD, so a copy of the configuration names the password. */
    static Connection connect() throws Exception {
        Path copy = dir.resolve("hospital-test.yaml");
        Files.writeString(copy, Files.readString(config).replace("${SPLITDB_KEY_PASSWORD}", KEY_PASSWORD));
        return DriverManager.getConnection("jdbc:split:" + copy);
    }

    @Test
    @Order(1)
    void keygenMakesAKeystoreFromThePasswordInTheEnvironment() throws Exception {
        CliFixture.Run run = splitdb("keygen", "--keystore", dir.resolve("hospital.p12").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.all()).doesNotContain(KEY_PASSWORD);
        assertThat(dir.resolve("hospital.p12")).isNotEmptyFile();

        StringBuilder y = new StringBuilder("backends:\n");
        for (String u : trio.jdbcUrls(database)) {
            y.append("  - url: \"").append(u).append("\"\n")
                    .append("    user: \"").append(trio.user()).append("\"\n")
                    .append("    password: \"").append(trio.password() == null ? "" : trio.password()).append("\"\n");
        }
        y.append("""
                keys:
                  keystore: hospital.p12
                  password: ${SPLITDB_KEY_PASSWORD}
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                """);
        config = dir.resolve("hospital.yaml");
        Files.writeString(config, y.toString());
    }

    @Test
    @Order(2)
    void migrateCopiesThePlaintextDatabaseAfterADryRun() throws Exception {
        String source = database + "_plain";
        trio.createDatabase(source);
        String url = trio.jdbcUrls(source).get(0);
        try (Connection c = DriverManager.getConnection(url, trio.user(), trio.password()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), ward INT)");
            s.execute("INSERT INTO patients (name, diagnosis, ward) VALUES ('Chloé Martin', 'asthma', 1), ('Ann Lee', 'flu', 2)");
        }
        String from = url + (url.contains("?") ? "&" : "?") + "user=" + trio.user();
        List<String> args = new ArrayList<>(List.of("migrate", "--config", config.toString(), "--from", from));
        if (trio.password() != null && !trio.password().isEmpty()) {
            args.addAll(List.of("--from-password-env", "SOURCE_PASSWORD"));
        }
        List<String> dry = new ArrayList<>(args);
        dry.add("--dry-run");
        CliFixture.Run plan = splitdb(dry.toArray(String[]::new));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("patients").contains("shared");

        CliFixture.Run run = splitdb(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (Connection c = connect(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT id, diagnosis FROM patients WHERE name = 'chloe martin'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("asthma");
        }
    }

    @Test
    @Order(3)
    void checkSqlJudgesTheApplicationsStatements() throws Exception {
        Path statements = dir.resolve("app.sql");
        Files.writeString(statements, """
                SELECT name, diagnosis FROM patients WHERE id = 1;
                SELECT id FROM patients WHERE name = 'chloe martin';
                SELECT * FROM patients WHERE diagnosis LIKE '%flu%';
                """);
        CliFixture.Run run = splitdb("check-sql", "--config", config.toString(), "--file", statements.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("3 statements").containsPattern("runs partly in the driver\\s+1 shapes");
    }

    @Test
    @Order(9)
    void verifyFindsTheThreeBackendsInAgreement() throws Exception {
        CliFixture.Run run = splitdb("verify", "--config", config.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("verify: the three backends agree");
    }
}
