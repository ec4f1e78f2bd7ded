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
}
