package io.splitdb.audit;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one statement did to protected data, collected on its thread while it runs: the execution
 * code that knows row keys (the merge of a protected read, the writers) reports them here, so the
 * audit needs no second look at the rows. Nothing is collected on a thread with no capture bound
 * (recovery, repair, the CLI's own checks).
 */
public final class AuditCapture implements AutoCloseable {
    /** Row keys kept per statement; more are counted, not listed. */
    public static final int MAX_KEYS = 1000;

    private static final ThreadLocal<AuditCapture> BOUND = new ThreadLocal<>();

    private final AuditCapture outer;
    /** Table name to protected columns read (decrypted). */
    private final Map<String, Set<String>> readColumns = new LinkedHashMap<>();
    /** Tables with protected columns written; their protected columns. */
    private final Map<String, List<String>> written = new LinkedHashMap<>();
    /** Tables written whose rows the driver did not see one by one (the backends chose them). */
    private final Set<String> writtenWhole = new LinkedHashSet<>();
    private final Set<String> schemaChanged = new LinkedHashSet<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private long readRows;
    private long writtenRows;
    private boolean overflow;

    private AuditCapture(AuditCapture outer) {
        this.outer = outer;
    }

    /** Starts collecting for the statement about to run on this thread; {@link #close()} ends it. */
    public static AuditCapture begin() {
        AuditCapture c = new AuditCapture(BOUND.get());
        BOUND.set(c);
        return c;
    }

    @Override
    public void close() {
        if (outer == null) {
            BOUND.remove();
        } else {
            BOUND.set(outer);
        }
    }

    /** True if a statement on this thread collects (so callers can skip gathering row keys). */
    public static boolean collecting() {
        return BOUND.get() != null;
    }

    /** Rows whose protected {@code columns} the driver decrypted for the statement. */
    public static void read(TableInfo table, List<ColumnInfo> columns, long[] rowids) {
        AuditCapture c = BOUND.get();
        if (c == null || columns.isEmpty()) {
            return;
        }
        Set<String> names = c.readColumns.computeIfAbsent(table.name(), k -> new LinkedHashSet<>());
        columns.forEach(col -> names.add(col.name()));
        c.rows(table.name(), rowids, false);
    }

    /** Rows written (inserted, updated or deleted) by key. */
    public static void wrote(TableInfo table, long[] rowids) {
        AuditCapture c = BOUND.get();
        if (c == null || !table.hasProtectedColumns()) {
            return;
        }
        c.written.computeIfAbsent(table.name(), k -> table.protectedColumns().stream().map(ColumnInfo::name).toList());
        c.rows(table.name(), rowids, true);
    }

    /** A write whose rows the backends chose (a DELETE or UPDATE run as written, REPLACE, ON DUPLICATE KEY UPDATE). */
    public static void wroteTable(String table) {
        AuditCapture c = BOUND.get();
        if (c != null) {
            c.writtenWhole.add(table);
        }
    }

    /** CREATE, ALTER or DROP of a table with protected columns. */
    public static void changedSchema(String table) {
        AuditCapture c = BOUND.get();
        if (c != null) {
            c.schemaChanged.add(table);
        }
    }

    /**
     * Keeps the first {@link #MAX_KEYS} distinct keys (a row an UPDATE reads, then writes, is one
     * row) and counts the rest per phase: a million-row read must not build a million strings.
     */
    private void rows(String table, long[] rowids, boolean write) {
        if (write) {
            writtenRows += rowids.length;
        } else {
            readRows += rowids.length;
        }
        for (long r : rowids) {
            if (keys.size() >= MAX_KEYS) {
                overflow = true;
                return;
            }
            keys.add(table + ":" + r);
        }
    }

    /**
     * Forgets what was collected: a statement run again from the start (after a backend was lost
     * before anything was written) reports its rows afresh.
     */
    public static void restart() {
        AuditCapture c = BOUND.get();
        if (c != null) {
            c.readColumns.clear();
            c.written.clear();
            c.writtenWhole.clear();
            c.schemaChanged.clear();
            c.keys.clear();
            c.readRows = 0;
            c.writtenRows = 0;
            c.overflow = false;
        }
    }

    /** True if nothing was reported. */
    boolean isEmpty() {
        return readColumns.isEmpty() && written.isEmpty() && writtenWhole.isEmpty() && schemaChanged.isEmpty();
    }

    Map<String, Set<String>> readColumns() {
        return readColumns;
    }

    Map<String, List<String>> written() {
        return written;
    }

    Set<String> writtenWhole() {
        return writtenWhole;
    }

    Set<String> schemaChanged() {
        return schemaChanged;
    }

    /** The first {@link #MAX_KEYS} row keys ({@code table:rowid}). */
    List<String> keys() {
        return List.copyOf(keys);
    }

    /**
     * How many rows: exact up to {@link #MAX_KEYS}; past that, the larger of the rows read and
     * the rows written (an UPDATE reads the rows it writes).
     */
    long keyCount() {
        return overflow ? Math.max(keys.size(), Math.max(readRows, writtenRows)) : keys.size();
    }
}
