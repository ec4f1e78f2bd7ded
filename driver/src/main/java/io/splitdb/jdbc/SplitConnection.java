package io.splitdb.jdbc;

import io.splitdb.audit.AuditCapture;
import io.splitdb.audit.AuditEvent;
import io.splitdb.exec.Backend;
import io.splitdb.exec.BackendSessions;
import io.splitdb.exec.ExecResult;
import io.splitdb.exec.Reads;
import io.splitdb.exec.RowChanged;
import io.splitdb.exec.SessionSettings;
import io.splitdb.exec.Plan;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.Transaction;
import io.splitdb.sql.LiftedSql;
import io.splitdb.sql.LiteralLifter;
import io.splitdb.sql.Planner;
import io.splitdb.sql.Preparer;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A logical connection to a split database. In auto-commit it holds no physical connection of its
 * own: each statement borrows what it needs from the per-backend pools and gives it back, brought
 * to this connection's session settings (isolation, read-only, default database, SET variables:
 * see {@link Session} and {@link BackendSessions}). A transaction ({@code setAutoCommit(false)} or
 * {@code BEGIN}) holds one connection per backend from its first statement to its end
 * ({@link Transaction}).
 */
public final class SplitConnection extends JdbcWrapper implements Connection {
    /** Auto-commit runs of a statement whose rows keep changing under it (a busy row, or a re-encryption batch). */
    private static final int ROW_CHANGED_ATTEMPTS = 5;

    private final SplitDatabase db;
    private final String url;
    private final String user;
    private final Properties clientInfo = new Properties();
    private volatile boolean closed;
    private Integer serverIsolation;
    private final Session session = new Session(this);
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private int networkTimeout;
    private boolean autoCommit = true;
    /** BEGIN / START TRANSACTION in auto-commit: a transaction until COMMIT or ROLLBACK. */
    private boolean explicitBegin;
    private boolean transactionReadOnly;
    /** The open transaction, begun by the first statement that needs it; null in auto-commit. */
    private Transaction transaction;
    private int savepointIds;
    /** Audit events of the open transaction's writes: recorded when it commits, dropped when it rolls back. */
    private final List<AuditEvent> uncommittedAudit = new ArrayList<>();
    /** Audit events of a transaction a schema change committed, recorded with the next statement's. */
    private final List<AuditEvent> committedAudit = new ArrayList<>();

    SplitConnection(SplitDatabase db, String url, String user) {
        this.db = db;
        this.url = url;
        this.user = user;
    }

    /** Plans (or finds the plan of) and runs one statement. */
    ExecResult run(String sql, LiftedSql lifted, Object[] userValues) throws SQLException {
        checkOpen();
        StatementTraits traits = StatementTraits.ordinary(sql);
        if (traits == null) {
            TransactionStatement control = TransactionStatement.parse(sql);
            if (control != null) {
                control(control);
                return ExecResult.update(0);
            }
            ExecResult answered = session.answer(sql);
            if (answered != null) {
                return answered;
            }
            traits = StatementTraits.rememberOrdinary(sql);
        }
        Planner.Planned planned = prepare(sql, lifted);
        Object[] args = planned.slots().arguments(userValues);
        ExecResult result;
        AuditCapture capture = AuditCapture.begin();
        try (BackendSessions.Scope scope = BackendSessions.bind(statementSettings(traits.changesBackendSession()))) {
            result = executed(execute(planned.plan(), args));
        } finally {
            capture.close();
        }
        audited(lifted.sql(), capture);
        if (result.rows() != null) {
            session.found(FoundRows.requested(sql) ? FoundRows.count(this, sql, userValues) : result.rows().rows().size());
        }
        return result;
    }

    /**
     * Where the driver would do a statement's work, without running it: for {@code splitdb
     * check-sql}. Session statements ({@code SET}, {@code USE}) are applied to this connection's
     * session as running them would, so the statements after them are judged in the same session;
     * transaction control is recognised and not acted on. Nothing reaches a backend except reads
     * of splitdb's catalog.
     *
     * @throws SQLException what running the statement would fail with before it reached the
     *     backends: SQLState 0A000 where the driver fails closed
     */
    public Plan.Work check(String sql) throws SQLException {
        checkOpen();
        if (TransactionStatement.parse(sql) != null || session.answer(sql) != null) {
            return Plan.Work.SESSION;
        }
        return prepare(sql, LiteralLifter.lift(sql)).plan().work();
    }

