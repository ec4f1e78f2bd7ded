package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.types.ValueCodec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code INSERT ... VALUES} into a managed table. Protected values are sealed per row and split;
 * plain values are written to all three backends. AUTO_INCREMENT keys come from the leader
 * (backend 0) and are written explicitly to the followers, so all three agree and
 * {@code getGeneratedKeys()} works.
 */
public final class InsertPlan implements Plan {
    private final TableInfo table;
    private final String verb;
    private final List<ColumnInfo> plainTargets;
    private final List<List<Cell>> plainRows;
    private final List<ColumnInfo> protectedColumns;
    private final List<List<ValueSource>> protectedRows;
    private final int autoIndex;

    /** A plain value as SQL for the backends, with its parameters. */
    public record Cell(String sql, List<ValueSource> params) {
        /** True if the cell is one bare parameter (its value can be inspected before sending). */
        boolean isParameter() {
            return "?".equals(sql) && params.size() == 1;
        }
    }

    /**
     * @param verb           "INSERT" or "INSERT IGNORE"-free variants; the statement keyword
     * @param plainTargets   the plain columns written, in order (the AUTO_INCREMENT one included)
     * @param plainRows      per row, one cell per plain target
     * @param protectedRows  per row, one source per protected column of the table (every
     *                       protected column is always written: an omitted one gets its default)
     * @param autoIndex      position of the AUTO_INCREMENT column in {@code plainTargets}, or -1
     */
    public InsertPlan(TableInfo table, String verb, List<ColumnInfo> plainTargets, List<List<Cell>> plainRows,
                      List<List<ValueSource>> protectedRows, int autoIndex) {
        this.table = table;
        this.verb = verb;
        this.plainTargets = List.copyOf(plainTargets);
        this.plainRows = List.copyOf(plainRows);
        this.protectedColumns = table.protectedColumns();
        this.protectedRows = List.copyOf(protectedRows);
        this.autoIndex = autoIndex;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        int n = plainRows.size();
        boolean hidden = !protectedColumns.isEmpty();
        long[] rowids = new long[n];
        Object[][][] stored = new Object[n][][];  // [row][backend][values]
        for (int r = 0; r < n; r++) {
            rowids[r] = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
            stored[r] = hidden ? seal(db, r, rowids[r], args) : new Object[3][0];
        }
        Object[][] plainValues = new Object[n][];
        boolean[] generated = new boolean[n];
        int generatedCount = 0;
        for (int r = 0; r < n; r++) {
            List<Cell> row = plainRows.get(r);
            List<Object> values = new ArrayList<>();
            for (Cell cell : row) {
                for (ValueSource s : cell.params()) {
                    values.add(s.resolve(args));
                }
            }
            plainValues[r] = values.toArray();
            if (autoIndex >= 0) {
                Cell auto = row.get(autoIndex);
                if ("NULL".equalsIgnoreCase(auto.sql()) || "DEFAULT".equalsIgnoreCase(auto.sql())) {
                    generated[r] = true;
                } else if (auto.isParameter()) {
                    Object v = auto.params().get(0).resolve(args);
                    generated[r] = v == null || (v instanceof Number num && num.longValue() == 0)
                            || (v instanceof String s && (s.isBlank() || s.trim().equals("0")));
                }
            }
            if (generated[r]) {
                generatedCount++;
            }
        }
        long[] keys = new long[generatedCount];
        long count;
        try (WriteTransaction tx = WriteTransaction.begin(db)) {
            if (generatedCount > 0) {
                long[] autoValues = new long[n];
                // rows mixing explicit and generated keys go one by one: the driver only trusts
                // the server's key list for statements whose every row asked for a key
                boolean oneByOne = generatedCount != n;
                List<int[]> batches = new ArrayList<>();
                if (oneByOne) {
                    for (int r = 0; r < n; r++) {
                        batches.add(new int[] {r});
                    }
                } else {
                    int[] all = new int[n];
                    for (int r = 0; r < n; r++) {
                        all[r] = r;
                    }
                    batches.add(all);
                }
                int k = 0;
                for (int[] batch : batches) {
                    long[] got = tx.on(0, (c, b) -> insertOnLeader(c, batch, rowids, stored, plainValues, args));
                    for (int i = 0; i < batch.length; i++) {
                        if (generated[batch[i]]) {
                            if (i >= got.length) {
                                throw new SQLException("backend 0 returned no generated key for a row of " + table.name(), "HY000");
                            }
                            autoValues[batch[i]] = got[i];
                            keys[k++] = got[i];
                        }
                    }
                }
                tx.onFollowers((c, b) -> execute(c, b, all(n), rowids, stored, plainValues, generated, autoValues));
                count = n;
            } else {
                List<Long> counts = tx.onAll((c, b) -> execute(c, b, all(n), rowids, stored, plainValues, generated, null));
                count = counts.get(0);
            }
            tx.commit();
        }
        return ExecResult.update(count, keys);
    }

