package io.splitdb.exec;

import io.splitdb.policy.SplitConfig;

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
