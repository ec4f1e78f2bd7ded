package io.splitdb.exec;

import io.splitdb.policy.SplitConfig;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The three backends of one split database, and the threads that talk to them in parallel. */
public final class Backends implements AutoCloseable {
    private final List<Backend> backends;
    private final ExecutorService fanOut;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Gate gate = new Gate();

    public Backends(SplitConfig config, String defaultUser, String defaultPassword) {
        List<Backend> list = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            list.add(new Backend(i, config.backends().get(i), defaultUser, defaultPassword, config.options()));
        }
        this.backends = List.copyOf(list);
        AtomicInteger n = new AtomicInteger();
        this.fanOut = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "splitdb-fanout-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Backend get(int index) {
        return backends.get(index);
    }

    public List<Backend> all() {
        return backends;
    }

    ExecutorService fanOut() {
        return fanOut;
    }

    /** What every transaction passes through, so recovery can bring a backend back between transactions. */
    Gate gate() {
        return gate;
    }

    /**
     * Counts the transactions in progress and can hold new ones back for a moment: a backend that
     * missed writes rejoins only when no transaction that began without it is still running (its
     * writes would otherwise be missing on the rejoined backend, recorded for nobody to repair).
     */
    static final class Gate {
        private static final long WAIT_MILLIS = 10_000;
        private int active;
        private boolean held;

        /** A transaction's passage; closing it twice is harmless. */
        interface Pass extends AutoCloseable {
            @Override
            void close();
        }

        /** Waits while recovery holds the gate (briefly), then counts one more transaction. */
        synchronized Pass enter() throws SQLException {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (held) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new java.sql.SQLTransientException("a backend is rejoining and transactions are paused for a moment; retry", "40001");
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting to begin a transaction", "HY008", e);
                }
            }
            active++;
            java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
            return () -> {
                if (open.compareAndSet(true, false)) {
                    leave();
                }
            };
        }

        private synchronized void leave() {
            active--;
            notifyAll();
        }

        /** Holds new transactions back and waits until none is running; false (and released) if that takes too long. */
        synchronized boolean hold(long millis) {
            held = true;
            long deadline = System.currentTimeMillis() + millis;
            while (active > 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    release();
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    release();
                    return false;
                }
            }
            return true;
        }

        synchronized void release() {
            held = false;
            notifyAll();
        }
    }

    /**
     * The order in which to try backends for a read that one backend can answer: up backends
     * first, rotating so reads spread over all three.
     */
    public List<Backend> readOrder() {
        int start = Math.floorMod(roundRobin.getAndIncrement(), 3);
        List<Backend> up = new ArrayList<>();
        List<Backend> down = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Backend b = backends.get((start + i) % 3);
            (b.isUp() ? up : down).add(b);
        }
        up.addAll(down);
        return up;
    }

    @Override
    public void close() {
        fanOut.shutdownNow();
        backends.forEach(Backend::close);
    }
}
