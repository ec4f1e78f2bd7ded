package io.splitdb.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line: rows, rows/s and ETA, redrawn on a console, quiet in a log unless slow. */
class ProgressTest {

    @Test
    void clockFormat() {
        assertThat(Progress.clock(11)).isEqualTo("0:11");
        assertThat(Progress.clock(12 * 60 + 5)).isEqualTo("12:05");
        assertThat(Progress.clock(3723)).isEqualTo("1:02:03");
    }

    @Test
    void onAConsoleTheFinalLineStaysWithItsNumbers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, false);
        p.start("patients", 2_000, 12_000);
        p.reached(4_000);
        p.reached(10_000);
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\rpatients  12,000/12,000 rows  ").contains(" rows/s  ETA 0:00").endsWith("\n");
        assertThat(p.copied()).isEqualTo(10_000);
    }

    @Test
    void rowsAddedMeanwhileDoNotMakeTheTotalSmallerThanTheRowsDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, false);
        p.start("t", 0, 10);
        p.reached(12);
        p.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("t  12/12 rows");
    }

    @Test
    void quietAndShortRunsInALogPrintNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress log = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, false);
        log.start("t", 0, 10);
        log.reached(10);
        log.finish();
        Progress quiet = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, true);
        quiet.start("t", 0, 10);
        quiet.reached(10);
        quiet.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