    /**
     * Records what a statement did to protected data in the audit log: reads at once, writes when
     * their transaction commits (at once in auto-commit).
     *
     * @param shape the statement with its literals lifted out: the log never holds a value
     */
    void audited(String shape, AuditCapture capture) throws SQLException {
        if (!db.audit().enabled()) {
            return;
        }
        recordCommitted();  // a transaction a schema change committed
        AuditEvent event = AuditEvent.of(db.catalog(), shape, capture);
        if (event == null) {
            return;
        }
        if (!event.kind().equals("read") && transaction != null && !transaction.hasEnded()) {
            uncommittedAudit.add(event);
            return;
        }
        db.audit().record(who(), event);
    }

    private void recordCommitted() throws SQLException {
        List<AuditEvent> events = new ArrayList<>(committedAudit);
        committedAudit.clear();
        for (AuditEvent e : events) {
            db.audit().record(who(), e);
        }
    }

    /**
     * Who the audit log names: the JDBC client-info properties {@code ClientUser} and
     * {@code ClientHostname} where a middle tier set them for its end user (the proxy sets its
     * client's user and address), else the JDBC user and this host; and {@code ApplicationName}.
     */
    private io.splitdb.audit.AuditWho who() {
        String clientUser = clientInfo.getProperty("ClientUser", "");
        String clientHost = clientInfo.getProperty("ClientHostname", "");
        return db.audit().who(clientUser.isEmpty() ? auditUser() : clientUser, clientInfo.getProperty("ApplicationName", ""),
                clientHost.isEmpty() ? null : clientHost);
    }

    /** The JDBC user the application connected with, or else the configuration's backend user. */
    private String auditUser() {
        if (user != null && !user.isEmpty()) {
            return user;
        }
        String configured = db.config().backends().get(0).user();
        return configured == null ? "" : configured;
    }

    /** Notes what a statement run through this connection did that the session remembers (its generated keys). */
    ExecResult executed(ExecResult result) {
        session.executed(result);
        return result;
    }

    /**
     * The plan of one statement (from the cache by shape, or planned now). Planning runs outside
     * the session's settings: what it reads (the catalog) belongs to the configuration's database.
     */
    Planner.Planned prepare(String sql, LiftedSql lifted) throws SQLException {
        checkOpen();
        String other = session.settings().database();
        return other != null ? OtherDatabase.plan(db, sql, other) : Preparer.prepare(db, sql, lifted);
    }

