package org.example.hospital;

/**
 * Helpers for the SQL this application builds by concatenation (sort orders, LIKE prefixes), as
 * older applications do: every value is escaped, every identifier comes from a fixed list.
 */
final class Sql {
    private Sql() {
    }

    /** A string literal for MySQL: quotes and backslashes escaped. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A LIKE pattern matching values that start with {@code prefix} (its own % and _ escaped). */
    static String prefixPattern(String prefix) {
        return quote(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
}
