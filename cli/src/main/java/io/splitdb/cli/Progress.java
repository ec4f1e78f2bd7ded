package io.splitdb.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of work over a table (a copy, a re-encryption) on stderr: {@code patients  12,345/100,000 rows  8,200 rows/s  ETA 0:11}.
 * On a console one line is redrawn in place; otherwise (a log file, a pipe) a line is printed every
 * few seconds.
 */
final class Progress {
    private final PrintStream out;
    private final boolean console;
    private final boolean quiet;
    private final long intervalNanos;
    private String table;
    private long done;
    private long total;
    private long copied;
    private long startNanos;
    private long lastPrint;
    private int lastWidth;

    Progress(PrintStream out, boolean console, boolean quiet) {
        this(out, console, quiet, console ? 200 : 5_000);
    }

    /** With a line every {@code intervalMillis} (tests, whose copies can end before the usual 5 s). */
    Progress(PrintStream out, boolean console, boolean quiet, long intervalMillis) {
        this.out = out;
        this.console = console;
        this.quiet = quiet;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Progress on this process's stderr, redrawn in place when a console is attached. */
    static Progress onStderr(boolean quiet) {
        return new Progress(System.err, System.console() != null, quiet);
    }

    /** A table's copy begins with {@code done} of its {@code total} rows already in place. */
    void start(String table, long done, long total) {
        this.table = table;
        this.done = done;
        this.total = total;
        this.copied = 0;
        this.startNanos = System.nanoTime();
        this.lastPrint = startNanos;
    }

    void advance(long rows) {
        done += rows;
        copied += rows;
        long now = System.nanoTime();
        if (!quiet && now - lastPrint >= intervalNanos) {
            lastPrint = now;
            print(line(now), false);
        }
    }

    /** For work that reports a running count: {@code rows} done since {@link #start}. */
    void reached(long rows) {
        advance(rows - copied);
    }

    /** Rows copied since {@link #start}. */
    long copied() {
        return copied;
    }

    /** Ends the table's line (on a console, the redrawn line stays with its final numbers). */
    void finish() {
        if (!quiet && console && copied > 0) {
            print(line(System.nanoTime()), true);
        }
    }

    private String line(long now) {
        double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
        long rate = (long) (copied / seconds);
        String eta = rate <= 0 ? "?" : clock((long) Math.ceil(Math.max(total - done, 0) / (double) rate));
        return String.format(Locale.ROOT, "%s  %,d/%,d rows  %,d rows/s  ETA %s", table, done, Math.max(total, done), rate, eta);
    }

    private void print(String line, boolean last) {
        if (console) {
            String padded = line + " ".repeat(Math.max(0, lastWidth - line.length()));
            lastWidth = line.length();
            out.print("\r" + padded + (last ? "\n" : ""));
            if (last) {
                lastWidth = 0;
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** {@code 0:11}, {@code 12:05}, {@code 1:02:03}. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
