package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.policy.Protection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Rewrites the protected values of a table in place, batch after batch in row-key order: each
 * value is opened from its shares, sealed again with a fresh nonce under the keyring's
 * <em>current</em> key version and the <em>next</em> row version, split with fresh randomness,
 * and written to all three backends. The engine behind {@code splitdb rotate-keys} (only values
 * under an older key version) and {@code splitdb reshare} (every value).
 *
 * <p>Each batch is one distributed {@link Transaction} over all three backends: the rows are
 * locked on the leader first ({@code FOR UPDATE}), then on the followers, as every writer locks,
 * so application writes to those rows wait briefly instead of deadlocking or being lost. The row
 * version goes up by one, so a concurrent reader that pairs an old share with a new one sees
 * differing versions and re-reads instead of reporting a tampered share. A batch that loses a
 * race (deadlock, lock wait timeout, changed version) is rolled back and retried.
 *
 * <p>It refuses to run unless all three backends are in service: a backend left out would keep
 * the old shares (after a reshare, exactly what must not survive) and could not be repaired from
 * the others without them being re-shared again.
 */
public final class Reseal {
    private static final Logger LOG = Logger.getLogger(Reseal.class.getName());
    private static final int ATTEMPTS = 6;
    private static final List<Integer> ALL = List.of(0, 1, 2);
    private static final boolean[] ALL_PRESENT = {true, true, true};

    /** Which values a pass rewrites. */
    public enum Scope {
        /** Values whose header names a key version other than the keyring's current one (splitdb rotate-keys). */
        OLDER_KEYS,
        /** Every value (splitdb reshare). */
        EVERY_VALUE
    }

    /**
     * What one pass over a table did.
     *
     * @param rowsVisited rows read under lock
     * @param rowsRewritten rows whose values were re-sealed and re-split
     * @param finished false if it stopped early ({@code stopAfter})
     */
    public record Outcome(long rowsVisited, long rowsRewritten, boolean finished) {
    }

    private final SplitDatabase db;
    private final int batchSize;

