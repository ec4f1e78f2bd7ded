package io.splitdb.exec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What lets one running statement be cancelled ({@code Statement.cancel()}, {@code KILL QUERY}
 * through the proxy) or time out ({@code Statement.setQueryTimeout}): the backend statements it
 * runs are registered here, and cancelling cancels each of them (Connector/J sends {@code KILL
 * QUERY} to that backend for a statement still running) and refuses to start more. A backend
 * answers a cancelled statement with error 1317 (SQLState 70100), which is a statement error, not
 * a lost backend: reads fail, and a write is rolled back as any failed statement is. Transaction
 * control (prepare, commit) is never registered, so a cancel cannot leave a commit half done.
 *
 * <p>Bound to the statement's thread while it runs; {@link Parallel} carries it to the fan-out
 * threads.
 */
public final class Cancellation {
    private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

    private final int timeoutSeconds;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /** @param timeoutSeconds each backend statement's query timeout, 0 for none */
    public Cancellation(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Binds this cancellation to the thread until the scope closes. */
    public BackendSessions.Scope bind() {
        Cancellation previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** The cancellation of the statement running on this thread, or null. */
    public static Cancellation current() {
        return CURRENT.get();
    }

    /** Cancels the backend statements running and refuses new ones. Never throws. */
    public void cancel() {
        cancelled = true;
        for (Statement s : running) {
            try {
                s.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // already finished or closed: nothing to stop
            }
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /**
     * {@code c} with every statement created on it registered with the thread's cancellation (and
     * given its timeout); {@code c} itself when none is bound. Closing the result closes {@code c}.
     */
    static Connection track(Connection c) {
        Cancellation scope = CURRENT.get();
        if (scope == null) {
            return c;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Statement s && (method.getName().equals("createStatement")
                            || method.getName().equals("prepareStatement") || method.getName().equals("prepareCall"))) {
                        scope.register(s);
                    }
                    return result;
                });
    }

    private void register(Statement s) throws SQLException {
        if (cancelled) {
            s.close();
            throw interrupted();
        }
        if (timeoutSeconds > 0) {
            s.setQueryTimeout(timeoutSeconds);
        }
        running.add(s);
        if (cancelled) {
            // cancel() ran between the check and the add: it may have missed this one
            s.close();
            throw interrupted();
        }
    }

    /** MySQL's answer to a statement stopped by KILL QUERY. */
    static SQLException interrupted() {
        return new SQLException("Query execution was interrupted", "70100", 1317);
    }

    /** The same, for a statement that failed because it was cancelled (Connector/J words it its own way). */
    public static SQLException interrupted(SQLException cause) {
        return new SQLException("Query execution was interrupted", "70100", 1317, cause);
    }
}
