package io.splitdb.jdbc;

import io.splitdb.exec.ExecResult;
import io.splitdb.exec.ResultColumn;
import io.splitdb.exec.RowSet;
import io.splitdb.types.LogicalType;

import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements about the session itself, answered by the logical connection. Each statement may run
 * on a different pooled connection to each backend, so session state set on a backend would be
 * lost, or worse, leak to another application connection through the pool: the settings the driver
 * can honour are kept here (isolation level, read-only, the last generated key), the harmless ones
 * are accepted, and the rest fail closed with SQLState 0A000 naming the variable.
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
    private static final LogicalType BIGINT = bigint();

    private final SplitConnection connection;
    private long lastInsertId;
    private long foundRows;

    Session(SplitConnection connection) {
        this.connection = connection;
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
            String current = connection.getCatalog();
            if (current != null && current.equalsIgnoreCase(m.group(1))) {
                return ExecResult.update(0);
            }
            throw new SQLFeatureNotSupportedException("splitdb does not support USE " + m.group(1) + ": the database is the one the backend "
                    + "URLs of the configuration name (" + current + ")", "0A000");
        }
        m = SET.matcher(text);
        if (m.matches() && !text.toUpperCase(Locale.ROOT).startsWith("SET PASSWORD")) {
            if (TRANSACTION.matcher(m.group(1)).matches()) {
                set(m.group(1));
                return ExecResult.update(0);
            }
            for (String part : splitAssignments(m.group(1))) {
                set(part.trim());
            }
            return ExecResult.update(0);
        }
        return null;
    }

    private void set(String part) throws SQLException {
        Matcher t = TRANSACTION.matcher(part);
        if (t.matches()) {
            transaction(t.group(2));
            if (t.group(5) != null) {
                transaction(t.group(5));
            }
            return;
        }
        if (part.toUpperCase(Locale.ROOT).startsWith("GLOBAL") || part.toUpperCase(Locale.ROOT).startsWith("@@GLOBAL")) {
            throw refused("a GLOBAL setting (" + part + "): change the backends' configuration instead");
        }
        Matcher n = NAMES.matcher(part);
        if (n.matches()) {
            charset(n.group(2), part);
            return;
        }
        Matcher a = ASSIGNMENT.matcher(part);
        if (!a.matches()) {
            throw refused("SET " + part);
        }
        String name = a.group(2).toLowerCase(Locale.ROOT);
        String value = a.group(4).trim().replaceAll("^['\"]|['\"]$", "");
        switch (name) {
            case "autocommit":
                if (value.equals("1") || value.equalsIgnoreCase("ON") || value.equalsIgnoreCase("TRUE")) {
                    return;
                }
                throw new SQLFeatureNotSupportedException("splitdb does not support transactions across statements yet "
                        + "(SET autocommit = " + value + "); every statement commits on its own", "0A000");
            case "tx_isolation": case "transaction_isolation":
                transaction("ISOLATION LEVEL " + value.replace('-', ' '));
                return;
            case "tx_read_only": case "transaction_read_only":
                connection.setReadOnly(value.equals("1") || value.equalsIgnoreCase("ON") || value.equalsIgnoreCase("TRUE"));
                return;
            case "character_set_client": case "character_set_results": case "character_set_connection":
                charset(value, part);
                return;
            case "sql_select_limit":
                if (value.equalsIgnoreCase("DEFAULT")) {
                    return;
                }
                break;
            default:
                break;
        }
        throw refused("the session variable " + a.group(2) + " (each statement may run on another pooled backend connection, "
                + "so it would not stay set; set it on the backends, e.g. Connector/J's sessionVariables in the backend URLs)");
    }

    private void transaction(String clause) throws SQLException {
        String c = clause.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        switch (c) {
            case "READ ONLY": connection.setReadOnly(true); return;
            case "READ WRITE": connection.setReadOnly(false); return;
            case "ISOLATION LEVEL READ UNCOMMITTED": connection.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED); return;
            case "ISOLATION LEVEL READ COMMITTED": connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); return;
            case "ISOLATION LEVEL REPEATABLE READ": connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); return;
            case "ISOLATION LEVEL SERIALIZABLE": connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE); return;
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
