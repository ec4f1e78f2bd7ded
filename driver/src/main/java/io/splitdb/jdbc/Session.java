package io.splitdb.jdbc;

import io.splitdb.exec.BackendSessions;
import io.splitdb.exec.ExecResult;
import io.splitdb.exec.Reads;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;
import io.splitdb.exec.SessionSettings;
import io.splitdb.types.LogicalType;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session of one logical connection: statements about the session itself are answered here,
 * and the settings they make are kept here ({@link SessionSettings}) and carried to every backend
 * connection a statement of this connection borrows (see {@link BackendSessions} for why the
 * driver re-applies them rather than pinning backend connections; {@link SetStatement} for what
 * SET accepts). Session-scoped backend state that cannot follow the connection from one backend
 * connection to the next (LOCK TABLES, temporary tables) fails closed with SQLState 0A000.
 */
final class Session {
    private static final Pattern COMMENTS = Pattern.compile("(?s)^(\\s|/\\*.*?\\*/|(--|#)[^\\n]*\\n)*");
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+(.*?)\\s*;?\\s*");
    private static final Pattern USE = Pattern.compile("(?is)USE\\s+`?([^`\\s;]+)`?\\s*;?\\s*");
    private static final Pattern FOUND_ROWS = Pattern.compile("(?is)SELECT\\s+FOUND_ROWS\\s*\\(\\s*\\)(\\s+(AS\\s+)?(`[^`]+`|\\w+))?\\s*;?\\s*");
    private static final Pattern LAST_INSERT_ID = Pattern.compile(
            "(?is)SELECT\\s+(LAST_INSERT_ID\\s*\\(\\s*\\)|@@IDENTITY|@@LAST_INSERT_ID)(\\s+(AS\\s+)?(`[^`]+`|\\w+))?\\s*;?\\s*");
    private static final LogicalType BIGINT = bigint();

    private final SplitConnection connection;
    private long lastInsertId;
    private long foundRows;
    /**
     * Statements after which a backend connection carries session state the driver does not know
     * (user variables assigned inside a statement, procedures, named locks, server-side prepared
     * statements): their connections are discarded after the statement.
     */
    private static final Pattern CHANGES_BACKEND_SESSION = Pattern.compile(
            "(?is):=|\\bINTO\\s+@|\\A\\s*(?:/\\*.*?\\*/\\s*)*(?:CALL|PREPARE|EXECUTE|DEALLOCATE)\\b|\\b(?:GET_LOCK|RELEASE_LOCK|RELEASE_ALL_LOCKS)\\s*\\(");
    /** Session state a backend connection would keep and the next statement, on another connection, would not see. */
    private static final Pattern SESSION_SCOPED = Pattern.compile(
            "(?is)\\s*(LOCK\\s+TABLES?|CREATE\\s+(OR\\s+REPLACE\\s+)?TEMPORARY\\s+TABLE|HANDLER)\\b.*");
    /**
     * ALTER TABLE t DISABLE KEYS / ENABLE KEYS, which dumps wrap around each table's rows: a MyISAM
     * option InnoDB ignores (MySQL answers with a note), so there is nothing to do.
     */
    private static final Pattern TOGGLE_KEYS = Pattern.compile("(?is)\\s*ALTER\\s+TABLE\\s+[`\"]?[\\w$.`\"]+\\s+(?:DISABLE|ENABLE)\\s+KEYS\\s*;?\\s*");
    /** KILL [CONNECTION | QUERY] id: a thread id names a connection on one server. */
    private static final Pattern KILL = Pattern.compile("(?is)\\s*KILL\\b.*");
    /** UNLOCK TABLES: LOCK TABLES is refused, so a session never holds table locks and there is nothing to release. */
    private static final Pattern UNLOCK_TABLES = Pattern.compile("(?is)\\s*UNLOCK\\s+TABLES?\\s*;?\\s*");
    private volatile SessionSettings settings = SessionSettings.DEFAULT;
    /** The settings of a SET TRANSACTION without SESSION: for the next statement only, as for MySQL's next transaction. */
    private SessionSettings once;
    private String home;

    Session(SplitConnection connection) {
        this.connection = connection;
    }

    /** What every backend connection this connection's statements borrow must carry. */
    SessionSettings settings() {
        return settings;
    }

    /**
     * The settings for running {@code sql} on the backends: this session's, or those of a
     * preceding SET TRANSACTION (used up by this statement); discarding the backend connections
     * afterwards if the statement changes their session state itself.
     */
    SessionSettings forStatement(boolean changesBackendSession) {
        SessionSettings s = once != null ? once : settings;
        once = null;
        return changesBackendSession ? s.discardingAfterUse() : s;
    }

