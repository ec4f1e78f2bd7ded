package io.splitdb.exec;

import java.sql.SQLException;
import java.util.List;

/**
 * A plan that can run many argument sets as one write (a JDBC batch): all rows sealed, then one
 * multi-row statement per backend per chunk, in one {@link WriteTransaction}.
 */
public interface BatchPlan extends Plan {

    /** True if {@link #executeBatch} applies to this plan. */
    boolean batchable();

    /**
     * Runs the plan once per argument set, all in one write transaction.
     *
     * @return one update count per set, and the generated keys of all sets in order
     * @throws NothingWritten if the write failed before anything was committed (the caller may then
     *                        run the sets one by one, to report each set's own outcome)
     * @throws SQLException   if a commit failed partway
     */
    BatchResult executeBatch(SplitDatabase db, List<Object[]> argSets) throws SQLException;

    /** The outcome of a batch: a count per argument set, and every generated key in order. */
    record BatchResult(long[] counts, long[] keys) {
    }

    /** A batch that failed and was rolled back on every backend before any commit. */
    final class NothingWritten extends SQLException {
        private static final long serialVersionUID = 1L;

        public NothingWritten(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }
}
