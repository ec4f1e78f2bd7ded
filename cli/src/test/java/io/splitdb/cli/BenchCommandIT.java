package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code splitdb bench} on the embedded servers, briefly: every system measured for the operations
 * asked, the JSON in the documented shape with figures that are not zero, and the plot written.
 * (What the figures are is for docs/benchmarks.md, not for a test.)
 */
@ExtendWith(SplitBackendsExtension.class)
class BenchCommandIT {
    @Test
    void measuresEverySystemAndWritesJsonAndAPlot() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench-it"));
        Path json = dir.resolve("bench.json");
        Path png = dir.resolve("bench.png");
        CliFixture.Run run = CliFixture.splitdb("bench", "--duration", "1", "--threads", "2", "--rows", "60",
                "--operations", "read_by_key,search_ssn,insert_visit", "--json", json.toString(), "--plot", png.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String j = Files.readString(json);
        for (String system : new String[] {"mysql", "p6spy", "split", "proxy"}) {
            for (String op : new String[] {"read_by_key", "search_ssn", "insert_visit"}) {
                Matcher m = Pattern.compile("\"" + system + "\": \\{.*?\"" + op + "\": \\{\"ops_per_s\": ([0-9.]+), \"p50_us\": ([0-9.]+), \"p99_us\": ([0-9.]+)")
                        .matcher(j);
                assertThat(m.find()).as(system + " " + op + " in " + j).isTrue();
                assertThat(Double.parseDouble(m.group(1))).as(system + " " + op + " ops/s").isPositive();
                assertThat(Double.parseDouble(m.group(2))).as(system + " " + op + " p50").isPositive()
                        .isLessThanOrEqualTo(Double.parseDouble(m.group(3)));
            }
        }
        assertThat(j).startsWith("{\"systems\": {").doesNotContain("mix_90_10");
        // round trips: a read of protected columns asks two backends, an atomic insert all three several times
        assertThat(statementsPerOp(j, "mysql", "read_by_key")).isBetween(0.9, 1.5);
        assertThat(statementsPerOp(j, "split", "read_by_key")).isBetween(1.9, 3.0);
        assertThat(statementsPerOp(j, "split", "insert_visit")).isGreaterThanOrEqualTo(9.0);
        byte[] image = Files.readAllBytes(png);
        assertThat(image).hasSizeGreaterThan(1000);
        assertThat(new String(image, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(run.out()).contains("x p50", "read_by_key", "proxy", "stmts/op");
    }

    @Test
    void measuresTheSystemsAskedWithTheOptionsGiven() throws Exception {
        Path json = Files.createDirectories(Path.of("target", "bench-it")).resolve("split-only.json");
        CliFixture.Run run = CliFixture.splitdb("bench", "--duration", "1", "--threads", "1", "--rows", "40", "--systems", "split",
                "--option", "audit=off", "--operations", "read_by_key", "--json", json.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String j = Files.readString(json);
        assertThat(j).contains("\"mysql\": {", "\"split\": {").doesNotContain("\"p6spy\"", "\"proxy\"");
        assertThat(Files.readString(Path.of("target", "bench", "bench.yaml"))).contains("options:\n  audit: off");

        CliFixture.Run wrong = CliFixture.splitdb("bench", "--systems", "oracle");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("unknown system oracle", "mysql, p6spy, split, proxy");
    }

    /**
     * On a DBA's own configuration: tables of the same names are not dropped without
     * {@code --replace-tables}, and the configuration file is never written to (the proxy's
     * benchmark user lives in memory).
     */
    @Test
    void onAnOwnConfigurationItNeitherDropsTablesUnaskedNorEditsTheFile(BackendTrio trio) throws Exception {
        String policy;
        try (var in = BenchCommandIT.class.getResourceAsStream("/hospital/policy.yaml")) {
            policy = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        CliFixture db = CliFixture.create(trio, "benchcfg", policy);
        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(100), ssn VARCHAR(11), birth_date DATE, phone VARCHAR(30))");
            s.execute("INSERT INTO patients (id, name) VALUES (1, 'Keep Me')");
        }
        byte[] file = Files.readAllBytes(db.config);

        CliFixture.Run refused = CliFixture.splitdb("bench", "--config", db.config.toString(), "--duration", "1", "--threads", "1",
                "--rows", "20", "--operations", "read_by_key");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("already has patients", "--replace-tables");
        try (java.sql.Connection c = db.connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT name FROM patients WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Keep Me");
        }

        Path json = Files.createDirectories(Path.of("target", "bench-it")).resolve("own-config.json");
        CliFixture.Run run = CliFixture.splitdb("bench", "--config", db.config.toString(), "--replace-tables", "--duration", "1",
                "--threads", "1", "--rows", "20", "--systems", "split,proxy", "--operations", "read_by_key", "--json", json.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(json)).contains("\"split\": {\"read_by_key\"", "\"proxy\": {\"read_by_key\"");
        assertThat(Files.readAllBytes(db.config)).as("the configuration file is left as it was").isEqualTo(file);
    }

    @Test
    void databaseOfAUrl() {
        assertThat(io.splitdb.policy.BackendConfig.databaseOf("jdbc:mysql://10.0.0.7:3306/ward?useSSL=true")).isEqualTo("ward");
        assertThat(io.splitdb.policy.BackendConfig.databaseOf("jdbc:mariadb://db/hospital")).isEqualTo("hospital");
    }

    private static double statementsPerOp(String json, String system, String op) {
        Matcher m = Pattern.compile("\"" + system + "\": \\{.*?\"" + op + "\": \\{[^}]*\"backend_statements_per_op\": ([0-9.]+)").matcher(json);
        assertThat(m.find()).as(system + " " + op + " backend statements in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
