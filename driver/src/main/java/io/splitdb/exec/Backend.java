package io.splitdb.exec;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.splitdb.policy.BackendConfig;
import io.splitdb.policy.SplitConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

/**
 * One of the three MySQL endpoints: a HikariCP pool, and whether it is down. A backend that failed
 * is skipped by every statement, instead of costing each a connect timeout, until {@link Recovery}
 * finds it answering again, has resolved its in-doubt transactions and repaired what it missed.
 */
public final class Backend implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Backend.class.getName());
    private final int index;
    private final String url;
    private final HikariDataSource pool;
    private volatile String home;
    private volatile boolean down;
    private volatile String downReason = "";

    Backend(int index, BackendConfig config, String defaultUser, String defaultPassword, SplitConfig.Options options) {
        this.index = index;
        this.url = config.url();
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
        if (options.statementTimeoutMillis() > 0) {
            // a backend that stops answering (hung, or cut off without a reset) counts as lost instead of stalling every statement
            hc.addDataSourceProperty("socketTimeout", String.valueOf(options.statementTimeoutMillis()));
        }
        hc.addDataSourceProperty("rewriteBatchedStatements", "true");
        hc.addDataSourceProperty("allowPublicKeyRetrieval", "true");
        hc.addDataSourceProperty("characterEncoding", "UTF-8");
        // Connector/J would otherwise ask the server for state the driver already knows: each
        // PreparedStatement.execute() of a write cost a SELECT @@session.transaction_read_only round
        // trip. Read-only sessions are enforced by the server (SessionSettings sets tx_read_only)
        // and refused by the driver before anything is written.
        if (config.url().startsWith("jdbc:mysql:")) {
            hc.addDataSourceProperty("useLocalSessionState", "true");
            hc.addDataSourceProperty("elideSetAutoCommits", "true");
            hc.addDataSourceProperty("maintainTimeStats", "false");
            hc.addDataSourceProperty("cacheServerConfiguration", "true");
            // the driver sends few distinct statement texts: parse each once per connection, not per execution
            hc.addDataSourceProperty("cachePrepStmts", "true");
            hc.addDataSourceProperty("prepStmtCacheSize", "500");
            hc.addDataSourceProperty("prepStmtCacheSqlLimit", "4096");
        }
        this.pool = new HikariDataSource(hc);
    }

    public int index() {
        return index;
    }

    /** The configured URL, for messages (it carries no password in the configuration format). */
    public String url() {
        return url;
    }

    /**
     * {@code table} in the database this backend's URL names, whatever database the session has
     * switched to ({@code USE}): where splitdb's own tables are.
     */
    public String own(String table) {
        return home == null ? table : "`" + home.replace("`", "``") + "`." + table;
    }

    /** The database the URL names, or null before a connection was made. */
    String home() {
        return home;
    }

    /** Remembers the database the URL names (read from a connection on which nothing was set). */
    void home(String database) {
        this.home = database;
    }

    /** False from a connection failure (or news that it missed writes) until {@link Recovery} brings it back. */
    public boolean isUp() {
        return !down;
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
        return closingWith(c, () -> discard(c));
    }

    /** {@code c} with {@code close()} doing {@code onClose} instead (nothing, for a transaction's own connection). */
    static Connection closingWith(Connection c, Runnable onClose) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        onClose.run();
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
        if (down) {
            throw new SQLTransientConnectionException("backend " + index + " (" + url + ") is down" + downReason
                    + "; it is probed again every few seconds", "08S01");
        }
        return probe();
    }

    /** Borrows a physical connection whether or not this backend is marked down (recovery, repair). */
    Connection probe() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (exhausted(e)) {
                // every connection is busy: the backend is fine, the application wants more than pool-size at once
                throw new SQLTransientException("all " + pool.getMaximumPoolSize() + " connections to backend " + index
                        + " are in use (options.pool-size); the statement waited " + pool.getConnectionTimeout() + " ms", "HYT00", e);
            }
            markDown();
            SQLTransientConnectionException down = new SQLTransientConnectionException(
                    "backend " + index + " (" + url + ") is unreachable: " + e.getMessage(), "08S01", e);
            throw down;
        }
    }

    /** True if the pool timed out because every connection was in use, not because the backend failed to connect. */
    private boolean exhausted(SQLException e) {
        var mx = pool.getHikariPoolMXBean();
        return e.getCause() == null && mx != null && mx.getActiveConnections() >= pool.getMaximumPoolSize();
    }

    /** Records a failure that looks like a lost connection: statements skip this backend until recovery brings it back. */
    public void markDown() {
        markDown("");
    }

    /** As {@link #markDown()}, saying why (for messages: "it missed writes and awaits repair"). */
    void markDown(String reason) {
        if (!down) {
            downReason = reason.isEmpty() ? "" : " (" + reason + ")";
            down = true;
            LOG.warning(this + " is marked down" + downReason + "; statements go on with the other two");
        }
    }

    /** Called by {@link Recovery} once this backend answers and holds every committed write. */
    void markUp() {
        if (down) {
            down = false;
            LOG.info(this + " is back in service");
        }
    }

    /** True if {@code e} means the backend, not the statement, failed. */
    public static boolean isConnectionFailure(SQLException e) {
        for (SQLException x = e; x != null; x = x.getCause() instanceof SQLException c ? c : null) {
            String state = x.getSQLState();
            if ("HYT00".equals(state)) {
                // every pooled connection busy: the backend is fine (the pool's own timeout, underneath, is not a lost connection)
                return false;
            }
            if (x instanceof SQLTransientConnectionException || x instanceof SQLNonTransientConnectionException
                    || (state != null && state.startsWith("08"))
                    // Connector/J's answer on a statement whose connection it closed after a network failure
                    || ("S1009".equals(state) && String.valueOf(x.getMessage()).contains("after statement closed"))) {
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
