package io.splitdb.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a COM_QUERY text into statements as the MySQL server does when the client enabled
 * CLIENT_MULTI_STATEMENTS: at each {@code ;} outside quotes, backticks and comments. Comments stay in
 * the statement text (the driver and the backends read {@code /*!...*}{@code /} hints); a piece that
 * holds only blanks and comments is not a statement.
 */
final class MultiStatements {
    private MultiStatements() {
    }

    /** The statements of {@code sql}, in order; one element when there is no {@code ;} separator. */
    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = afterQuoted(sql, i, c);
            } else if (c == '#' || (c == '-' && sql.startsWith("--", i) && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2))))) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == ';') {
                add(statements, sql.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        add(statements, sql.substring(start));
        if (statements.isEmpty()) {
            statements.add(sql); // let the driver say what is wrong with an empty query
        }
        return statements;
    }

    /** The index after the quote that closes the one at {@code open}; a backslash escapes in strings, a doubled quote in all three. */
    private static int afterQuoted(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length(); // unterminated: the driver reports it
    }

    private static void add(List<String> statements, String piece) {
        if (!onlyBlanksAndComments(piece)) {
            statements.add(piece.strip());
        }
    }

    private static boolean onlyBlanksAndComments(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || (c == '-' && s.startsWith("--", i) && (i + 2 == n || Character.isWhitespace(s.charAt(i + 2))))) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (s.startsWith("/*", i) && !s.startsWith("/*!", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                return false;
            }
        }
        return true;
    }
}
