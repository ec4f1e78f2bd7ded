package io.splitdb.exec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs one task per backend at once and waits for all of them. */
final class Parallel {

    private Parallel() {
    }

    /** Outcome of one task: a value or the failure. */
    record Outcome<T>(int backend, T value, SQLException error) {
        boolean failed() {
            return error != null;
        }
    }

    interface Task<T> {
        T call() throws SQLException;
    }

    /**
     * Runs the first backend's task on the calling thread and the others on {@code pool}: the
     * caller waits anyway, and one thread hand-off less per statement is measurable on a busy
     * client (see docs/benchmarks.md).
     */
    static <T> List<Outcome<T>> run(ExecutorService pool, List<Integer> backends, java.util.function.IntFunction<Task<T>> tasks) {
        List<Outcome<T>> outcomes = new ArrayList<>();
        if (backends.size() == 1) {
            int b = backends.get(0);
            outcomes.add(call(b, tasks.apply(b)));
            return outcomes;
        }
        List<Future<Outcome<T>>> futures = new ArrayList<>();
        Cancellation cancellation = Cancellation.current();  // the fan-out threads work for this thread's statement
        for (int i = 1; i < backends.size(); i++) {
            int b = backends.get(i);
            Task<T> task = tasks.apply(b);
            Callable<Outcome<T>> c = () -> {
                if (cancellation == null) {
                    return call(b, task);
                }
                try (BackendSessions.Scope bound = cancellation.bind()) {
                    return call(b, task);
                }
            };
            futures.add(pool.submit(c));
        }
        int first = backends.get(0);
        outcomes.add(call(first, tasks.apply(first)));
        for (int i = 0; i < futures.size(); i++) {
            int b = backends.get(i + 1);
            try {
                outcomes.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new Outcome<>(b, null, new SQLException("interrupted while waiting for backend " + b, "HY008", e)));
            } catch (ExecutionException e) {
                outcomes.add(new Outcome<>(b, null, new SQLException("backend " + b + " failed: " + e.getCause(), "HY000", e.getCause())));
            }
        }
        return outcomes;
    }

    private static <T> Outcome<T> call(int backend, Task<T> task) {
        try {
            return new Outcome<>(backend, task.call(), null);
        } catch (SQLException e) {
            return new Outcome<>(backend, null, e);
        } catch (RuntimeException e) {
            return new Outcome<>(backend, null, new SQLException("backend " + backend + ": " + e, "HY000", e));
        }
    }

    /**
     * The error to report for a set of outcomes: a statement error (a constraint, a syntax error)
     * says more than a lost connection, so it wins.
     */
    static SQLException firstError(List<? extends Outcome<?>> outcomes) {
        SQLException chosen = null;
        for (Outcome<?> o : outcomes) {
            if (o.failed() && (chosen == null || (Backend.isConnectionFailure(chosen) && !Backend.isConnectionFailure(o.error())))) {
                chosen = o.error();
            }
        }
        return chosen;
    }
}
