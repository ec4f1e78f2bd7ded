package io.splitdb.audit;

import java.util.HexFormat;

/**
 * One row of the audit log ({@code _split_audit}), as stored on each backend.
 *
 * @param stream     the writing driver instance's chain (32 hex digits, random per instance)
 * @param seq        position in the stream, from 0 (the {@code open} marker) without gaps
 * @param atMillis   when, UTC epoch milliseconds
 * @param who        the JDBC user the application connected with (or the configuration's backend user)
 * @param app        the connection's {@code ApplicationName} client info, or empty
 * @param host       the host the driver runs on
 * @param kind       {@code read}, {@code write}, {@code ddl}, or the stream markers {@code open} and {@code close}
 * @param tables     the tables touched, comma-separated
 * @param columns    the protected columns touched ({@code table.column}, comma-separated)
 * @param shape      the statement with its literals lifted to {@code ?}: never a value
 * @param rowCount   how many rows (all of them, while {@code rowKeys} lists at most 1,000); -1 if the
 *                   backends chose the rows and the driver never saw their keys
 * @param rowKeys    {@code table:rowid} of the rows read or written, space-separated (the first 1,000)
 * @param keyVersion the master key version the chain key was derived from
 * @param prevHash   the previous entry's hash (empty for seq 0)
 * @param hash       HMAC-SHA-256 over all of the above ({@link AuditChain#mac})
 */
public record AuditEntry(String stream, long seq, long atMillis, String who, String app, String host, String kind, String tables,
                         String columns, String shape, long rowCount, String rowKeys, int keyVersion, byte[] prevHash,
                         byte[] hash) {

    /** The entry with another hash (for tests and for comparing copies). */
    AuditEntry withHash(byte[] newHash) {
        return new AuditEntry(stream, seq, atMillis, who, app, host, kind, tables, columns, shape, rowCount, rowKeys, keyVersion,
                prevHash, newHash);
    }

    /** The first 12 hex digits of the hash: enough to tell entries apart in a report, never a key. */
    public String shortHash() {
        return HexFormat.of().formatHex(hash, 0, Math.min(6, hash.length));
    }

    /** The row keys as a list (empty if none). */
    public java.util.List<String> rowKeyList() {
        return rowKeys.isEmpty() ? java.util.List.of() : java.util.List.of(rowKeys.split(" "));
    }
}
