package io.splitdb.exec;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Carries a logical connection's session settings to the pooled backend connections its
 * statements borrow.
 *
 * <p>Why re-apply rather than pin: a logical connection holds no physical connection (reads pick
 * any two backends, fail over, and run in parallel; a pool of application connections would
 * otherwise hold three backend connections each while idle). So the settings live in the logical
 * connection, and {@link Backend#connection(SessionSettings)} brings each borrowed connection to
 * exactly those settings before the statement runs. What each physical connection currently
 * carries is remembered here, so the common case (the connection already carries them, or
 * nothing is set anywhere) costs nothing, and a change costs one SET statement. Because a
 * connection is always brought to the settings of whoever borrows it, including the empty
 * settings of a logical connection that set nothing and of the driver's own work (catalog,
 * metadata), no setting leaks from one logical connection to another through the pool.
 *
 * <p>The settings of the statement being run are bound to its thread ({@link #bind}); work fanned
 * out to other threads takes them along explicitly ({@link Reads#many}).
 */
public final class BackendSessions {
    private static final ThreadLocal<SessionSettings> CURRENT = ThreadLocal.withInitial(() -> SessionSettings.DEFAULT);
    /** What each physical (Connector/J) connection carries; absent means a fresh connection, {@link SessionSettings#DEFAULT}. */
    private static final Map<Connection, Applied> APPLIED = Collections.synchronizedMap(new WeakHashMap<>());

    private record Applied(SessionSettings settings, String homeDatabase, boolean mariaDb) {
    }

    /** Restores the thread's previous settings when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private BackendSessions() {
    }

    /** Binds {@code settings} to this thread until the scope closes. */
    public static Scope bind(SessionSettings settings) {
        SessionSettings previous = CURRENT.get();
        CURRENT.set(settings);
        return () -> CURRENT.set(previous);
    }

    /** The settings the statement running on this thread asked for. */
    public static SessionSettings current() {
        return CURRENT.get();
    }

    /** Brings a borrowed connection (a pool's proxy) to {@code wanted}. */
    static void bring(Connection pooled, SessionSettings wanted) throws SQLException {
        Connection physical = pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
        Applied applied = APPLIED.get(physical);
        if (applied == null) {
            if (wanted.isDefault()) {
                return;
            }
            applied = new Applied(SessionSettings.DEFAULT, physical.getCatalog(),
                    physical.getMetaData().getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb"));
        }
        if (applied.settings().equals(wanted)) {
            return;
        }
        // forget first: if applying fails halfway the connection's state is unknown, and the caller evicts it
        APPLIED.remove(physical);
        String database = wanted.database() != null ? wanted.database() : applied.homeDatabase();
        String current = applied.settings().database() != null ? applied.settings().database() : applied.homeDatabase();
        if (database != null && !database.equals(current)) {
            physical.setCatalog(database);
        }
        String set = wanted.setStatementFrom(applied.settings(), applied.mariaDb());
        if (set != null) {
            try (Statement s = physical.createStatement()) {
                s.execute(set);
            }
        }
        APPLIED.put(physical, new Applied(wanted, applied.homeDatabase(), applied.mariaDb()));
    }
}
