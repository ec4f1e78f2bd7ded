package io.splitdb.jdbc;

import io.splitdb.exec.Backend;
import io.splitdb.exec.BackendSessions;
import io.splitdb.exec.Reads;
import io.splitdb.exec.SessionSettings;
import io.splitdb.exec.SplitDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a SET statement does to a connection's {@link SessionSettings}. Session and user variables
 * are kept (and re-applied on each backend connection the session's statements borrow), with
 * their values as literals; isolation and read-only become the connection's; {@code SET NAMES}
 * and {@code autocommit = 1} among other settings are accepted as no-ops (alone, {@code SET autocommit}
 * is transaction control: {@link TransactionStatement}). Settings the driver cannot honour fail closed
 * with SQLState 0A000 naming the variable: transactions across statements, GLOBAL settings, client
 * character sets other than utf8, user variables set to expressions, and the variables that change
 * what the driver itself computes ({@link #DRIVER_COMPUTES}). Messages name variables, never values.
 */
final class SetStatement {
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

    private SetStatement() {
    }

    /**
     * The settings after {@code SET body}, applied first on every backend that is up: all of its
     * assignments, or none if one is refused or a backend rejects it.
     */
    static SessionSettings apply(SplitDatabase db, SessionSettings current, String body) throws SQLException {
        SessionSettings next = current;
        for (String part : TRANSACTION.matcher(body).matches() ? List.of(body) : splitAssignments(body)) {
            next = set(next, part.trim());
        }
        return next.equals(current) ? current : check(db, current, next);
    }

    /**
     * The settings for the next statement only after {@code SET TRANSACTION ...} without SESSION
     * (MySQL's next transaction; with auto-commit, the next statement), or null if {@code body}
     * is not one.
     */
    static SessionSettings nextTransaction(SessionSettings current, String body) throws SQLException {
        Matcher t = TRANSACTION.matcher(body);
        if (!t.matches() || t.group(1) != null) {
            return null;
        }
        SessionSettings next = transaction(current, t.group(2));
        return t.group(5) != null ? transaction(next, t.group(5)) : next;
    }

    private static SessionSettings set(SessionSettings s, String part) throws SQLException {
        Matcher t = TRANSACTION.matcher(part);
        if (t.matches()) {
            s = transaction(s, t.group(2));
            return t.group(5) != null ? transaction(s, t.group(5)) : s;
        }
        if (part.toUpperCase(Locale.ROOT).startsWith("GLOBAL") || part.toUpperCase(Locale.ROOT).startsWith("@@GLOBAL")) {
            throw refused("GLOBAL settings (" + part.split("[\\s=]+")[part.toUpperCase(Locale.ROOT).startsWith("GLOBAL") ? 1 : 0]
                    + "): change the backends' configuration instead");
        }
        Matcher n = NAMES.matcher(part);
        if (n.matches()) {
            charset(n.group(2), part);
            return s;
        }
        Matcher a = ASSIGNMENT.matcher(part);
        if (!a.matches()) {
            throw refused("this SET (" + part.split("[\\s=]+")[0] + " ...)");
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
                throw new SQLFeatureNotSupportedException("splitdb takes SET autocommit = " + value + " only as a statement of its own "
                        + "(or Connection.setAutoCommit(false))", "0A000");
            case "tx_isolation": case "transaction_isolation":
                return transaction(s, "ISOLATION LEVEL " + value.replace('-', ' '));
            case "tx_read_only": case "transaction_read_only":
                return s.withReadOnly(value.equals("1") || value.equalsIgnoreCase("ON") || value.equalsIgnoreCase("TRUE"));
            case "character_set_client": case "character_set_results": case "character_set_connection":
                if (name.equals("character_set_results") && (valueSql.equalsIgnoreCase("NULL") || value.equalsIgnoreCase("binary"))) {
                    // "send results without conversion" (Connector/J after a reset, mysqldump while it reads table
                    // definitions): the backends store utf8mb4 and results are Java strings either way
                    return s;
                }
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
        throw refused("the session variable " + a.group(2) + " (" + DRIVER_COMPUTES.get(name) + ")");
    }

    /**
     * Applies new settings on every backend that is up before the connection adopts them, so an
     * unknown variable or a bad value fails the SET with the server's own error, and refuses an
     * sql_mode that changes how the driver's own SQL is read.
     *
     * @return the settings to adopt: {@code next} with every value given as an expression
     *         replaced by its value (see {@link #evaluated})
     */
    private static SessionSettings check(SplitDatabase db, SessionSettings current, SessionSettings next) throws SQLException {
        SessionSettings adopted = evaluated(db, current, next);
        boolean answered = false;
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                continue;
            }
            try (Connection c = b.connection(adopted)) {
                answered = true;
                if (adopted.variables().containsKey("sql_mode")) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
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
            throw new SQLTransientConnectionException("cannot apply SET: no backend answered", "08S01");
        }
        return adopted;
    }

    /**
     * Replaces each system variable value given as an expression ({@code CONCAT(@@sql_mode, ',X')})
     * by what a backend computes for it in this session's current state, as MySQL would at the
     * SET, so that re-applying it later on any backend connection gives the same value.
     */
    private static SessionSettings evaluated(SplitDatabase db, SessionSettings current, SessionSettings next) throws SQLException {
        List<String> expressions = new ArrayList<>();
        next.variables().forEach((name, value) -> {
            if (!name.startsWith("@") && !LITERAL.matcher(value).matches() && !value.equals(current.variables().get(name))) {
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
        try (BackendSessions.Scope scope = BackendSessions.bind(current)) {
            return Reads.one(db, (c, b) -> {
                Backend backend = db.backends().get(b);
                SessionSettings adopted = next;
                try (Statement st = c.createStatement()) {
                    st.execute(set.toString());
                    try (ResultSet rs = st.executeQuery(select.toString())) {
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

    private static SQLFeatureNotSupportedException refused(String what) {
        return new SQLFeatureNotSupportedException("splitdb does not support " + what, "0A000");
    }

    /** Splits {@code a = 1, b = 'x,y'} at the commas outside quotes and parentheses. */
    private static List<String> splitAssignments(String s) {
        List<String> parts = new ArrayList<>();
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
}
