package io.splitdb.cli;

import org.junit.jupiter.api.Test;

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

    private static double statementsPerOp(String json, String system, String op) {
        Matcher m = Pattern.compile("\"" + system + "\": \\{.*?\"" + op + "\": \\{[^}]*\"backend_statements_per_op\": ([0-9.]+)").matcher(json);
        assertThat(m.find()).as(system + " " + op + " backend statements in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
