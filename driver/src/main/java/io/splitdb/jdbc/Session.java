package io.splitdb.jdbc;

import io.splitdb.exec.Backend;
import io.splitdb.exec.BackendSessions;
import io.splitdb.exec.ExecResult;
import io.splitdb.exec.Reads;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;
import io.splitdb.exec.SessionSettings;
import io.splitdb.types.LogicalType;

import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session of one logical connection: statements about the session itself are answered here,
 * and the settings they make are kept here ({@link SessionSettings}) and carried to every backend
 * connection a statement of this connection borrows (see {@link BackendSessions} for why the
 * driver re-applies them rather than pinning backend connections). Settings the driver cannot
 * honour fail closed with SQLState 0A000 naming the variable: transactions across statements,
 * GLOBAL settings, client character sets other than utf8, and the variables that change what the
 * driver itself computes ({@link #DRIVER_COMPUTES}).
 */
final class Session {
    private static final Pattern COMMENTS = Pattern.compile("(?s)^(\\s|/\\*.*?\\*/|(--|#)[^\\n]*\\n)*");
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+(.*?)\\s*;?\\s*");
    private static final Pattern USE = Pattern.compile("(?is)USE\\s+`?([^`\\s;]+)`?\\s*;?\\s*");
    private static final Pattern FOUND_ROWS = Pattern.compile("(?is)SELECT\\s+FOUND_ROWS\\s*\\(\\s*\\)(\\s+(AS\\s+)?(`[^`]+`|\\w+))?\\s*;?\\s*");
    private static final Pattern LAST_INSERT_ID = Pattern.compile(
            "(?is)SELECT\\s+(LAST_INSERT_ID\\s*\\(\\s*\\)|@@IDENTITY|@@LAST_INSERT_ID)(\\s+(AS\\s+)?(`[^`]+`|\\w+))?\\s*;?\\s*");
    private static final Pattern TRANSACTION = Pattern.compile(
            "(?is)(SESSION\\s+|LOCAL\\s+)?TRANSACTION\\s+(ISOLATION\\s+LEVEL\\s+(READ\\s+UNCOMMITTED|READ\\s+COMMITTED|REPEATABLE\\s+READ|SERIALIZABLE)"
                    + "|READ\\s+ONLY|READ\\s+WRITE)(\\s*,\\s*(ISOLATION\\s+LEVEL\\s+(READ\\s+UNCOMMITTED|READ\\s+COMMITTED|REPEATABLE\\s+READ|SERIALIZABLE)"
                    + "|READ\\s+ONLY|READ\\s+WRITE))?");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?is)(@@session\\.|@@local\\.|@@|SESSION\\s+|LOCAL\\s+)?(@?[\\w$.]+)\\s*(=|:=)\\s*(.+)");
    private static final Pattern NAMES = Pattern.compile("(?is)(NAMES|CHARACTER\\s+SET|CHARSET)\\s+'?\"?(\\w+)'?\"?(\\s+COLLATE\\s+.*)?");
    /** What a user variable may be set to: a literal, the same on every backend each time it is applied. */
    private static final Pattern LITERAL = Pattern.compile(
            "(?is)[-+]?[0-9]+(\\.[0-9]*)?(e[-+]?[0-9]+)?|'([^'\\\\]|''|\\\\.)*'|\"([^\"\\\\]|\"\"|\\\\.)*\"|NULL|TRUE|FALSE|x'[0-9a-f]*'|0x[0-9a-f]+");
    /**
     * Session variables that change results the driver computes itself (on decrypted rows, with
     * MySQL's defaults) or the rows of its own reads: setting them on the backends alone would make
     * the two disagree, so they fail closed.
     */
    private static final Map<String, String> DRIVER_COMPUTES = Map.of(
            "div_precision_increment", "the driver evaluates division over protected values itself with MySQL's default of 4",
            "lc_time_names", "the driver formats dates of protected values itself, in English",
            "collation_connection", "the driver compares protected text by each column's collation",
            "sql_select_limit", "it limits the rows of the driver's own reads of protected columns",
            "insert_id", "AUTO_INCREMENT keys come from the leader backend and are written to the others",
            "last_insert_id", "LAST_INSERT_ID() is answered by the connection",
            "identity", "LAST_INSERT_ID() is answered by the connection");
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
            "(?is).*(:=|\\bINTO\\s+@|^\\s*(/\\*.*?\\*/\\s*)*(CALL|PREPARE|EXECUTE|DEALLOCATE)\\b|\\b(GET_LOCK|RELEASE_LOCK|RELEASE_ALL_LOCKS)\\s*\\().*");
    /** Session state a backend connection would keep and the next statement, on another connection, would not see. */
    private static final Pattern SESSION_SCOPED = Pattern.compile(
            "(?is)\\s*(LOCK\\s+TABLES?|UNLOCK\\s+TABLES?|CREATE\\s+(OR\\s+REPLACE\\s+)?TEMPORARY\\s+TABLE|HANDLER)\\b.*");
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
    SessionSettings forStatement(String sql) {
        SessionSettings s = once != null ? once : settings;
        once = null;
        return sql != null && CHANGES_BACKEND_SESSION.matcher(sql).matches() ? s.discardingAfterUse() : s;
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
            Matcher t = TRANSACTION.matcher(m.group(1));
            if (t.matches() && t.group(1) == null) {
                // without SESSION it sets the next transaction only: with auto-commit, the next statement
                SessionSettings next = transaction(settings, t.group(2));
                once = t.group(5) != null ? transaction(next, t.group(5)) : next;
                return ExecResult.update(0);
            }
            set(t.matches() ? List.of(m.group(1)) : splitAssignments(m.group(1)));
            return ExecResult.update(0);
        }
        if (SESSION_SCOPED.matcher(text).matches()) {
            throw refused(fragmentKeyword(text) + " ...: each statement may run on another pooled backend connection, so session-scoped locks, temporary tables "
                    + "and handlers would not last to the next statement");
        }
        return null;
    }

    /** Applies every assignment of one SET, or none of them if one is refused or a backend rejects it. */
    private void set(List<String> parts) throws SQLException {
        SessionSettings next = settings;
        for (String part : parts) {
            next = set(next, part.trim());
        }
        if (!next.equals(settings)) {
            settings = check(next);
        }
    }

    private SessionSettings set(SessionSettings s, String part) throws SQLException {
        Matcher t = TRANSACTION.matcher(part);
        if (t.matches()) {
            s = transaction(s, t.group(2));
            return t.group(5) != null ? transaction(s, t.group(5)) : s;
        }
        if (part.toUpperCase(Locale.ROOT).startsWith("GLOBAL") || part.toUpperCase(Locale.ROOT).startsWith("@@GLOBAL")) {
            throw refused("a GLOBAL setting (" + part + "): change the backends' configuration instead");
        }
        Matcher n = NAMES.matcher(part);
        if (n.matches()) {
            charset(n.group(2), part);
            return s;
        }
        Matcher a = ASSIGNMENT.matcher(part);
        if (!a.matches()) {
            throw refused("SET " + part);
        }
        String name = a.group(2).toLowerCase(Locale.ROOT);
        String valueSql = a.group(4).trim();
        String value = valueSql.replaceAll("^['\"]|['\"]$", "");
        if (valueSql.equalsIgnoreCase("DEFAULT") || (name.startsWith("@") && valueSql.equalsIgnoreCase("NULL"))) {
            return s.withoutVariable(name);
        }
        if (name.startsWith("@")) {
            if (!LITERAL.matcher(valueSql).matches()) {
                throw refused("SET " + a.group(2) + " to an expression: the driver re-applies user variables on each pooled backend "
                        + "connection a statement borrows, so it keeps literal values only");
            }
            return s.withVariable(name, valueSql);
        }
        switch (name) {
            case "autocommit":
                if (value.equals("1") || value.equalsIgnoreCase("ON") || value.equalsIgnoreCase("TRUE")) {
                    return s;
                }
                throw new SQLFeatureNotSupportedException("splitdb does not support transactions across statements yet "
                        + "(SET autocommit = " + value + "); every statement commits on its own", "0A000");
            case "tx_isolation": case "transaction_isolation":
                return transaction(s, "ISOLATION LEVEL " + value.replace('-', ' '));
            case "tx_read_only": case "transaction_read_only":
                return s.withReadOnly(value.equals("1") || value.equalsIgnoreCase("ON") || value.equalsIgnoreCase("TRUE"));
            case "character_set_client": case "character_set_results": case "character_set_connection":
                charset(value, part);
                return s;
            case "sql_select_limit":
                if (value.equalsIgnoreCase("DEFAULT")) {
                    return s;
                }
                break;
            default:
                if (!DRIVER_COMPUTES.containsKey(name)) {
                    return s.withVariable(name, valueSql);
                }
                break;
        }
        throw refused("the session variable " + a.group(2) + " ("
                + DRIVER_COMPUTES.getOrDefault(name, "it limits the rows of the driver's own reads of protected columns") + ")");
    }

    /**
     * Applies new settings on every backend that is up before the connection adopts them, so an
     * unknown variable or a bad value fails the SET with the server's own error, and refuses an
     * sql_mode that changes how the driver's own SQL is read.
     *
     * @return the settings to adopt: {@code next} with every value given as an expression
     *         replaced by its value (see {@link #evaluated})
     */
    private SessionSettings check(SessionSettings next) throws SQLException {
        SessionSettings adopted = evaluated(next);
        boolean answered = false;
        for (Backend b : connection.database().backends().all()) {
            if (!b.isUp()) {
                continue;
            }
            try (Connection c = b.connection(adopted)) {
                answered = true;
                if (adopted.variables().containsKey("sql_mode")) {
                    try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
                        rs.next();
                        String mode = "," + String.valueOf(rs.getString(1)).toUpperCase(Locale.ROOT) + ",";
                        for (String flag : List.of("ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "PIPES_AS_CONCAT")) {
                            if (mode.contains("," + flag + ",")) {
                                throw refused("sql_mode " + flag + ": it changes how the SQL the driver writes and evaluates is read");
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                if (!Backend.isConnectionFailure(e)) {
                    throw e;
                }
                b.markDown();  // the settings reach it with the next statement that borrows there
            }
        }
        if (!answered) {
            throw new java.sql.SQLTransientConnectionException("cannot apply SET: no backend answered", "08S01");
        }
        return adopted;
    }

    /**
     * Replaces each system variable value given as an expression ({@code CONCAT(@@sql_mode, ',X')})
     * by what a backend computes for it in this session's current state, as MySQL would at the
     * SET, so that re-applying it later on any backend connection gives the same value.
     */
    private SessionSettings evaluated(SessionSettings next) throws SQLException {
        List<String> expressions = new java.util.ArrayList<>();
        next.variables().forEach((name, value) -> {
            if (!name.startsWith("@") && !LITERAL.matcher(value).matches() && !value.equals(settings.variables().get(name))) {
                expressions.add(name);
            }
        });
        if (expressions.isEmpty()) {
            return next;
        }
        StringBuilder set = new StringBuilder("SET ");
        StringBuilder select = new StringBuilder("SELECT ");
        for (String name : expressions) {
            set.append(set.length() > 4 ? ", " : "").append("@@SESSION.").append(name).append(" = ").append(next.variables().get(name));
            select.append(select.length() > 7 ? ", " : "").append("@@SESSION.").append(name);
        }
        try (BackendSessions.Scope current = BackendSessions.bind(settings)) {
            return Reads.one(connection.database(), (c, b) -> {
                Backend backend = connection.database().backends().get(b);
                SessionSettings adopted = next;
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(set.toString());
                    try (java.sql.ResultSet rs = st.executeQuery(select.toString())) {
                        rs.next();
                        for (int i = 0; i < expressions.size(); i++) {
                            String value = rs.getString(i + 1);
                            adopted = adopted.withVariable(expressions.get(i), value == null ? "NULL"
                                    : value.matches("-?[0-9]+(\\.[0-9]+)?") ? value
                                    : "'" + value.replace("\\", "\\\\").replace("'", "''") + "'");
                        }
                    }
                } finally {
                    // SQL ran on it outside BackendSessions: its session state is no longer known
                    backend.discard(c);
                }
                return adopted;
            });
        }
    }

    private static SessionSettings transaction(SessionSettings s, String clause) throws SQLException {
        String c = clause.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        switch (c) {
            case "READ ONLY": return s.withReadOnly(true);
            case "READ WRITE": return s.withReadOnly(false);
            case "ISOLATION LEVEL READ UNCOMMITTED": return s.withIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            case "ISOLATION LEVEL READ COMMITTED": return s.withIsolation(Connection.TRANSACTION_READ_COMMITTED);
            case "ISOLATION LEVEL REPEATABLE READ": return s.withIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            case "ISOLATION LEVEL SERIALIZABLE": return s.withIsolation(Connection.TRANSACTION_SERIALIZABLE);
            default: throw new SQLException("Unknown transaction setting '" + clause + "'", "42000");
        }
    }

    private static void charset(String name, String part) throws SQLException {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.equals("utf8") && !n.equals("utf8mb4") && !n.equals("utf8mb3") && !n.equals("default")) {
            throw refused(part + ": splitdb talks utf8mb4 to its backends and returns Java strings; other client character sets "
                    + "have no effect through JDBC");
        }
    }

    /** The statement's first words (never its values), for messages. */
    private static String fragmentKeyword(String text) {
        String[] words = text.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.asList(words).subList(0, Math.min(3, words.length)));
    }

    private static SQLFeatureNotSupportedException refused(String what) {
        return new SQLFeatureNotSupportedException("splitdb does not support " + what, "0A000");
    }

    /** Splits {@code a = 1, b = 'x,y'} at the commas outside quotes and parentheses. */
    private static List<String> splitAssignments(String s) {
        List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        char quote = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static LogicalType bigint() {
        try {
            return LogicalType.parse("BIGINT");
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