    private Object[][] seal(SplitDatabase db, int r, long rowid, Object[] args) throws SQLException {
        List<ValueSource> sources = protectedRows.get(r);
        Object[] values = new Object[protectedColumns.size()];
        for (int i = 0; i < values.length; i++) {
            ColumnInfo c = protectedColumns.get(i);
            values[i] = ValueCodec.normalize(c.type(), sources.get(i).resolve(args), c.name());
            if (values[i] == null && !c.nullable()) {
                throw new SQLIntegrityConstraintViolationException("Column '" + c.name() + "' cannot be null", "23000", 1048);
            }
        }
        return db.values().sealRow(table, values, rowid, 1);
    }

    private int countSearchable() {
        return (int) protectedColumns.stream().filter(ColumnInfo::searchable).count();
    }

    private long[] insertOnLeader(java.sql.Connection c, int[] rows, long[] rowids, Object[][][] stored, Object[][] plainValues,
                                  Object[] args) throws SQLException {
        String sql = sql(rows, true, null);
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, 0, rows, rowids, stored, plainValues, null, null);
            ps.executeUpdate();
            List<Long> keys = new ArrayList<>();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            return keys.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private long execute(java.sql.Connection c, int backend, int[] rows, long[] rowids, Object[][][] stored, Object[][] plainValues,
                         boolean[] generated, long[] autoValues) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(rows, false, autoValues))) {
            bind(ps, backend, rows, rowids, stored, plainValues, generated, autoValues);
            return ps.executeLargeUpdate();
        }
    }

    /** The INSERT text; on followers the AUTO_INCREMENT cell becomes a parameter carrying the leader's key. */
    private String sql(int[] rows, boolean leader, long[] autoValues) {
        StringBuilder sb = new StringBuilder(verb).append(" INTO ").append(quote(table.name())).append(" (");
        List<String> names = new ArrayList<>();
        plainTargets.forEach(c -> names.add(quote(c.name())));
        if (!protectedColumns.isEmpty()) {
            protectedColumns.forEach(c -> names.add(quote(c.name())));
            protectedColumns.stream().filter(ColumnInfo::searchable).forEach(c -> names.add(quote(c.indexColumn())));
            names.add(TableInfo.ROWID);
            names.add(TableInfo.VERSION);
        }
        sb.append(String.join(", ", names)).append(") VALUES ");
        int hiddenParams = protectedColumns.isEmpty() ? 0 : protectedColumns.size() + countSearchable() + 1;
        for (int i = 0; i < rows.length; i++) {
            sb.append(i == 0 ? "(" : ", (");
            List<Cell> cells = plainRows.get(rows[i]);
            for (int j = 0; j < cells.size(); j++) {
                if (j > 0) {
                    sb.append(", ");
                }
                boolean followerKey = !leader && autoValues != null && j == autoIndex;
                sb.append(followerKey ? "?" : cells.get(j).sql());
            }
            for (int j = 0; j < hiddenParams; j++) {
                sb.append(cells.isEmpty() && j == 0 ? "?" : ", ?");
            }
            if (hiddenParams > 0) {
                sb.append(", 1");
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private void bind(PreparedStatement ps, int backend, int[] rows, long[] rowids, Object[][][] stored, Object[][] plainValues,
                      boolean[] generated, long[] autoValues) throws SQLException {
        int p = 1;
        for (int r : rows) {
            List<Cell> cells = plainRows.get(r);
            int v = 0;
            for (int j = 0; j < cells.size(); j++) {
                Cell cell = cells.get(j);
                if (autoValues != null && j == autoIndex) {
                    // followers: the leader's generated key, or the explicit value the row gave
                    if (generated[r]) {
                        ps.setLong(p++, autoValues[r]);
                        v += cell.params().size();
                    } else if (cell.isParameter()) {
                        ps.setObject(p++, plainValues[r][v++]);
                    } else {
                        throw new SQLException("cannot copy the AUTO_INCREMENT value of " + table.name() + " to the followers", "0A000");
                    }
                    continue;
                }
                for (int k = 0; k < cell.params().size(); k++) {
                    ps.setObject(p++, plainValues[r][v++]);
                }
            }
            if (!protectedColumns.isEmpty()) {
                for (Object o : stored[r][backend]) {
                    ps.setObject(p++, o);
                }
                ps.setLong(p++, rowids[r]);
            }
        }
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
