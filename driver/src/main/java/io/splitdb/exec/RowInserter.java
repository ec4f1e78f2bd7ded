package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes new rows into a managed table inside a {@link WriteTransaction}: every protected value is
 * sealed under a fresh hidden row id first, then each backend gets one multi-row INSERT (or
 * REPLACE) per chunk instead of one round trip per row, the way Connector/J's
 * {@code rewriteBatchedStatements} does. AUTO_INCREMENT keys come from the leader (backend 0) and
 * are written explicitly to the followers.
 */
final class RowInserter {
    /**
     * Bound bytes per statement: well under {@code max_allowed_packet} (4 MiB on MySQL 5.7, 16 MiB on
     * MariaDB, 64 MiB on MySQL 8) even after Connector/J escapes binary shares; larger chunks gain little.
     */
    static final long CHUNK_BYTES = 1 << 20;
    /** Parameters per statement, under the 65,535 a server-side prepared statement allows. */
    static final int CHUNK_PARAMS = 30_000;

    private final TableInfo table;
    private final String verb;
    private final List<ColumnInfo> plainTargets;
    private final int autoIndex;
    private final List<ColumnInfo> protectedColumns;
    private final int hiddenParams;

    /** What the rows did on the leader: its affected-row count, and the keys it generated in row order. */
    record Written(long count, long[] keys) {
    }

    /**
     * @param verb         "INSERT" or "REPLACE"
     * @param plainTargets the plain columns written, in order (the AUTO_INCREMENT one included)
     * @param autoIndex    position of the AUTO_INCREMENT column in {@code plainTargets}, or -1
     */
    RowInserter(TableInfo table, String verb, List<ColumnInfo> plainTargets, int autoIndex) {
        this.table = table;
        this.verb = verb;
        this.plainTargets = List.copyOf(plainTargets);
        this.autoIndex = autoIndex;
        this.protectedColumns = table.protectedColumns();
        int searchable = (int) protectedColumns.stream().filter(ColumnInfo::searchable).count();
        this.hiddenParams = protectedColumns.isEmpty() ? 0 : protectedColumns.size() + searchable + 1;
    }

    String verb() {
        return verb;
    }

    TableInfo table() {
        return table;
    }

    List<ColumnInfo> plainTargets() {
        return plainTargets;
    }

    int autoIndex() {
        return autoIndex;
    }

    /** Seals and writes {@code rows} in order. */
    Written write(SplitDatabase db, WriteTransaction tx, List<NewRow> rows) throws SQLException {
        int n = rows.size();
        if (n == 0) {
            return new Written(0, new long[0]);
        }
        tx.checkWritable(table);
        long[] rowids = new long[n];
        Object[][][] stored = new Object[n][][];  // [row][backend][values]
        for (int r = 0; r < n; r++) {
            rowids[r] = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
            stored[r] = protectedColumns.isEmpty() ? new Object[3][0] : db.values().sealRow(table, rows.get(r).protectedValues(), rowids[r], 1);
        }
        Sealed sealed = new Sealed(rows, rowids, stored);
        if ("INSERT".equals(verb)) {
            tx.touched(table, rowids);
        } else {
            tx.touchedTable(table.name());  // REPLACE also deletes rows whose keys the driver does not see
        }
        List<int[]> chunks = chunks(sealed);
        boolean anyGenerated = autoIndex >= 0 && rows.stream().anyMatch(NewRow::generated);
        if (!anyGenerated) {
            List<Long> counts = tx.onAll((c, b) -> run(c, b, chunks, sealed, null));
            agree(tx, counts.get(0), counts.subList(1, counts.size()));
            return new Written(counts.get(0), new long[0]);
        }
        // rows mixing explicit and generated keys, and REPLACE, go one by one on the leader: the
        // driver only trusts the server's key list for INSERTs whose every row asked for a key
        boolean allGenerated = rows.stream().allMatch(NewRow::generated) && "INSERT".equals(verb);
        List<int[]> leaderChunks = allGenerated ? chunks : singles(n);
        long[] autoValues = new long[n];
        List<Long> keys = new ArrayList<>();
        long leaderCount = 0;
        for (int[] chunk : leaderChunks) {
            LeaderResult got = tx.on(tx.leader(), (c, b) -> insertOnLeader(c, chunk, sealed));
            leaderCount += got.count();
            int k = 0;
            for (int r : chunk) {
                if (rows.get(r).generated()) {
                    if (k >= got.keys().length) {
                        throw new SQLException("backend " + tx.leader() + " returned no generated key for a row of " + table.name(), "HY000");
                    }
                    autoValues[r] = got.keys()[k++];
                    keys.add(autoValues[r]);
                }
            }
        }
        List<Long> counts = tx.onFollowers((c, b) -> run(c, b, chunks, sealed, autoValues));
        agree(tx, leaderCount, counts);
        return new Written(leaderCount, keys.stream().mapToLong(Long::longValue).toArray());
    }

