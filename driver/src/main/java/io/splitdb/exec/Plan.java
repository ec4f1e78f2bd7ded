package io.splitdb.exec;

import java.sql.SQLException;

/**
 * A planned statement: parsed once per statement shape, executed many times with different
 * arguments. Implementations are immutable and thread-safe.
 */
public interface Plan {

    ExecResult execute(SplitDatabase db, Object[] args) throws SQLException;

    /** True if the plan only reads (so {@code executeQuery} may run it). */
    boolean isQuery();

    /**
     * Where a statement's work happens, as {@code splitdb check-sql} reports it to a DBA deciding
     * whether an application's SQL is ready for split storage.
     */
    enum Work {
        /** Answered by the driver's session or transaction control (SET, USE, COMMIT, LAST_INSERT_ID()). */
        SESSION,
        /** Sent to the backends as written: it touches no protected value. */
        BACKENDS,
        /** The backends select the rows (plain columns, blind-index equality); the driver seals or opens the protected values. */
        SHARES,
        /** The driver filters, sorts, groups or computes over decrypted rows: every candidate row is read and opened. */
        DRIVER
    }

    /** Where this plan's work happens; plans that touch no protected value leave the default. */
    default Work work() {
        return Work.BACKENDS;
    }
}
