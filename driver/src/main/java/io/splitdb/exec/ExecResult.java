package io.splitdb.exec;

/**
 * What executing one statement produced: rows, or an update count and generated keys.
 *
 * @param rows          the result rows, or null for an update
 * @param updateCount   rows affected, or -1 for a query
 * @param generatedKeys the AUTO_INCREMENT values the statement generated (may be empty)
 */
public record ExecResult(RowSet rows, long updateCount, long[] generatedKeys) {

    public static ExecResult query(RowSet rows) {
        return new ExecResult(rows, -1, new long[0]);
    }

    public static ExecResult update(long count) {
        return new ExecResult(null, count, new long[0]);
    }

    public static ExecResult update(long count, long[] keys) {
        return new ExecResult(null, count, keys);
    }
}