    /** True if the statement leaves state in the backend connection's session that the next statement would not find. */
    static boolean changesBackendSession(String sql) {
        return CHANGES_BACKEND_SESSION.matcher(sql).find();
    }

    void isolation(Integer level) {
        settings = settings.withIsolation(level);
    }

    void readOnly(boolean on) {
        settings = settings.withReadOnly(on);
    }

    /** The database the backend URLs name (read once). */
    String home() throws SQLException {
        if (home == null) {
            try (BackendSessions.Scope none = BackendSessions.bind(SessionSettings.DEFAULT)) {
                home = Reads.one(connection.database(), (c, b) -> c.getCatalog());
            }
        }
        return home;
    }

    /** The connection's default database: the one the backend URLs name, or the one USE chose. */
    String database() throws SQLException {
        return settings.database() != null ? settings.database() : home();
    }

    /** {@code USE name} / {@code setCatalog(name)}: see {@link OtherDatabase#check}. */
    void use(String name) throws SQLException {
        if (name.equals(home())) {
            settings = settings.withDatabase(null);
            return;
        }
        OtherDatabase.check(connection.database(), name);
        settings = settings.withDatabase(name);
    }

    /** Remembers the first key the statement generated, as LAST_INSERT_ID() does. */
    void executed(ExecResult result) {
        long[] keys = result.generatedKeys();
        if (keys != null && keys.length > 0) {
            lastInsertId = keys[0];
        }
    }

    /** Remembers what FOUND_ROWS() returns after the last SELECT. */
    void found(long rows) {
        foundRows = rows;
    }

    /** The answer to a statement about the session, or null if it is not one. */
    ExecResult answer(String sql) throws SQLException {
        String text = COMMENTS.matcher(sql).replaceFirst("");
        Matcher m = LAST_INSERT_ID.matcher(text);
        if (m.matches()) {
            String label = m.group(4) != null ? m.group(4).replace("`", "") : m.group(1).replaceAll("\\s+", "");
            ResultColumn column = new ResultColumn(label, label, "", BIGINT, ResultSetMetaData.columnNoNulls, false);
            return ExecResult.query(new RowSet(List.of(column), List.<Object[]>of(new Object[] {lastInsertId})));
        }
        m = FOUND_ROWS.matcher(text);
        if (m.matches()) {
            String label = m.group(3) != null ? m.group(3).replace("`", "") : "FOUND_ROWS()";
            ResultColumn column = new ResultColumn(label, label, "", BIGINT, ResultSetMetaData.columnNoNulls, false);
            return ExecResult.query(new RowSet(List.of(column), List.<Object[]>of(new Object[] {foundRows})));
        }
        m = USE.matcher(text);
        if (m.matches()) {
            use(m.group(1));
            return ExecResult.update(0);
        }
        m = SET.matcher(text);
        if (m.matches() && !text.toUpperCase(Locale.ROOT).startsWith("SET PASSWORD")) {
            SessionSettings nextOnly = SetStatement.nextTransaction(settings, m.group(1));
            if (nextOnly != null) {
                once = nextOnly;  // without SESSION it sets the next transaction only: with auto-commit, the next statement
            } else {
                settings = SetStatement.apply(connection.database(), settings, m.group(1));
            }
            return ExecResult.update(0);
        }
        if (TOGGLE_KEYS.matcher(ExecutableComments.unwrap(sql)).matches()) {
            return ExecResult.update(0);
        }
        if (UNLOCK_TABLES.matcher(text).matches()) {
            return ExecResult.update(0); // as MySQL answers it without locks (mysqldump --single-transaction sends it)
        }
        if (KILL.matcher(text).matches()) {
            // run on all three backends it would end whichever connection has that id there: another
            // application's, or one of the driver's own pooled connections
            throw refused("KILL: a thread id names a connection on one backend, and this connection's statements run on pooled "
                    + "connections of all three (through splitdb proxy, KILL CONNECTION takes the proxy's own session ids)");
        }
        if (SESSION_SCOPED.matcher(text).matches()) {
            throw refused(fragmentKeyword(text) + " ...: each statement may run on another pooled backend connection, so session-scoped locks, temporary tables "
                    + "and handlers would not last to the next statement");
        }
        return null;
    }

    /** The statement's first words (never its values), for messages. */
    private static String fragmentKeyword(String text) {
        String[] words = text.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.asList(words).subList(0, Math.min(3, words.length)));
    }

    private static SQLFeatureNotSupportedException refused(String what) {
        return new SQLFeatureNotSupportedException("splitdb does not support " + what, "0A000");
    }

    private static LogicalType bigint() {
        try {
            return LogicalType.parse("BIGINT");
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