    /**
     * Runs a plan in the open transaction, or in auto-commit (retried once if a backend was lost
     * before anything was written, and a few times if a row changed between its read and its write).
     */
    private ExecResult execute(Plan plan, Object[] args) throws SQLException {
        Transaction tx = openTransaction();
        if (tx == null) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return plan.execute(db, args);
                } catch (Transaction.BackendLost lost) {
                    // rolled back everywhere; the lost backend is now marked down, so the retry goes on with the other two
                    AuditCapture.restart();
                    return plan.execute(db, args);
                } catch (RowChanged raced) {
                    // nothing was written; MySQL would have waited for the row lock and updated the new row
                    if (attempt >= ROW_CHANGED_ATTEMPTS) {
                        throw raced;
                    }
                    AuditCapture.restart();
                }
            }
        }
        try (BackendSessions.Scope bound = tx.bind()) {
            return plan.execute(db, args);
        } finally {
            afterStatement();
        }
    }

    private SessionSettings statementSettings(boolean changesBackendSession) {
        SessionSettings s = session.forStatement(changesBackendSession);
        return transactionReadOnly ? s.withReadOnly(true) : s;
    }

    /** The open transaction, begun now if a transaction is wanted and none is open; null in auto-commit. */
    private Transaction openTransaction() throws SQLException {
        if (autoCommit && !explicitBegin) {
            return null;
        }
        if (transaction == null) {
            transaction = Transaction.begin(db);
        }
        return transaction;
    }

    /** A schema change commits the open transaction (as in MySQL): the next statement begins another. */
    private void afterStatement() {
        if (transaction != null && transaction.hasEnded()) {
            if (transaction.committed()) {
                committedAudit.addAll(uncommittedAudit);
            }
            uncommittedAudit.clear();
            transaction = null;
            if (explicitBegin) {
                explicitBegin = false;
                transactionReadOnly = false;
            }
        }
    }

    /**
     * Binds this connection's session settings (and its open transaction) to the thread for the
     * backend work of one statement (a batch of INSERTs).
     */
    BackendSessions.Scope bindSession() throws SQLException {
        BackendSessions.Scope settings = BackendSessions.bind(statementSettings(false));
        Transaction tx;
        try {
            tx = openTransaction();
        } catch (SQLException | RuntimeException e) {
            settings.close();
            throw e;
        }
        if (tx == null) {
            return settings;
        }
        BackendSessions.Scope bound = tx.bind();
        return () -> {
            bound.close();
            settings.close();
            afterStatement();
        };
    }

    private void control(TransactionStatement t) throws SQLException {
        switch (t.kind()) {
            case BEGIN -> {
                if (transaction != null) {
                    commit();  // MySQL: BEGIN commits the open transaction
                }
                explicitBegin = true;
                transactionReadOnly = t.readOnly();
            }
            case COMMIT -> commit();
            case ROLLBACK -> rollback();
            case SAVEPOINT -> {
                if (autoCommit && !explicitBegin) {
                    return;  // MySQL accepts it and forgets it at once
                }
                savepoint(t.savepoint());
            }
            case ROLLBACK_TO -> {
                if (transaction == null) {
                    throw new SQLException("SAVEPOINT " + t.savepoint() + " does not exist", "42000", 1305);
                }
                transaction.rollbackTo(t.savepoint());
            }
            case RELEASE -> {
                if (transaction == null) {
                    throw new SQLException("SAVEPOINT " + t.savepoint() + " does not exist", "42000", 1305);
                }
                transaction.release(t.savepoint());
            }
            case AUTOCOMMIT_ON -> setAutoCommit(true);
            case AUTOCOMMIT_OFF -> setAutoCommit(false);
            default -> throw new IllegalStateException(t.kind().toString());
        }
    }

    private void savepoint(String name) throws SQLException {
        try (BackendSessions.Scope scope = BackendSessions.bind(statementSettings(false))) {
            openTransaction().savepoint(name);
        }
    }

    /** The split database behind this connection: its backends, catalog and plan cache (for tools). */
    public SplitDatabase database() {
        return db;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("No operations allowed after connection closed.", "08003");
        }
    }

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new SplitStatement(this, ResultSet.TYPE_FORWARD_ONLY);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkConcurrency(resultSetConcurrency);
        checkOpen();
        return new SplitStatement(this, resultSetType);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return new SplitPreparedStatement(this, sql, ResultSet.TYPE_FORWARD_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkConcurrency(resultSetConcurrency);
        checkOpen();
        return new SplitPreparedStatement(this, sql, resultSetType);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    private static void checkConcurrency(int concurrency) throws SQLException {
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw Refusals.readOnlyResult();
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw Refusals.notSupported("stored procedure calls (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw Refusals.notSupported("stored procedure calls (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        throw Refusals.notSupported("stored procedure calls (prepareCall)");
    }

    @Override
    public String nativeSQL(String sql) {
        return sql;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (autoCommit && !this.autoCommit) {
            this.autoCommit = true;
            commit();  // JDBC: switching auto-commit on commits the open transaction
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    /** Commits the open transaction on every backend, atomically (see {@link Transaction#commit()}). */
    @Override
    public void commit() throws SQLException {
        checkOpen();
        Transaction tx = transaction;
        transaction = null;
        explicitBegin = false;
        transactionReadOnly = false;
        if (tx != null) {
            try {
                tx.commit();
            } catch (SQLException | RuntimeException e) {
                uncommittedAudit.clear();
                throw e;
            }
        }
        committedAudit.addAll(uncommittedAudit);
        uncommittedAudit.clear();
        recordCommitted();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        Transaction tx = transaction;
        transaction = null;
        explicitBegin = false;
        transactionReadOnly = false;
        uncommittedAudit.clear();
        if (tx != null) {
            tx.rollback();
        }
    }

    /** Closing with a transaction open rolls it back, as MySQL does when a client disconnects. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        uncommittedAudit.clear();
        try {
            recordCommitted();
        } catch (SQLException e) {
            // the connection closes anyway; under audit: required the log said why when it filled
        }
        if (transaction != null) {
            transaction.rollback();
            transaction = null;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return SplitDatabaseMetaData.create(this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        session.readOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return session.settings().readOnly();
    }

    /** As {@code USE catalog}: see {@link OtherDatabase} for when another database is accepted. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        if (catalog != null) {
            session.use(catalog);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return session.database();
    }

    /**
     * Kept by the connection and set on every backend connection its statements borrow, so
     * {@code SELECT @@transaction_isolation} agrees. Each statement still commits on its own.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        try {
            SessionSettings.levelName(level);
        } catch (IllegalArgumentException e) {
            throw new SQLException("Unsupported transaction isolation level " + level, "S1C00");
        }
        // the server's own default stays "nothing set", so the common case costs no SET on the backends
        session.isolation(level == serverIsolation() ? null : level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        Integer level = session.settings().isolation();
        return level != null ? level : serverIsolation();
    }

    /** The isolation level of a backend connection on which nothing was set (read once). */
    private int serverIsolation() throws SQLException {
        if (serverIsolation == null) {
            try (BackendSessions.Scope none = BackendSessions.bind(SessionSettings.DEFAULT)) {
                serverIsolation = Reads.one(db, (c, b) -> c.getTransactionIsolation());
            }
        }
        return serverIsolation;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() {
        return Map.of();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        throw Refusals.notSupported("type maps");
    }

    @Override
    public void setHoldability(int holdability) {
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() {
        return holdability;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        int id = ++savepointIds;
        return setSavepoint(new SplitSavepoint(id, null));
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        if (name == null || name.isEmpty()) {
            throw new SQLException("a savepoint needs a name", "S1009");
        }
        return setSavepoint(new SplitSavepoint(0, name));
    }

    private Savepoint setSavepoint(SplitSavepoint savepoint) throws SQLException {
        checkOpen();
        if (autoCommit && !explicitBegin) {
            throw new SQLException("Can't set savepoint when autocommit=true", "3B001");
        }
        savepoint(savepoint.backendName());
        return savepoint;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        if (transaction == null) {
            throw new SQLException("SAVEPOINT " + SplitSavepoint.of(savepoint).backendName() + " does not exist", "3B001", 1305);
        }
        transaction.rollbackTo(SplitSavepoint.of(savepoint).backendName());
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        if (transaction == null) {
            throw new SQLException("SAVEPOINT " + SplitSavepoint.of(savepoint).backendName() + " does not exist", "3B001", 1305);
        }
        transaction.release(SplitSavepoint.of(savepoint).backendName());
    }

    @Override
    public Clob createClob() throws SQLException {
        throw Refusals.notSupported("createClob");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw Refusals.notSupported("createBlob");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw Refusals.notSupported("createNClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw Refusals.notSupported("SQLXML");
    }

    @Override
    public boolean isValid(int timeout) {
        if (closed) {
            return false;
        }
        int up = 0;
        for (Backend b : db.backends().all()) {
            try (Connection c = b.connection()) {
                if (c.isValid(timeout)) {
                    up++;
                }
            } catch (SQLException e) {
                // counted as down
            }
            if (up >= 2) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        clientInfo.setProperty(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.putAll(properties);
    }

    @Override
    public String getClientInfo(String name) {
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() {
        return (Properties) clientInfo.clone();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw Refusals.notSupported("arrays");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw Refusals.notSupported("structs");
    }

    @Override
    public void setSchema(String schema) {
        // MySQL has no schemas apart from databases
    }

    @Override
    public String getSchema() {
        return null;
    }

    @Override
    public void abort(Executor executor) {
        close();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) {
        this.networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() {
        return networkTimeout;
    }
}
