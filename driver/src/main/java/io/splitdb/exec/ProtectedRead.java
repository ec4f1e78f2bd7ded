package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.policy.Protection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rows with protected columns: the same query on two backends at once (or on the holders of
 * encrypted columns), rows aligned by hidden row id and version, values reconstructed and
 * decrypted, residual predicates checked, and a driver-side LIMIT applied where one could not be
 * pushed down.
 *
 * <p>The backend query's select list is: {@code plainCount} plain outputs, then the stored column
 * of each column in {@code decrypt}, then {@code _split_rowid}, {@code _split_ver}.
 */
public final class ProtectedRead {
    private static final int ATTEMPTS = 5;

    private final TableInfo table;
    private final BackendQuery query;
    private final int plainCount;
    private final List<ColumnInfo> decrypt;
    private final List<Residual> residuals;
    private final ValueSource limit;
    private final ValueSource offset;
    private final Set<Integer> holders = new LinkedHashSet<>();
    private final int readers;
    private final boolean locking;
    private static final java.util.regex.Pattern LOCKS = java.util.regex.Pattern.compile(
            "(?is).*\\b(FOR\\s+UPDATE|FOR\\s+SHARE|LOCK\\s+IN\\s+SHARE\\s+MODE)\\b.*");

    /**
     * @param limit  a LIMIT the driver applies (null if none or pushed down)
     * @param offset an OFFSET the driver applies (null if none)
     */
    public ProtectedRead(TableInfo table, BackendQuery query, int plainCount, List<ColumnInfo> decrypt, List<Residual> residuals,
                         ValueSource limit, ValueSource offset) {
        this.table = table;
        this.query = query;
        this.plainCount = plainCount;
        this.decrypt = List.copyOf(decrypt);
        this.residuals = List.copyOf(residuals);
        this.limit = limit;
        this.offset = offset;
        boolean shared = false;
        for (ColumnInfo c : decrypt) {
            if (c.protect() == Protection.ENCRYPTED) {
                holders.add(c.policy().holder());
            } else {
                shared = true;
            }
        }
        this.readers = Math.max(holders.size(), shared ? 2 : 1);
        this.locking = LOCKS.matcher(query.sql()).matches();
    }

    /** One row as read: its hidden key and version, plain outputs, and decrypted values. */
    public record Row(long rowid, long version, Object[] plain, Object[] values) {
    }

    /** What a read produced: the plain outputs' columns (from the backend) and the matching rows. */
    public record Result(List<ResultColumn> plainColumns, List<Row> rows) {
    }

    public Result read(SplitDatabase db, Object[] args) throws SQLException {
        int want = readers;
        SQLException tampered = null;
        for (int attempt = 1; ; attempt++) {
            Map<Integer, Raw> raw;
            try {
                raw = Reads.many(db, holders, want, locking, (c, b) -> {
                    try (PreparedStatement ps = query.prepare(c, args); ResultSet rs = ps.executeQuery()) {
                        return Raw.read(rs, plainCount, decrypt.size(), db.config().options().maxBufferedRows(), query.sql());
                    }
                });
            } catch (SQLException e) {
                // the third backend could not be had to outvote a bad share: report the bad share
                throw tampered != null ? tampered : e;
            }
            Result result;
            try {
                result = merge(db, raw, args);
            } catch (SQLException e) {
                if (!"XX001".equals(e.getSQLState()) || raw.size() >= 3 || tampered != null) {
                    throw e;
                }
                // a share that does not authenticate: read all three, so the two honest backends
                // serve the value and the third is named
                tampered = e;
                want = 3;
                continue;
            }
            if (result != null) {
                if (io.splitdb.audit.AuditCapture.collecting()) {
                    io.splitdb.audit.AuditCapture.read(table, decrypt, result.rows().stream().mapToLong(Row::rowid).toArray());
                }
                return result;
            }
            if (attempt == ATTEMPTS - 1) {
                // versions still differ: perhaps a coordinator died after its decision; its branches can be committed now
                db.recovery().settleCommitted();
            } else if (attempt < ATTEMPTS) {
                pause(attempt);
            }
            if (attempt >= ATTEMPTS) {
                throw new SQLTransientException("rows of " + table.name() + " kept changing while they were read from two backends; "
                        + "retry the statement", "40001");
            }
        }
    }

