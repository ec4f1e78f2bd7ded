package io.splitdb.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void aLineNamesTableRowsRateAndEta() {
        assertThat(Progress.line("patients", 1200, 5000, 2_000_000_000L)).isEqualTo("patients: 1200/5000 rows, 600 rows/s, ETA 7s");
        assertThat(Progress.line("patients", 5000, 5000, 2_000_000_000L)).isEqualTo("patients: 5000/5000 rows, 2500 rows/s, done");
        assertThat(Progress.line("patients", 0, 10, 1_000_000_000L)).endsWith("ETA ?");
        assertThat(Progress.line("patients", 12, 10, 1_000_000_000L)).as("rows inserted meanwhile").startsWith("patients: 12/12 rows");
        assertThat(Progress.duration(59)).isEqualTo("59s");
        assertThat(Progress.duration(61)).isEqualTo("1m01s");
        assertThat(Progress.duration(3 * 3600 + 5 * 60)).isEqualTo("3h05m");
    }

    @Test
    void onAConsoleTheLineIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "t", 10);
        p.update(3);
        p.update(6);
        p.finish(10);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\rt: 3/10 rows").contains("\rt: 6/10 rows").contains("\rt: 10 rows in 0s").contains("done");
    }

    @Test
    void withoutAConsoleItWritesWholeLinesNowAndThen() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "t", 10);
        p.update(3);
        p.update(6);
        p.finish(10);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\r").doesNotContain("3/10").startsWith("t: 10 rows in 0s, ").endsWith("done" + System.lineSeparator());
        assertThat(out.lines().count()).isEqualTo(1);
    }
}
