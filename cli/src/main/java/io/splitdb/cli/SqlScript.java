package io.splitdb.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL script (a schema file as the mysql client reads it) cut into statements: a statement ends at
 * the current delimiter ({@code ;} unless a {@code DELIMITER} line changed it) outside quotes,
 * backticks and comments. {@code -- }, {@code #} and {@code /* *}{@code /} comments are dropped
 * (MySQL's executable {@code /*!...*}{@code /} comments are kept, the server reads them).
 */
final class SqlScript {

    /** One statement: its number in the script (from 1), the line it starts on, and its text without the delimiter. */
    record Statement(int number, int line, String sql) {
        /** The first words of the statement, for messages: never more than 60 characters. */
        String fragment() {
            String oneLine = sql.replaceAll("\\s+", " ").trim();
            return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
        }
    }

    private SqlScript() {
    }

    /**
     * The statements of {@code script}, in order; empty ones (a lone delimiter) are skipped.
     *
     * @throws IllegalArgumentException for an unterminated quote or comment, naming the line it starts on
     */
    static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String delimiter = ";";
        int line = 1;
        int startLine = -1;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (startLine < 0 && atLineStart(script, i) && startsWithWord(script, i, "DELIMITER")) {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                String value = script.substring(i + "DELIMITER".length(), end).trim();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("line " + line + ": DELIMITER without a delimiter");
                }
                delimiter = value;
                current.setLength(0);
                i = end;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                if (end < 0) {
                    throw new IllegalArgumentException("line " + line + ": the " + (c == '`' ? "backtick" : "quote") + " opened here is never closed");
                }
                if (startLine < 0) {
                    startLine = line;
                }
                String quoted = script.substring(i, end + 1);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                current.append(quoted);
                i = end + 1;
                continue;
            }
            if (c == '#' || (c == '-' && script.startsWith("--", i) && (i + 2 >= n || Character.isWhitespace(script.charAt(i + 2))))) {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;  // the newline itself is counted on the next turn
                continue;
            }
            if (c == '/' && script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("line " + line + ": the comment opened here is never closed");
                }
                String comment = script.substring(i, end + 2);
                if (comment.startsWith("/*!") && startLine < 0) {
                    startLine = line;
                }
                line += (int) comment.chars().filter(ch -> ch == '\n').count();
                if (comment.startsWith("/*!")) {
                    current.append(comment);
                } else {
                    current.append(' ');
                }
                i = end + 2;
                continue;
            }
            if (script.startsWith(delimiter, i)) {
                add(statements, current, startLine);
                startLine = -1;
                i += delimiter.length();
                continue;
            }
            if (startLine < 0 && !Character.isWhitespace(c)) {
                startLine = line;
            }
            current.append(c);
            i++;
        }
        add(statements, current, startLine);
        return statements;
    }

    private static void add(List<Statement> statements, StringBuilder current, int startLine) {
        String sql = current.toString().trim();
        current.setLength(0);
        if (!sql.isEmpty()) {
            statements.add(new Statement(statements.size() + 1, startLine, sql));
        }
    }

    /** The index of the quote closing the one at {@code open}: doubled quotes and (except in backticks) backslash escapes stay inside. */
    private static int closingQuote(String s, int open, char quote) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean atLineStart(String s, int i) {
        int j = i - 1;
        while (j >= 0 && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j--;
        }
        return j < 0 || s.charAt(j) == '\n' || s.charAt(j) == '\r';
    }

    private static boolean startsWithWord(String s, int i, String word) {
        if (!s.regionMatches(true, i, word, 0, word.length())) {
            return false;
        }
        int after = i + word.length();
        return after < s.length() && Character.isWhitespace(s.charAt(after));
    }

    /** True if the statement creates a stored routine, trigger or event, which splitdb cannot run over split storage. */
    static boolean isRoutine(String sql) {
        String s = sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return s.matches("^CREATE (OR REPLACE )?(DEFINER ?= ?\\S+ )?(AGGREGATE )?(PROCEDURE|FUNCTION|TRIGGER|EVENT)\\b.*");
    }
}