    /** A commit in flight lands in milliseconds: wait 2, 4, 8 ms before reading again. */
    private static void pause(int attempt) throws SQLException {
        try {
            Thread.sleep(1L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while re-reading", "HY008", e);
        }
    }

    /** Aligns and decrypts; null if the backends disagree (a read raced a commit). */
    private Result merge(SplitDatabase db, Map<Integer, Raw> raw, Object[] args) throws SQLException {
        List<Integer> order = new ArrayList<>(raw.keySet());
        Raw primary = raw.get(order.get(0));
        List<Map<Long, Object[]>> others = new ArrayList<>();
        for (int i = 1; i < order.size(); i++) {
            others.add(raw.get(order.get(i)).byRowid());
        }
        long skip = offset == null ? 0 : number(offset.resolve(args));
        long max = limit == null ? Long.MAX_VALUE : number(limit.resolve(args));
        List<Row> rows = new ArrayList<>();
        byte[][] stored = new byte[3][];
        boolean[] present = new boolean[3];
        boolean cut = false;
        for (Object[] p : primary.rows) {
            if (rows.size() >= max) {
                cut = true;
                break;
            }
            long rowid = ((Number) p[primary.rowidIndex()]).longValue();
            long version = ((Number) p[primary.rowidIndex() + 1]).longValue();
            Object[][] peers = new Object[3][];
            peers[order.get(0)] = p;
            for (int i = 1; i < order.size(); i++) {
                Object[] q = others.get(i - 1).get(rowid);
                if (q == null || ((Number) q[primary.rowidIndex() + 1]).longValue() != version) {
                    return null;
                }
                peers[order.get(i)] = q;
            }
            Object[] values = new Object[decrypt.size()];
            for (int k = 0; k < decrypt.size(); k++) {
                for (int b = 0; b < 3; b++) {
                    present[b] = peers[b] != null;
                    stored[b] = present[b] ? (byte[]) peers[b][plainCount + k] : null;
                }
                values[k] = db.values().open(table, decrypt.get(k), stored, present, rowid, version);
            }
            if (matches(db, values, args)) {
                if (skip > 0) {
                    skip--;
                    continue;
                }
                Object[] plain = new Object[plainCount];
                System.arraycopy(p, 0, plain, 0, plainCount);
                rows.add(new Row(rowid, version, plain, values));
            }
        }
        if (!cut) {
            for (Map<Long, Object[]> other : others) {
                if (other.size() != primary.rows.size()) {
                    return null;  // a row another backend holds and the first does not: a read raced a commit
                }
            }
        }
        return new Result(primary.columns, rows);
    }

    private boolean matches(SplitDatabase db, Object[] values, Object[] args) throws SQLException {
        for (Residual r : residuals) {
            if (!r.matches(db, values, args)) {
                return false;
            }
        }
        return true;
    }

    static long number(Object o) throws SQLException {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(o).trim());
        } catch (NumberFormatException e) {
            throw new SQLException("LIMIT and OFFSET take whole numbers", "42000");
        }
    }

    public TableInfo table() {
        return table;
    }

    /**
     * {@link Plan.Work#DRIVER} if the driver checks conditions the backends cannot select by. An
     * equality on a blind-indexed column does not count: the backends select by the index, and
     * the driver only drops the index's false positives.
     */
    Plan.Work work() {
        boolean driver = residuals.stream().anyMatch(r -> r.kind() != Residual.Kind.EQUALS_ANY || !r.column().searchable());
        return driver ? Plan.Work.DRIVER : Plan.Work.SHARES;
    }

    /**
     * This read with one more condition ANDed to its backend query. Only for reads without ORDER
     * BY, LIMIT or a suffix (the driver's table scans), where the query ends with its WHERE clause.
     */
    public ProtectedRead narrowed(String condition, List<ValueSource> conditionParams) {
        List<ValueSource> params = new ArrayList<>(query.params());
        params.addAll(conditionParams);
        String sql = query.sql() + (query.sql().contains(" WHERE ") ? " AND " : " WHERE ") + "(" + condition + ")";
        return new ProtectedRead(table, new BackendQuery(sql, params), plainCount, decrypt, residuals, limit, offset);
    }

    public List<ColumnInfo> decrypted() {
        return decrypt;
    }

    /** One backend's rows as read. */
    private record Raw(List<ResultColumn> columns, List<Object[]> rows, int rowidIndex) {

        static Raw read(ResultSet rs, int plainCount, int storedCount, int maxRows, String sql) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            int n = plainCount + storedCount + 2;
            List<ResultColumn> columns = RowSets.columns(md, plainCount);
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                RowSets.checkBound(rows.size(), maxRows, sql);
                Object[] row = new Object[n];
                for (int i = 0; i < plainCount; i++) {
                    row[i] = io.splitdb.types.JdbcValues.read(rs, i + 1, columns.get(i).type());
                }
                for (int i = plainCount; i < plainCount + storedCount; i++) {
                    row[i] = rs.getBytes(i + 1);
                }
                row[n - 2] = rs.getLong(n - 1);
                row[n - 1] = rs.getLong(n);
                rows.add(row);
            }
            return new Raw(columns, rows, n - 2);
        }

        Map<Long, Object[]> byRowid() {
            Map<Long, Object[]> map = new HashMap<>(rows.size() * 2);
            for (Object[] r : rows) {
                map.put(((Number) r[rowidIndex]).longValue(), r);
            }
            return map;
        }
    }
}
