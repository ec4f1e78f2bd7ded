package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

/**
 * Erases one row's protected values on all three backends ({@code splitdb forget}): every stored
 * share or ciphertext becomes physical NULL, which {@link ProtectedValues#isErased} reads as SQL
 * NULL; plain columns stay. With two of the three shares gone, the third (also in any old backup
 * of one backend) is a random byte string that no key opens.
 *
 * <p>A blind index is set to the index of NULL, so a search by the old value finds nothing and the
 * row behaves as one holding NULL. The row version goes up, so a reader that raced the erasure
 * re-reads. One distributed transaction over all three backends, rows locked on the leader first.
 */
public final class Forget {
    private static final List<Integer> ALL = List.of(0, 1, 2);

    private Forget() {
    }

    /** Which row was erased and which columns (names only: values are never reported). */
    public record Erased(String table, long rowid, List<String> columns) {
    }

    /**
     * Erases the row of {@code t} whose single-column primary key {@code keyColumn} equals {@code key}
     * (compared by the backend, as the application's {@code WHERE id = ?} is), or, with {@code keyColumn}
     * null, the row whose hidden row key is {@code key}.
     *
     * @return null if there is no such row (nothing was changed)
     * @throws SQLTransientConnectionException (08S01) if a backend is out of service; nothing was changed
     */
    public static Erased row(SplitDatabase db, TableInfo t, String keyColumn, String key) throws SQLException {
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                throw outOfService(t, b);
            }
        }
        Transaction tx = Transaction.begin(db);
        try {
            if (tx.participants().size() < 3) {
                throw outOfService(t, db.backends().get(tx.missing().get(0)));
            }
            String where = keyColumn == null ? TableInfo.ROWID : InsertPlan.quote(keyColumn);
            String select = "SELECT " + TableInfo.ROWID + ", " + TableInfo.VERSION + " FROM " + InsertPlan.quote(t.name()) + " WHERE "
                    + where + " = ? FOR UPDATE";
            // leader first, then the followers: the order every writer locks in
            List<long[]> found = tx.write(ALL, (c, b) -> find(c, select, key));
            if (found.stream().allMatch(r -> r == null)) {
                return null;
            }
            long[] first = found.get(0);
            for (int b = 0; b < 3; b++) {
                long[] r = found.get(b);
                if (r == null || first == null || r[0] != first[0] || r[1] != first[1]) {
                    throw new SQLException("cannot erase " + t.name() + " row " + key + ": the backends disagree about it (missing on one, "
                            + "or at different versions); run splitdb verify and splitdb repair first; nothing was changed", "HY000");
                }
            }
            long rowid = first[0];
            long version = first[1];
            List<String> sets = new ArrayList<>();
            List<Long> indexes = new ArrayList<>();
            List<String> erased = new ArrayList<>();
            for (ColumnInfo c : t.protectedColumns()) {
                sets.add(InsertPlan.quote(c.name()) + " = NULL");
                erased.add(c.name());
                if (c.searchable()) {
                    sets.add(InsertPlan.quote(c.indexColumn()) + " = ?");
                    indexes.add(db.values().index(t, c, null));
                }
            }
            String update = "UPDATE " + InsertPlan.quote(t.name()) + " SET " + String.join(", ", sets) + ", " + TableInfo.VERSION
                    + " = ? WHERE " + TableInfo.ROWID + " = ? AND " + TableInfo.VERSION + " = ?";
            tx.write(ALL, (c, b) -> {
                try (PreparedStatement ps = c.prepareStatement(update)) {
                    int p = 1;
                    for (long index : indexes) {
                        ps.setLong(p++, index);
                    }
                    ps.setLong(p++, version + 1);
                    ps.setLong(p++, rowid);
                    ps.setLong(p, version);
                    if (ps.executeUpdate() != 1) {
                        throw new SQLException("the row of " + t.name() + " changed under the erasure; nothing was changed", "40001");
                    }
                }
                return null;
            });
            tx.commit();
            return new Erased(t.name(), rowid, List.copyOf(erased));
        } finally {
            tx.rollback();  // nothing after a commit
        }
    }

    private static long[] find(Connection c, String select, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long[] row = {rs.getLong(1), rs.getLong(2)};
                if (rs.next()) {
                    throw new SQLException("the key matches more than one row of the table; nothing was changed", "21000");
                }
                return row;
            }
        }
    }

    private static SQLTransientConnectionException outOfService(TableInfo t, Backend b) {
        return new SQLTransientConnectionException("cannot erase from " + t.name() + ": " + b + " is out of service, and the erasure "
                + "must reach all three backends now: the one left out would keep its share (or, for an encrypted column it holds, "
                + "the whole ciphertext) until a later repair; nothing was changed", "08S01");
    }
}