    /** Replicated plain data must meet the same duplicates on every backend; if not, nothing is written. */
    private void agree(WriteTransaction tx, long leader, List<Long> followers) throws SQLException {
        List<Integer> participants = tx.participants();
        for (int i = 0; i < followers.size(); i++) {
            if (followers.get(i) != leader) {
                throw new SQLException(verb + " into " + table.name() + " affected " + leader + " rows on backend " + tx.leader() + " but "
                        + followers.get(i) + " on backend " + participants.get(i + 1) + ": the backends' copies of the table differ "
                        + "(run splitdb verify); nothing was written", "HY000");
            }
        }
    }

    private record Sealed(List<NewRow> rows, long[] rowids, Object[][][] stored) {
    }

    private record LeaderResult(long count, long[] keys) {
    }

    /** Consecutive rows per statement, bounded by bound bytes and parameter count. */
    private List<int[]> chunks(Sealed s) {
        List<int[]> chunks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        int params = 0;
        for (int r = 0; r < s.rows().size(); r++) {
            NewRow row = s.rows().get(r);
            long rowBytes = estimate(row, s.stored()[r]);
            int rowParams = row.plainValues().length + hiddenParams + 1;
            if (!current.isEmpty() && (bytes + rowBytes > CHUNK_BYTES || params + rowParams > CHUNK_PARAMS)) {
                chunks.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
                bytes = 0;
                params = 0;
            }
            current.add(r);
            bytes += rowBytes;
            params += rowParams;
        }
        chunks.add(current.stream().mapToInt(Integer::intValue).toArray());
        return chunks;
    }

    private static long estimate(NewRow row, Object[][] stored) {
        long size = 32;
        for (Object v : row.plainValues()) {
            size += estimate(v);
        }
        long shares = 0;
        for (Object[] perBackend : stored) {
            long sum = 0;
            for (Object v : perBackend) {
                sum += estimate(v);
            }
            shares = Math.max(shares, sum);
        }
        return size + shares;
    }

    private static long estimate(Object v) {
        if (v instanceof byte[] b) {
            return 2L * b.length + 12;  // escaped binary
        }
        if (v instanceof String s) {
            return 3L * s.length() + 4;
        }
        return 24;
    }

