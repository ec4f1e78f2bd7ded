package io.splitdb.jdbc;

import java.util.regex.Pattern;

/**
 * MySQL's and MariaDB's executable comments, {@code /*!40100 ...*}{@code /} and
 * {@code /*M!100500 ...*}{@code /}: the servers run their text as SQL, and dumps and clients rely on
 * it ({@code START TRANSACTION /*!40100 WITH CONSISTENT SNAPSHOT *}{@code /}).
 */
final class ExecutableComments {
    private static final Pattern EXECUTABLE = Pattern.compile("(?s)/\\*M?!(?:\\d{5,6})?(.*?)\\*/");

    private ExecutableComments() {
    }

    /** {@code sql} with each executable comment replaced by its text. */
    static String unwrap(String sql) {
        return sql.contains("/*") ? EXECUTABLE.matcher(sql).replaceAll(" $1 ") : sql;
    }
}
