package io.splitdb.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A table's row count and {@link RowDigest} on the source (in a consistent snapshot) and through
 * {@code jdbc:split:} (reconstructed and decrypted by the driver, as the application will read it).
 */
final class TableChecksum {
    /** Rows read through the driver per query, so a large table is never held whole in memory. */
    private static final int CHUNK = 10_000;

    record Sum(long rows, String hex) {
    }

    private TableChecksum() {
    }

    static Sum ofSource(SourceDatabase source, SourceDatabase.Table t) throws SQLException {
        RowDigest digest = new RowDigest(t.columns());
        source.beginSnapshot();
        try (PreparedStatement ps = source.connection().prepareStatement("SELECT " + allColumns(t) + " FROM " + Tables.quote(t.name()),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    digest.add(rs);
                }
            }
        } finally {
            source.endSnapshot();
        }
        return new Sum(digest.rows(), digest.hex());
    }

    /** Through the driver: in key-ordered chunks when the primary key is one column, else in one query. */
    static Sum ofSplit(Connection split, SourceDatabase.Table t) throws SQLException {
        RowDigest digest = new RowDigest(t.columns());
        String select = "SELECT " + allColumns(t) + " FROM " + Tables.quote(t.name());
        if (t.primaryKey().size() != 1) {
            try (Statement s = split.createStatement(); ResultSet rs = s.executeQuery(select)) {
                while (rs.next()) {
                    digest.add(rs);
                }
            }
            return new Sum(digest.rows(), digest.hex());
        }
        String key = Tables.quote(t.primaryKey().get(0));
        int keyIndex = t.columns().indexOf(t.column(t.primaryKey().get(0))) + 1;
        String first = select + " ORDER BY " + key + " LIMIT " + CHUNK;
        String next = select + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT " + CHUNK;
        Object last = null;
        while (true) {
            int n = 0;
            try (PreparedStatement ps = split.prepareStatement(last == null ? first : next)) {
                if (last != null) {
                    ps.setObject(1, last);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        digest.add(rs);
                        last = rs.getObject(keyIndex);
                        n++;
                    }
                }
            }
            if (n < CHUNK) {
                return new Sum(digest.rows(), digest.hex());
            }
        }
    }

    private static String allColumns(SourceDatabase.Table t) {
        return String.join(", ", t.columns().stream().map(c -> Tables.quote(c.name())).toList());
    }
}