    private static List<int[]> singles(int n) {
        List<int[]> singles = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            singles.add(new int[] {r});
        }
        return singles;
    }

    private LeaderResult insertOnLeader(Connection c, int[] chunk, Sealed s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(chunk, s.rows(), false), Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, 0, chunk, s, null);
            long count = ps.executeLargeUpdate();
            List<Long> keys = new ArrayList<>();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            return new LeaderResult(count, keys.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** Writes every chunk on one backend; on followers, {@code autoValues} carries the leader's keys. */
    private long run(Connection c, int backend, List<int[]> chunks, Sealed s, long[] autoValues) throws SQLException {
        long count = 0;
        for (int[] chunk : chunks) {
            try (PreparedStatement ps = c.prepareStatement(sql(chunk, s.rows(), autoValues != null))) {
                bind(ps, backend, chunk, s, autoValues);
                count += ps.executeLargeUpdate();
            }
        }
        return count;
    }

    /** The statement text; on followers the AUTO_INCREMENT cell becomes a parameter carrying the leader's key. */
    private String sql(int[] chunk, List<NewRow> rows, boolean followerKeys) {
        StringBuilder sb = new StringBuilder(verb).append(" INTO ").append(InsertPlan.quote(table.name())).append(" (")
                .append(String.join(", ", columnNames())).append(") VALUES ");
        for (int i = 0; i < chunk.length; i++) {
            sb.append(i == 0 ? "(" : ", (");
            appendValues(sb, rows.get(chunk[i]), followerKeys);
            sb.append(')');
        }
        return sb.toString();
    }

    /** The physical columns every row writes: plain targets, then shares, blind indexes, row id and version. */
    List<String> columnNames() {
        List<String> names = new ArrayList<>();
        plainTargets.forEach(c -> names.add(InsertPlan.quote(c.name())));
        if (!protectedColumns.isEmpty()) {
            protectedColumns.forEach(c -> names.add(InsertPlan.quote(c.name())));
            protectedColumns.stream().filter(ColumnInfo::searchable).forEach(c -> names.add(InsertPlan.quote(c.indexColumn())));
            names.add(TableInfo.ROWID);
            names.add(TableInfo.VERSION);
        }
        return names;
    }

    /** One row's values list, without parentheses. */
    void appendValues(StringBuilder sb, NewRow row, boolean followerKeys) {
        List<InsertPlan.Cell> cells = row.cells();
        for (int j = 0; j < cells.size(); j++) {
            if (j > 0) {
                sb.append(", ");
            }
            sb.append(followerKeys && j == autoIndex ? "?" : cells.get(j).sql());
        }
        for (int j = 0; j < hiddenParams; j++) {
            sb.append(cells.isEmpty() && j == 0 ? "?" : ", ?");
        }
        if (hiddenParams > 0) {
            sb.append(", 1");
        }
    }

    private void bind(PreparedStatement ps, int backend, int[] chunk, Sealed s, long[] autoValues) throws SQLException {
        int p = 1;
        for (int r : chunk) {
            p = bindRow(ps, p, backend, s.rows().get(r), s.stored()[r], s.rowids()[r], autoValues == null ? null : autoValues[r]);
        }
    }

    /**
     * Binds one row's values from parameter {@code p} on; returns the next parameter index.
     *
     * @param autoValue on followers, the leader's key for a generated row (ignored for rows with an explicit key)
     */
    int bindRow(PreparedStatement ps, int p, int backend, NewRow row, Object[][] stored, long rowid, Long autoValue) throws SQLException {
        List<InsertPlan.Cell> cells = row.cells();
        int v = 0;
        for (int j = 0; j < cells.size(); j++) {
            InsertPlan.Cell cell = cells.get(j);
            if (autoValue != null && j == autoIndex) {
                if (row.generated()) {
                    ps.setLong(p++, autoValue);
                    v += cell.params().size();
                } else if (cell.isParameter()) {
                    ps.setObject(p++, row.plainValues()[v++]);
                } else {
                    throw new SQLException("cannot copy the AUTO_INCREMENT value of " + table.name() + " to the followers", "0A000");
                }
                continue;
            }
            for (int k = 0; k < cell.params().size(); k++) {
                ps.setObject(p++, row.plainValues()[v++]);
            }
        }
        if (!protectedColumns.isEmpty()) {
            for (Object o : stored[backend]) {
                ps.setObject(p++, o);
            }
            ps.setLong(p++, rowid);
        }
        return p;
    }
}
