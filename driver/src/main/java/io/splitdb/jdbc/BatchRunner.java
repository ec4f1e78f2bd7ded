package io.splitdb.jdbc;

import io.splitdb.exec.BatchPlan;
import io.splitdb.exec.ExecResult;
import io.splitdb.sql.LiftedSql;
import io.splitdb.sql.Planner;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a JDBC batch. Consecutive statements of one shape whose plan can run many argument sets at
 * once (an INSERT into a table with protected columns) run as one write: every row sealed, one
 * multi-row INSERT per backend per chunk, one transaction, like Connector/J's
 * {@code rewriteBatchedStatements}. Everything else runs statement by statement.
 *
 * <p>Outcomes are those of Connector/J with default properties: one update count per statement;
 * on failure the other statements still run ({@code continueBatchOnError}), the failed ones count
 * {@link Statement#EXECUTE_FAILED}, and a {@link BatchUpdateException} carries all counts. A merged
 * write that fails is rolled back and its statements are run again one by one, so each reports
 * its own outcome and the table ends as plain MySQL would leave it.
 */
final class BatchRunner {

    /** One statement of a batch: its text, its lifted form and the application's parameter values. */
    record Item(String sql, LiftedSql lifted, Object[] values) {
    }

    /** Counts per statement and the keys generated, in order. */
    record Outcome(long[] counts, long[] keys) {
    }

    private BatchRunner() {
    }

    static Outcome run(SplitConnection connection, List<Item> items) throws SQLException {
        int n = items.size();
        long[] counts = new long[n];
        List<Long> keys = new ArrayList<>();
        SQLException failure = null;
        int i = 0;
        while (i < n) {
            int end = i + 1;
            Planner.Planned first = plan(connection, items.get(i));
            if (first != null && first.plan() instanceof BatchPlan batchable && batchable.batchable()) {
                List<Object[]> argSets = new ArrayList<>();
                argSets.add(first.slots().arguments(items.get(i).values()));
                while (end < n) {
                    Planner.Planned next = plan(connection, items.get(end));
                    if (next == null || next.plan() != batchable) {
                        break;
                    }
                    argSets.add(next.slots().arguments(items.get(end).values()));
                    end++;
                }
                if (argSets.size() > 1) {
                    try {
                        BatchPlan.BatchResult result;
                        io.splitdb.audit.AuditCapture capture = io.splitdb.audit.AuditCapture.begin();
                        try (io.splitdb.exec.BackendSessions.Scope scope = connection.bindSession()) {
                            result = batchable.executeBatch(connection.database(), argSets);
                        } finally {
                            capture.close();
                        }
                        // one entry for the merged statements: they share one shape
                        connection.audited(items.get(i).lifted().sql(), capture);
                        System.arraycopy(result.counts(), 0, counts, i, argSets.size());
                        Arrays.stream(result.keys()).forEach(keys::add);
                        lastStatementKeys(connection, result);
                        i = end;
                        continue;
                    } catch (BatchPlan.NothingWritten e) {
                        // rolled back everywhere: run the statements one by one below
                    } catch (SQLException e) {
                        // a commit failed partway: what was written is unknown, so stop here
                        throw new BatchUpdateException("the batch's write failed while committing on the backends; statements "
                                + (i + 1) + " to " + end + " may be partly written: " + e.getMessage(), e.getSQLState(),
                                e.getErrorCode(), Arrays.copyOf(counts, i), e);
                    }
                }
            }
            for (int k = i; k < end; k++) {
                try {
                    Item item = items.get(k);
                    ExecResult result = connection.run(item.sql(), item.lifted(), item.values());
                    if (result.rows() != null) {
                        throw new SQLException("Statement.executeUpdate() cannot issue statements that produce result sets.", "S1009");
                    }
                    counts[k] = result.updateCount();
                    Arrays.stream(result.generatedKeys()).forEach(keys::add);
                } catch (SQLException e) {
                    counts[k] = Statement.EXECUTE_FAILED;
                    failure = failure == null ? e : failure;
                }
            }
            i = end;
        }
        if (failure != null) {
            throw new BatchUpdateException(failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), counts, failure);
        }
        return new Outcome(counts, keys.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Tells the session the keys of the merged run's last statement, as LAST_INSERT_ID() reports
     * after the same statements run one by one: its rows' keys are the last ones generated when
     * every row generated one.
     */
    private static void lastStatementKeys(SplitConnection connection, BatchPlan.BatchResult result) {
        long[] k = result.keys();
        long[] c = result.counts();
        long rows = Arrays.stream(c).sum();
        if (k.length == 0 || k.length != rows || c[c.length - 1] <= 0) {
            connection.executed(ExecResult.update(0, k.length == 0 ? k : new long[] {k[k.length - 1]}));
            return;
        }
        connection.executed(ExecResult.update(0, Arrays.copyOfRange(k, (int) (k.length - c[c.length - 1]), k.length)));
    }

    /** The statement's plan, or null if planning fails (running it alone then reports the error). */
    private static Planner.Planned plan(SplitConnection connection, Item item) {
        try {
            return connection.prepare(item.sql(), item.lifted());
        } catch (SQLException e) {
            return null;
        }
    }
}
