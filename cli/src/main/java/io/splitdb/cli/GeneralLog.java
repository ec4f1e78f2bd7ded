package io.splitdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a MySQL or MariaDB general query log ({@code general_log_file}) entry by entry.
 *
 * <p>Both servers write one entry per line as {@code time TAB thread-id SPACE command TAB argument}:
 * MySQL 5.7/8 with an ISO time ({@code 2024-03-05T10:15:30.123456Z}), MariaDB with {@code yymmdd
 * hh:mm:ss}, or with the time left out (two tabs) for entries within the same second. A statement
 * that spans lines continues on the following lines, which carry no header; the server's banner
 * ({@code /usr/sbin/mysqld, Version: ...}, {@code Tcp port: ...}, {@code Time Id Command Argument})
 * may appear anywhere the server restarted, and is skipped.
 */
final class GeneralLog {
    private static final Pattern ENTRY = Pattern.compile(
            "^(?:\\d{4}-\\d\\d-\\d\\d[T ][0-9:.]+Z?|\\d{6}\\s+\\d{1,2}:\\d\\d:\\d\\d)?\\t+\\s*(\\d+)\\s([A-Z][A-Za-z]*(?: [A-Za-z]+)?)(?:\\t(.*))?$");
    private static final Pattern BANNER = Pattern.compile(
            "^(?:\\S.*, Version: .*started with:|Tcp port: .*|Time\\s+Id\\s+Command\\s+Argument\\s*)$");

    /** One entry: the line it starts on, the server thread (connection) id, the command and its argument. */
    record Entry(long line, long thread, String command, String argument) {
        boolean isStatement() {
            return command.equals("Query") || command.equals("Execute");
        }
    }

    private GeneralLog() {
    }

    /**
     * Hands each entry to {@code sink} in log order.
     *
     * @return the number of lines read
     */
    static long read(BufferedReader in, Consumer<Entry> sink) throws IOException {
        long lineNo = 0;
        long startLine = 0;
        long thread = -1;
        String command = null;
        StringBuilder argument = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                if (command != null) {
                    sink.accept(new Entry(startLine, thread, command, argument.toString()));
                }
                startLine = lineNo;
                thread = Long.parseLong(m.group(1));
                command = m.group(2);
                argument.setLength(0);
                argument.append(m.group(3) == null ? "" : m.group(3));
            } else if (BANNER.matcher(line).matches()) {
                if (command != null) {
                    sink.accept(new Entry(startLine, thread, command, argument.toString()));
                }
                command = null;
            } else if (command != null) {
                argument.append('\n').append(line);
            }
        }
        if (command != null) {
            sink.accept(new Entry(startLine, thread, command, argument.toString()));
        }
        return lineNo;
    }
}
