package io.splitdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL script (a schema file, a file of statements, a mysqldump) into statements the way
 * the {@code mysql} client does: at the delimiter ({@code ;}, or what a {@code DELIMITER} line
 * sets) outside quotes, backticks and comments. {@code --} and {@code #} comments and plain
 * {@code /* *}{@code /} comments are dropped; {@code /*! ... *}{@code /} (MySQL's versioned
 * comments) are kept, since the server runs them.
 */
final class SqlStatements {

    /** One statement and the line it starts on (1-based). */
    record Statement(long line, String sql) {
    }

    private SqlStatements() {
    }

    static List<Statement> read(BufferedReader in) throws IOException {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String delimiter = ";";
        long lineNo = 0;
        long start = 0;          // the line the statement being read began on; 0 between statements
        char quote = 0;          // ', " or ` while inside one
        boolean blockComment = false;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (quote == 0 && !blockComment && start == 0) {
                String t = line.strip();
                if (t.toUpperCase(Locale.ROOT).startsWith("DELIMITER ") || t.equalsIgnoreCase("DELIMITER")) {
                    String d = t.substring("DELIMITER".length()).strip();
                    if (!d.isEmpty()) {
                        delimiter = d;
                    }
                    current.setLength(0);
                    continue;
                }
            }
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (blockComment) {
                    int end = line.indexOf("*/", i);
                    if (end < 0) {
                        i = line.length();
                    } else {
                        blockComment = false;
                        i = end + 2;
                        current.append(' ');
                    }
                    continue;
                }
                if (quote != 0) {
                    current.append(c);
                    if (c == '\\' && quote != '`' && i + 1 < line.length()) {
                        current.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (c == quote) {
                        quote = 0;
                    }
                    i++;
                    continue;
                }
                if (line.startsWith(delimiter, i)) {
                    add(statements, start, current);
                    start = 0;
                    i += delimiter.length();
                    continue;
                }
                if (c == '\'' || c == '"' || c == '`') {
                    if (start == 0) {
                        start = lineNo;
                    }
                    quote = c;
                    current.append(c);
                    i++;
                    continue;
                }
                if (c == '#' || (c == '-' && line.startsWith("--", i) && (i + 2 == line.length() || Character.isWhitespace(line.charAt(i + 2))))) {
                    break;  // the rest of the line is a comment
                }
                if (c == '/' && line.startsWith("/*", i) && !line.startsWith("/*!", i)) {
                    blockComment = true;
                    i += 2;
                    continue;
                }
                if (start == 0 && !Character.isWhitespace(c)) {
                    start = lineNo;  // a statement begins at its first character that is not a space or a comment
                    current.setLength(0);
                }
                current.append(c);
                i++;
            }
            if (start != 0) {
                current.append('\n');
            }
        }
        add(statements, start, current);
        return statements;
    }

    private static void add(List<Statement> statements, long start, StringBuilder current) {
        String sql = current.toString().strip();
        if (!sql.isEmpty()) {
            statements.add(new Statement(start, sql));
        }
        current.setLength(0);
    }
}
