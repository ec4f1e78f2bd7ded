package io.splitdb.audit;

import io.splitdb.crypto.Keyring;
import io.splitdb.exec.Backend;
import io.splitdb.exec.Backends;
import io.splitdb.exec.SessionSettings;
import io.splitdb.policy.SplitConfig;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit log of one driver instance: statements' events are chained at once (so the order is
 * the order they finished in) and written to the three backends in the background, in batches of
 * multi-row INSERTs, each backend on its own: a statement never waits for three writes.
 *
 * <p>An entry is <em>durable</em> once two backends hold it. At most {@code options.audit-buffer}
 * entries may wait to be; past that {@code audit: required} refuses statements on protected data
 * (SQLState HY000) until the log catches up, and {@code best-effort} drops entries with a warning.
 * A backend that is down gets its backlog when it is back (up to {@link #MAX_BACKLOG} entries;
 * older ones are dropped for it and {@code splitdb audit verify} reports them missing there).
 */
public final class AuditLog implements AutoCloseable {
    /** Entries written per INSERT. */
    static final int BATCH = 500;
    /** How often the writer looks for entries. */
    static final long FLUSH_MILLIS = 200;
    static final int MAX_BACKLOG = 100_000;
    /** How long {@code required} waits for room before refusing a statement. */
    static final long WAIT_MILLIS = 5_000;

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    private final SplitConfig.Audit mode;
    /** {@code options.audit-buffer}: entries that may wait to be on two backends. */
    private final int maxUndurable;
    private final Backends backends;
    private final AuditChain chain;
    private final String host;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Pending>[] backlog = new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()};
    private final boolean[] failing = new boolean[3];
    private int undurable;
    private long dropped;
    private AuditEntry last;
    private boolean closeStarted;
    private boolean closing;
    private final Thread writer;
    private final Thread shutdownHook;

    /** An entry and how many backends hold it. */
    private static final class Pending {
        final AuditEntry entry;
        int copies;

        Pending(AuditEntry entry) {
            this.entry = entry;
        }
    }

    private AuditLog(SplitConfig.Audit mode, int maxUndurable, Backends backends, Keyring keys, String name) {
        this.mode = mode;
        this.maxUndurable = maxUndurable;
        this.backends = backends;
        this.chain = mode == SplitConfig.Audit.OFF ? null : new AuditChain(keys);
        this.host = localHost();
        if (chain == null) {
            writer = null;
            shutdownHook = null;
            return;
        }
        writer = new Thread(this::writeLoop, "splitdb-audit-" + name);
        writer.setDaemon(true);
        writer.start();
        // a JVM that exits without closing the driver still writes what it buffered
        shutdownHook = new Thread(this::close, "splitdb-audit-exit-" + name);
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // nothing to add it to
        }
    }

    /** Starts the log of a driver instance and writes its stream's {@code open} marker. */
    public static AuditLog start(SplitConfig config, Backends backends, Keyring keys, String name) throws SQLException {
        AuditLog log = new AuditLog(config.options().audit(), config.options().auditBuffer(), backends, keys, name);
        log.marker("open", "driver opened " + config.source());
        return log;
    }

    /** Whether anything is recorded. */
    public boolean enabled() {
        return chain != null;
    }

    /** The stream this driver instance writes (null when off). */
    public String stream() {
        return chain == null ? null : chain.stream();
    }

    /** Who is connected: {@code user}, the application name, and this host. */
    public AuditWho who(String user, String app) {
        return new AuditWho(user, app, host);
    }

    /** Who is connected: {@code user}, the application name, and {@code clientHost} (this host when null). */
    public AuditWho who(String user, String app, String clientHost) {
        return new AuditWho(user, app, clientHost == null ? host : clientHost);
    }

    /** Chains an event and queues it for the backends. */
    public void record(AuditWho who, AuditEvent event) throws SQLException {
        if (chain == null || event == null) {
            return;
        }
        synchronized (this) {
            if (closing) {
                // the close marker is written and the chain key wiped: nothing may follow it
                if (mode == SplitConfig.Audit.REQUIRED) {
                    throw new SQLException("the split database is closing: its audit log takes no more entries", "08003");
                }
                return;
            }
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            while (undurable >= maxUndurable && !closing) {
                if (mode == SplitConfig.Audit.BEST_EFFORT) {
                    if (dropped++ % 1000 == 0) {
                        LOG.warning("audit log cannot keep up (two backends must take its entries); " + dropped + " entries dropped so far");
                    }
                    return;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new SQLException("the audit log cannot be written to two backends (" + maxUndurable + " entries wait), "
                            + "and options.audit is 'required': statements on protected columns fail until it catches up", "HY000");
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for the audit log", "HY008", e);
                }
            }
            Pending p = new Pending(chain.append(System.currentTimeMillis(), who, event));
            last = p.entry;
            for (ArrayDeque<Pending> q : backlog) {
                q.add(p);
            }
            undurable++;
            if (undurable % BATCH == 0) {
                notifyAll();
            }
        }
    }

    /**
     * Writes everything queued to every backend in service now, and returns when done or after
     * {@code timeoutMillis} (for tests and tools that read the log next).
     */
    public void flush(long timeoutMillis) {
        if (chain == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (this) {
            notifyAll();
            while (pendingOnLiveBackends() && System.currentTimeMillis() < deadline) {
                try {
                    wait(Math.max(1, Math.min(50, deadline - System.currentTimeMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean pendingOnLiveBackends() {
        for (int b = 0; b < 3; b++) {
            if (!backlog[b].isEmpty() && backends.get(b).isUp() && !failing[b]) {
                return true;
            }
        }
        return false;
    }

    private void marker(String kind, String what) throws SQLException {
        record(new AuditWho("", "", host), new AuditEvent(kind, "", "", what, 0, ""));
    }

    private void writeLoop() {
        while (true) {
            boolean last;
            synchronized (this) {
                // woken early by every BATCH-th entry; a backend that fails is retried at this pace, not in a busy loop
                if (!closing) {
                    try {
                        wait(FLUSH_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                last = closing;
            }
            boolean wroteAll = true;
            for (int b = 0; b < 3; b++) {
                wroteAll &= writeBackend(b);
            }
            if (last && (wroteAll || !pendingOnLiveBackends())) {
                return;
            }
        }
    }

    /** Writes backend {@code b}'s backlog in batches; false if some is left (backend down or failing). */
    private boolean writeBackend(int b) {
        Backend backend = backends.get(b);
        while (true) {
            List<Pending> batch = new ArrayList<>();
            synchronized (this) {
                backlog[b].stream().limit(BATCH).forEach(batch::add);
            }
            if (batch.isEmpty()) {
                return true;
            }
            if (!backend.isUp()) {
                trim(b);
                return false;
            }
            try (Connection c = backend.connection(SessionSettings.DEFAULT)) {
                AuditTable.insert(c, backend.own(AuditTable.TABLE), batch.stream().map(p -> p.entry).toList());
            } catch (SQLException e) {
                synchronized (this) {
                    if (!failing[b]) {
                        LOG.log(Level.WARNING, "audit entries cannot be written to " + backend + " (kept for a retry): " + e.getMessage());
                    }
                    failing[b] = true;
                    notifyAll();
                }
                trim(b);
                return false;
            }
            synchronized (this) {
                failing[b] = false;
                for (Pending p : batch) {
                    backlog[b].poll();
                    if (++p.copies == 2) {
                        undurable--;
                    }
                }
                notifyAll();
            }
        }
    }

    /** Drops the oldest entries of a backend's backlog past {@link #MAX_BACKLOG} (they are on the others). */
    private synchronized void trim(int b) {
        int over = backlog[b].size() - MAX_BACKLOG;
        if (over > 0) {
            LOG.warning("audit: backend " + b + " has been unavailable for " + MAX_BACKLOG + " entries; the oldest " + over
                    + " will be missing there");
            for (int i = 0; i < over; i++) {
                backlog[b].poll();
            }
        }
    }

    /**
     * Writes the stream's {@code close} marker and what is queued (waiting up to 10 s for
     * backends in service), then stops the writer. Entries a down backend never got are logged.
     */
    @Override
    public void close() {
        if (chain == null) {
            return;
        }
        synchronized (this) {
            if (closeStarted) {
                return;  // the shutdown hook and an explicit close
            }
            closeStarted = true;
        }
        try {
            marker("close", "driver closed");
        } catch (SQLException e) {
            LOG.warning("audit: the close marker could not be queued: " + e.getMessage());
        }
        AuditEntry head;
        synchronized (this) {
            closing = true;
            head = last;
            notifyAll();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exiting) {
                // already running
            }
        }
        synchronized (this) {
            for (int b = 0; b < 3; b++) {
                if (!backlog[b].isEmpty()) {
                    LOG.warning("audit: " + backlog[b].size() + " entries of stream " + chain.stream() + " were not written to backend " + b);
                }
            }
        }
        if (head != null) {
            // an anchor outside the backends: the stream's last seq and hash, to compare with what audit verify finds
            LOG.info("audit stream " + head.stream() + " closed at seq " + head.seq() + ", hash " + head.shortHash());
        }
        chain.destroy();
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
