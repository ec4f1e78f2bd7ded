package io.splitdb.exec;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.splitdb.policy.BackendConfig;
import io.splitdb.policy.SplitConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the three MySQL endpoints: a HikariCP pool, and a memory of recent failure so that a
 * down backend is skipped and re-probed instead of costing every statement a connect timeout.
 */
public final class Backend implements AutoCloseable {
    private final int index;
    private final String url;
    private final HikariDataSource pool;
    private final long downRetryMillis;
    private final AtomicLong downUntil = new AtomicLong();

    Backend(int index, BackendConfig config, String defaultUser, String defaultPassword, SplitConfig.Options options) {
        this.index = index;
        this.url = config.url();
        this.downRetryMillis = options.downRetryMillis();
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("splitdb-backend-" + index);
        hc.setJdbcUrl(config.url());
        if (config.url().startsWith("jdbc:mysql:")) {
            // the bundled Connector/J, never whatever else answers jdbc:mysql: on the class path
            hc.setDriverClassName("com.mysql.cj.jdbc.Driver");
        }
        hc.setUsername(config.user() != null ? config.user() : defaultUser);
        hc.setPassword(config.password() != null ? config.password() : defaultPassword);
        hc.setMaximumPoolSize(options.poolSize());
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(Math.max(250, options.connectTimeoutMillis()));
        hc.setValidationTimeout(Math.max(250, Math.min(options.connectTimeoutMillis(), 5000)));
        // a backend that is down at start must not stop the driver: reads go on from the other two
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("connectTimeout", String.valueOf(options.connectTimeoutMillis()));
        hc.addDataSourceProperty("rewriteBatchedStatements", "true");
        hc.addDataSourceProperty("allowPublicKeyRetrieval", "true");
        hc.addDataSourceProperty("characterEncoding", "UTF-8");
        this.pool = new HikariDataSource(hc);
    }

    public int index() {
        return index;
    }

    /** The configured URL, for messages (it carries no password in the configuration format). */
    public String url() {
        return url;
    }

    /** False while a recent connection failure says this backend is down. */
    public boolean isUp() {
        return System.currentTimeMillis() >= downUntil.get();
    }

    /**
     * Borrows a physical connection carrying the session settings of the statement running on
     * this thread ({@link BackendSessions#current()}); marks the backend down if none can be had.
     */
    public Connection connection() throws SQLException {
        return connection(BackendSessions.current());
    }

    /** Borrows a physical connection and brings it to {@code settings} (see {@link BackendSessions}). */
    public Connection connection(SessionSettings settings) throws SQLException {
        Connection c = borrow();
        try {
            BackendSessions.bring(c, settings);
            return settings.discardAfterUse() ? discardedOnClose(c) : c;
        } catch (SQLException e) {
            discard(c);  // its session state is now unknown
            throw e;
        }
    }

    /**
     * Returns a borrowed connection that must serve no one else (statements ran on it outside
     * {@link BackendSessions}, so its session state is unknown): the pool closes it.
     */
    public void discard(Connection c) {
        pool.evictConnection(c);
        try {
            c.close();
        } catch (SQLException ignored) {
            // evicted anyway
        }
    }

    /** {@code c}, closed for good instead of returned to the pool when the statement closes it. */
    private Connection discardedOnClose(Connection c) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        discard(c);
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Connection borrow() throws SQLException {
        if (!isUp()) {
            throw new SQLTransientConnectionException("backend " + index + " (" + url + ") is down; retrying in a few seconds", "08S01");
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            markDown();
            SQLTransientConnectionException down = new SQLTransientConnectionException(
                    "backend " + index + " (" + url + ") is unreachable: " + e.getMessage(), "08S01", e);
            throw down;
        }
    }

    /** Records a failure that looks like a lost connection. */
    public void markDown() {
        downUntil.set(System.currentTimeMillis() + downRetryMillis);
    }

    public void markUp() {
        downUntil.set(0);
    }

    /** True if {@code e} means the backend, not the statement, failed. */
    public static boolean isConnectionFailure(SQLException e) {
        for (SQLException x = e; x != null; x = x.getCause() instanceof SQLException c ? c : null) {
            String state = x.getSQLState();
            if (x instanceof SQLTransientConnectionException || x instanceof SQLNonTransientConnectionException
                    || (state != null && state.startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "backend " + index + " (" + url + ")";
    }
}