    /** @param batchSize rows per distributed transaction (locks are held for one batch) */
    public Reseal(SplitDatabase db, int batchSize) {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batch size must be 1..10000, got " + batchSize);
        }
        this.db = db;
        this.batchSize = batchSize;
    }

    /** Rows in {@code t} now (for a progress total). */
    public long rows(TableInfo t) throws SQLException {
        return Reads.one(db, (c, b) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + InsertPlan.quote(t.name()));
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /**
     * Walks {@code t} in row-key order and rewrites what {@code scope} selects.
     *
     * @param job when not null, a cursor under this name ({@link Jobs}) is advanced in each batch's
     *     transaction and read at the start, so an interrupted pass resumes after the last committed batch
     * @param stopAfter stop (unfinished) once this many rows were visited; for tests of resumption
     * @param progress told the rows visited so far after each batch
     * @throws SQLTransientConnectionException (08S01) if a backend is out of service; what committed stays
     */
    public Outcome table(TableInfo t, Scope scope, String job, long stopAfter, LongConsumer progress) throws SQLException {
        if (!t.hasProtectedColumns()) {
            return new Outcome(0, 0, true);
        }
        requireAllInService("rewrite " + t.name());
        long after = Long.MIN_VALUE;
        if (job != null) {
            Long cursor = Jobs.cursors(db, job).get(t.name());
            if (cursor != null && cursor == Jobs.DONE) {
                return new Outcome(0, 0, true);
            }
            after = cursor == null ? Long.MIN_VALUE : cursor;
        }
        long visited = 0;
        long rewritten = 0;
        while (true) {
            if (visited >= stopAfter) {
                return new Outcome(visited, rewritten, false);
            }
            List<Long> chunk = rowidsAfter(t, after);
            if (chunk.isEmpty()) {
                break;
            }
            after = chunk.get(chunk.size() - 1);
            rewritten += batch(t, scope, job, chunk, after);
            visited += chunk.size();
            progress.accept(visited);
        }
        if (job != null) {
            finish(t, job);
        }
        return new Outcome(visited, rewritten, true);
    }

    private void requireAllInService(String what) throws SQLException {
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                throw outOfService(what, b);
            }
        }
    }

    private static SQLTransientConnectionException outOfService(String what, Backend b) {
        return new SQLTransientConnectionException("cannot " + what + ": " + b + " is out of service, and every value must be "
                + "rewritten on all three backends (a backend left out would keep its old shares); bring it back "
                + "(splitdb repair) and run again", "08S01");
    }

    private List<Long> rowidsAfter(TableInfo t, long after) throws SQLException {
        return Reads.one(db, (c, b) -> {
            List<Long> chunk = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TableInfo.ROWID + " FROM " + InsertPlan.quote(t.name())
                    + " WHERE " + TableInfo.ROWID + " > ? ORDER BY " + TableInfo.ROWID + " LIMIT " + batchSize)) {
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        chunk.add(rs.getLong(1));
                    }
                }
            }
            return chunk;
        });
    }

    /** One batch, retried when it loses a race; returns the rows rewritten. */
    private long batch(TableInfo t, Scope scope, String job, List<Long> rowids, long cursor) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return batchOnce(t, scope, job, rowids, cursor);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                LOG.log(Level.FINE, "batch of {0} lost a race (SQLState {1}); retrying", new Object[] {t.name(), e.getSQLState()});
                pause(attempt);
            }
        }
    }

    private long batchOnce(TableInfo t, Scope scope, String job, List<Long> rowids, long cursor) throws SQLException {
        Transaction tx = Transaction.begin(db);
        try {
            if (tx.participants().size() < 3) {
                throw outOfService("rewrite " + t.name(), db.backends().get(tx.missing().get(0)));
            }
            String select = "SELECT " + String.join(", ", physicalColumns(t)) + " FROM " + InsertPlan.quote(t.name()) + " WHERE "
                    + TableInfo.ROWID + " IN (" + marks(rowids.size()) + ") FOR UPDATE";
            // leader first, then the followers: the order every writer locks in
            List<Map<Long, Object[]>> read = tx.write(ALL, (c, b) -> readRows(c, select, rowids));
            List<Rewrite> rewrites = new ArrayList<>();
            for (long rowid : rowids) {
                Rewrite r = rewrite(t, scope, rowid, read.get(0).get(rowid), read.get(1).get(rowid), read.get(2).get(rowid));
                if (r != null) {
                    rewrites.add(r);
                }
            }
            if (!rewrites.isEmpty()) {
                tx.write(ALL, (c, b) -> update(c, b, t, rewrites));
            }
            if (job != null) {
                tx.write(ALL, (c, b) -> advance(c, job, t.name(), cursor));
            }
            tx.commit();
            return rewrites.size();
        } finally {
            tx.rollback();  // releases the locks if anything above failed; nothing after a commit
        }
    }

    /** One row's new stored values per backend, or null if it is left as it is. */
    private Rewrite rewrite(TableInfo t, Scope scope, long rowid, Object[]... perBackend) throws SQLException {
        if (perBackend[0] == null && perBackend[1] == null && perBackend[2] == null) {
            return null;  // deleted since the row keys were listed
        }
        for (int b = 0; b < 3; b++) {
            if (perBackend[b] == null || longOf(perBackend[b][1]) != longOf(perBackend[0][1])) {
                throw new SQLException("cannot rewrite " + t.name() + " row " + rowid + ": the backends disagree about it (missing on one, "
                        + "or at different versions); run splitdb verify and splitdb repair first", "HY000");
            }
        }
        long version = longOf(perBackend[0][1]);
        List<ColumnInfo> columns = t.protectedColumns();
        if (scope == Scope.OLDER_KEYS && !namesOtherKey(columns, perBackend)) {
            return null;
        }
        byte[][][] stored = new byte[3][columns.size()][];
        for (int k = 0; k < columns.size(); k++) {
            ColumnInfo c = columns.get(k);
            byte[][] shares = shares(perBackend, k);
            if (ProtectedValues.isErased(c, shares, ALL_PRESENT)) {
                continue;  // erased by splitdb forget: stays physical NULL
            }
            Object value = db.values().open(t, c, shares, ALL_PRESENT, rowid, version);
            ProtectedValues.Stored s = db.values().seal(t, c, value, rowid, version + 1);
            for (int b = 0; b < 3; b++) {
                stored[b][k] = s.perBackend()[b];
            }
        }
        return new Rewrite(rowid, version, stored);
    }

    /** True if some value of the row names a key version other than the current one (read from the header, nothing decrypted). */
    private boolean namesOtherKey(List<ColumnInfo> columns, Object[][] perBackend) {
        int current = keyringVersion();
        for (int k = 0; k < columns.size(); k++) {
            Integer v = KeyCensus.keyVersion(columns.get(k), shares(perBackend, k));
            if (v != null && v != current) {
                return true;
            }
        }
        return false;
    }

    private int keyringVersion() {
        return db.values().currentKeyVersion();
    }

    static byte[][] shares(Object[][] perBackend, int k) {
        byte[][] shares = new byte[3][];
        for (int b = 0; b < 3; b++) {
            shares[b] = perBackend[b] == null ? null : (byte[]) perBackend[b][2 + k];
        }
        return shares;
    }

    /** {@code _split_rowid, _split_ver}, then each protected column's stored value. */
    static List<String> physicalColumns(TableInfo t) {
        List<String> names = new ArrayList<>(List.of(TableInfo.ROWID, TableInfo.VERSION));
        t.protectedColumns().forEach(c -> names.add(InsertPlan.quote(c.name())));
        return names;
    }

    static Map<Long, Object[]> readRows(Connection c, String select, List<Long> rowids) throws SQLException {
        Map<Long, Object[]> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
            for (int i = 0; i < rowids.size(); i++) {
                ps.setLong(i + 1, rowids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    row[0] = rs.getLong(1);
                    row[1] = rs.getLong(2);
                    for (int i = 2; i < n; i++) {
                        row[i] = rs.getBytes(i + 1);
                    }
                    rows.put((Long) row[0], row);
                }
            }
        }
        return rows;
    }

    private record Rewrite(long rowid, long version, byte[][][] stored) {
    }

    private static Void update(Connection c, int backend, TableInfo t, List<Rewrite> rewrites) throws SQLException {
        List<String> sets = new ArrayList<>();
        for (ColumnInfo col : t.protectedColumns()) {
            sets.add(InsertPlan.quote(col.name()) + " = ?");
        }
        sets.add(TableInfo.VERSION + " = ?");
        String sql = "UPDATE " + InsertPlan.quote(t.name()) + " SET " + String.join(", ", sets) + " WHERE " + TableInfo.ROWID
                + " = ? AND " + TableInfo.VERSION + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Rewrite r : rewrites) {
                int p = 1;
                for (byte[] value : r.stored()[backend]) {
                    ps.setBytes(p++, value);
                }
                ps.setLong(p++, r.version() + 1);
                ps.setLong(p++, r.rowid());
                ps.setLong(p, r.version());
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                if (count == 0) {
                    throw new RowChanged("a row of " + t.name() + " changed under the rewrite");
                }
            }
        }
        return null;
    }

    private static Void advance(Connection c, String job, String table, long cursor) throws SQLException {
        Jobs.advance(c, job, table, cursor);
        return null;
    }

    /** Marks the table done for {@code job}, on all three backends at once. */
    private void finish(TableInfo t, String job) throws SQLException {
        Transaction tx = Transaction.begin(db);
        try {
            if (tx.participants().size() < 3) {
                throw outOfService("finish " + t.name(), db.backends().get(tx.missing().get(0)));
            }
            tx.write(ALL, (c, b) -> advance(c, job, t.name(), Jobs.DONE));
            tx.commit();
        } finally {
            tx.rollback();
        }
    }

    /** Lost races are worth retrying; a lost or missing backend, or a disagreement between the backends, is not. */
    static boolean retryable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof Transaction.BackendLost) {
            return false;
        }
        return e instanceof SQLTransientException || "40001".equals(e.getSQLState()) || e.getErrorCode() == 1205
                || e.getErrorCode() == 1213;
    }

    private static void pause(int attempt) throws SQLException {
        try {
            Thread.sleep(50L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", "HY008", e);
        }
    }

    private static long longOf(Object o) {
        return ((Number) o).longValue();
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
