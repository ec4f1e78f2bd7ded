package io.splitdb.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line for one table on stderr: table, rows done/total, rows/s, ETA. On a console the
 * line is redrawn in place ({@code \r}); otherwise (a log, a pipe) a line is written every few
 * seconds, so logs stay readable. Stdout stays free for the command's results.
 */
final class Progress {
    private static final long LOG_EVERY_MILLIS = 5_000;

    private final PrintStream err;
    private final boolean console;
    private final String table;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos;
    private boolean drawn;

    Progress(PrintStream err, boolean console, String table, long total) {
        this.err = err;
        this.console = console;
        this.table = table;
        this.total = total;
    }

    /** A progress line on this process's stderr, redrawn when a console is attached. */
    static Progress of(String table, long total) {
        return new Progress(System.err, System.console() != null, table, total);
    }

    /** Rows done so far. */
    void update(long done) {
        long now = System.nanoTime();
        if (console) {
            err.print("\r" + line(table, done, total, now - startNanos));
            err.flush();
            drawn = true;
        } else if (now - lastPrintNanos >= LOG_EVERY_MILLIS * 1_000_000) {
            err.println(line(table, done, total, now - startNanos));
            lastPrintNanos = now;
        }
    }

    /** The last line, ended: the rows this run did (a resumed run skips what an earlier one did). */
    void finish(long done) {
        long nanos = System.nanoTime() - startNanos;
        String last = String.format(Locale.ROOT, "%s: %d rows in %s, %.0f rows/s, done", table, done,
                duration(Math.round(nanos / 1e9)), done / (Math.max(nanos, 1) / 1e9));
        err.println(console && drawn ? "\r" + last + " ".repeat(10) : last);
    }

    /** {@code patients: 1200/5000 rows, 850 rows/s, ETA 4s}. */
    static String line(String table, long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        double rate = done / seconds;
        long shownTotal = Math.max(total, done);  // rows inserted meanwhile
        String eta = done >= shownTotal ? "done" : rate <= 0 ? "ETA ?" : "ETA " + duration((long) Math.ceil((shownTotal - done) / rate));
        return String.format(Locale.ROOT, "%s: %d/%d rows, %.0f rows/s, %s", table, done, shownTotal, rate, eta);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", seconds % 3600 / 60) + "m";
    }
}
