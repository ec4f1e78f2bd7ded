package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.types.ValueCodec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code INSERT ... ON DUPLICATE KEY UPDATE} on a managed table, row by row inside the statement's
 * write transaction, because a protected value must be sealed for the row it lands in (its row id
 * and version are bound into the ciphertext), and only the driver knows which row that is:
 *
 * <ol>
 * <li>the existing rows the new row collides with are read and locked on all three backends
 *     ({@code SELECT ... FOR UPDATE} by the table's PRIMARY KEY and UNIQUE keys, which hold plain
 *     columns only, so the backends compare them with the column's own collation);</li>
 * <li>no collision: the row is inserted like any other;</li>
 * <li>one existing row: its protected values are decrypted, the clause's new protected values
 *     computed, and each backend runs the same {@code INSERT ... ON DUPLICATE KEY UPDATE} with the
 *     plain assignments as written (so {@code VALUES(col)}, expressions over plain columns and the
 *     affected-row count are the server's own) plus, if a protected value changed, every protected
 *     value re-sealed under the existing row id and the next version;</li>
 * <li>more than one existing row (the row collides on two keys with different rows): refused, as
 *     MySQL's choice of which row to update is documented as unsafe.</li>
 * </ol>
 */
public final class OnDuplicateKey {

    /**
     * One column of a unique key, and where the new row's value for it is.
     *
     * @param target  the column's position among the INSERT's plain targets, or -1 if the INSERT omits it
     * @param omitted the value an omitted column (or DEFAULT) takes: its literal default, or NULL
     */
    public record KeyPart(ColumnInfo column, int target, ValueSource omitted) {
    }

    /** Where a protected column's new value comes from. */
    public sealed interface Operand permits FromArgs, FromRow, FromTarget {
    }

    /** A literal, a parameter or DEFAULT. */
    public record FromArgs(ValueSource source) implements Operand {
    }

    /** {@code VALUES(c)} for protected column number {@code index} (in {@link TableInfo#protectedColumns()}). */
    public record FromRow(int index) implements Operand {
    }

    /** {@code VALUES(p)} for the plain target at position {@code target}. */
    public record FromTarget(int target) implements Operand {
    }

    private final TableInfo table;
    private final List<List<KeyPart>> keys;
    private final String plainUpdate;
    private final List<ValueSource> plainParams;
    private final int argCount;
    private final List<Integer> rowRefs;
    private final Map<Integer, Operand> protectedSets;
    private final List<ColumnInfo> protectedColumns;

    /**
     * @param keys          the table's unique keys
     * @param plainUpdate   the assignments to plain columns as backend SQL (may be empty)
     * @param plainParams   sources of its {@code ?}: the statement's arguments, then (from index
     *                      {@code argCount} on) the new row's values of the protected columns in {@code rowRefs}
     * @param rowRefs       protected column numbers whose new values plain assignments take ({@code p = VALUES(c)})
     * @param protectedSets new values of protected columns by number, in the order written
     */
    public OnDuplicateKey(TableInfo table, List<List<KeyPart>> keys, String plainUpdate, List<ValueSource> plainParams, int argCount,
                          List<Integer> rowRefs, Map<Integer, Operand> protectedSets) {
        this.table = table;
        this.keys = keys.stream().map(List::copyOf).toList();
        this.plainUpdate = plainUpdate;
        this.plainParams = List.copyOf(plainParams);
        this.argCount = argCount;
        this.rowRefs = List.copyOf(rowRefs);
        this.protectedSets = new LinkedHashMap<>(protectedSets);
        this.protectedColumns = table.protectedColumns();
    }

    /**
     * Inserts or updates each row in turn. The count is MySQL's: 1 per inserted row, 2 per changed
     * row, 1 per unchanged one (Connector/J's default found-rows flag). The key is what Connector/J
     * reports for the statement: one value, the first key generated for an inserted row, else the
     * AUTO_INCREMENT value of the first row updated.
     */
    RowInserter.Written write(SplitDatabase db, WriteTransaction tx, RowInserter inserter, List<NewRow> rows, Object[] args)
            throws SQLException {
        tx.checkWritable(table);
        tx.touchedTable(table.name());  // rows are updated by key, and may be new or old
        long count = 0;
        List<Long> inserted = new ArrayList<>();
        List<Long> updated = new ArrayList<>();
        for (NewRow row : rows) {
            count += one(db, tx, inserter, row, args, inserted, updated);
        }
        List<Long> reported = !inserted.isEmpty() ? inserted : updated;
        return new RowInserter.Written(count, reported.isEmpty() ? new long[0] : new long[] {reported.get(0)});
    }

    private long one(SplitDatabase db, WriteTransaction tx, RowInserter inserter, NewRow row, Object[] args, List<Long> generated,
                     List<Long> updated) throws SQLException {
        List<String> disjuncts = new ArrayList<>();
        List<Object> keyValues = new ArrayList<>();
        for (List<KeyPart> key : keys) {
            List<Object> values = new ArrayList<>();
            for (KeyPart part : key) {
                Object v = keyValue(part, row, inserter.autoIndex(), args);
                if (v == null) {
                    break;  // NULL never collides
                }
                values.add(v);
            }
            if (values.size() == key.size()) {
                disjuncts.add("(" + String.join(" AND ", key.stream().map(p -> InsertPlan.quote(p.column().name()) + " = ?").toList()) + ")");
                keyValues.addAll(values);
            }
        }
        Map<Long, Existing> found = disjuncts.isEmpty() ? Map.of() : lock(db, tx, String.join(" OR ", disjuncts), keyValues);
        if (found.isEmpty()) {
            RowInserter.Written w = inserter.write(db, tx, List.of(row));
            for (long k : w.keys()) {
                generated.add(k);
            }
            return w.count();
        }
        if (found.size() > 1) {
            throw new java.sql.SQLFeatureNotSupportedException("INSERT ... ON DUPLICATE KEY UPDATE on " + table.name()
                    + ": the new row collides with " + found.size() + " existing rows on different unique keys, and MySQL "
                    + "updates only one of them (unsafe); not supported", "0A000");
        }
        return update(db, tx, inserter, row, args, found.values().iterator().next(), updated);
    }

    private Object keyValue(KeyPart part, NewRow row, int autoIndex, Object[] args) throws SQLException {
        if (part.target() < 0) {
            return part.omitted().resolve(args);
        }
        if (part.target() == autoIndex && row.generated()) {
            return null;
        }
        InsertPlan.Cell cell = row.cells().get(part.target());
        if (cell.isParameter()) {
            return row.plainValue(part.target());
        }
        if ("NULL".equalsIgnoreCase(cell.sql())) {
            return null;
        }
        if ("DEFAULT".equalsIgnoreCase(cell.sql())) {
            return part.omitted().resolve(args);
        }
        throw new java.sql.SQLFeatureNotSupportedException("INSERT ... ON DUPLICATE KEY UPDATE on " + table.name()
                + " with the expression '" + cell.sql() + "' as the value of unique key column " + part.column().name()
                + " (use a literal or a parameter)", "0A000");
    }

    /** An existing row as one backend holds it. */
    private record Existing(long rowid, long version, byte[][] stored) {
    }

    /** Reads and locks the colliding rows on all three backends; they must hold the same rows at the same versions. */
    private Map<Long, Existing> lock(SplitDatabase db, WriteTransaction tx, String where, List<Object> keyValues) throws SQLException {
        boolean hidden = !protectedColumns.isEmpty();
        List<String> select = new ArrayList<>();
        protectedColumns.forEach(c -> select.add(InsertPlan.quote(c.name())));
        select.add(hidden ? TableInfo.ROWID : "0");
        select.add(hidden ? TableInfo.VERSION : "0");
        String sql = "SELECT " + String.join(", ", select) + " FROM " + InsertPlan.quote(table.name()) + " WHERE " + where + " FOR UPDATE";
        List<List<Existing>> read = tx.onAll((c, b) -> read(c, sql, keyValues));
        // by backend index: a backend that is down has no rows here (its share is absent, the other two suffice)
        List<List<Existing>> perBackend = new ArrayList<>(java.util.Collections.nCopies(3, (List<Existing>) null));
        for (int i = 0; i < read.size(); i++) {
            perBackend.set(tx.participants().get(i), read.get(i));
        }
        List<Existing> first = read.get(0);
        for (int p = 1; p < read.size(); p++) {
            List<Existing> other = read.get(p);
            boolean same = other.size() == first.size();
            for (int i = 0; same && i < first.size(); i++) {
                same = other.get(i).rowid() == first.get(i).rowid() && other.get(i).version() == first.get(i).version();
            }
            if (!same) {
                throw new SQLException("the backends' copies of " + table.name() + " differ for the rows this INSERT ... ON DUPLICATE "
                        + "KEY UPDATE collides with (run splitdb verify); nothing was written", "HY000");
            }
        }
        Map<Long, Existing> rows = new LinkedHashMap<>();
        for (int i = 0; i < first.size(); i++) {
            byte[][][] stored = new byte[3][][];
            for (int b = 0; b < 3; b++) {
                stored[b] = perBackend.get(b) == null ? new byte[protectedColumns.size()][] : perBackend.get(b).get(i).stored();
            }
            // per column, per backend
            byte[][] byColumn = new byte[protectedColumns.size() * 3][];
            for (int k = 0; k < protectedColumns.size(); k++) {
                for (int b = 0; b < 3; b++) {
                    byColumn[k * 3 + b] = stored[b][k];
                }
            }
            Existing e = first.get(i);
            rows.put(hidden ? e.rowid() : i, new Existing(e.rowid(), e.version(), byColumn));
        }
        return rows;
    }

    private List<Existing> read(Connection c, String sql, List<Object> keyValues) throws SQLException {
        List<Existing> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < keyValues.size(); i++) {
                ps.setObject(i + 1, keyValues.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = protectedColumns.size();
                while (rs.next()) {
                    byte[][] stored = new byte[n][];
                    for (int k = 0; k < n; k++) {
                        stored[k] = rs.getBytes(k + 1);
                    }
                    rows.add(new Existing(rs.getLong(n + 1), rs.getLong(n + 2), stored));
                }
            }
        }
        rows.sort(java.util.Comparator.comparingLong(Existing::rowid));
        return rows;
    }

    private long update(SplitDatabase db, WriteTransaction tx, RowInserter inserter, NewRow row, Object[] args, Existing existing,
                        List<Long> updated) throws SQLException {
        Object[] values = decrypt(db, existing);
        boolean changed = false;
        for (Map.Entry<Integer, Operand> set : protectedSets.entrySet()) {
            ColumnInfo c = protectedColumns.get(set.getKey());
            Object v = InsertPlan.normalize(c, resolve(set.getValue(), row, args));
            changed |= !Arrays.equals(ValueCodec.encode(c.type(), values[set.getKey()]), ValueCodec.encode(c.type(), v));
            values[set.getKey()] = v;
        }
        Object[] extended = Arrays.copyOf(args, argCount + rowRefs.size());
        for (int i = 0; i < rowRefs.size(); i++) {
            int k = rowRefs.get(i);
            extended[argCount + i] = BackendValues.parameter(row.protectedValues()[k], protectedColumns.get(k).type());
        }
        List<Object> plainValues = new ArrayList<>();
        for (ValueSource s : plainParams) {
            plainValues.add(s.resolve(extended));
        }
        List<String> sets = new ArrayList<>();
        if (!plainUpdate.isEmpty()) {
            sets.add(plainUpdate);
        }
        Object[][] resealed = null;
        if (changed) {
            resealed = db.values().sealRow(table, values, existing.rowid(), existing.version() + 1);
            protectedColumns.forEach(c -> sets.add(InsertPlan.quote(c.name()) + " = ?"));
            protectedColumns.stream().filter(ColumnInfo::searchable).forEach(c -> sets.add(InsertPlan.quote(c.indexColumn()) + " = ?"));
            sets.add(TableInfo.VERSION + " = ?");
        }
        if (sets.isEmpty()) {
            // nothing to assign: MySQL still reports the row as found
            sets.add(InsertPlan.quote(table.columns().get(0).name()) + " = " + InsertPlan.quote(table.columns().get(0).name()));
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(InsertPlan.quote(table.name())).append(" (")
                .append(String.join(", ", inserter.columnNames())).append(") VALUES (");
        inserter.appendValues(sql, row, false);
        sql.append(") ON DUPLICATE KEY UPDATE ").append(String.join(", ", sets));
        // the VALUES part is never inserted (the colliding row is locked), but is sealed as a valid row all the same
        long freshRowid = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        Object[][] fresh = protectedColumns.isEmpty() ? new Object[3][0] : db.values().sealRow(table, row.protectedValues(), freshRowid, 1);
        Object[][] newStored = resealed;
        boolean reportKey = inserter.autoIndex() >= 0;
        List<Long> counts = tx.onAll((c, b) -> {
            try (PreparedStatement ps = b == tx.leader() && reportKey ? c.prepareStatement(sql.toString(), java.sql.Statement.RETURN_GENERATED_KEYS)
                    : c.prepareStatement(sql.toString())) {
                int p = inserter.bindRow(ps, 1, b, row, fresh, freshRowid, null);
                for (Object v : plainValues) {
                    ps.setObject(p++, v);
                }
                if (newStored != null) {
                    for (Object v : newStored[b]) {
                        ps.setObject(p++, v);
                    }
                    ps.setLong(p, existing.version() + 1);
                }
                long n = ps.executeLargeUpdate();
                if (b == tx.leader() && reportKey) {
                    // the server reports the updated row's AUTO_INCREMENT value, as plain Connector/J shows it
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        if (keys.next()) {
                            synchronized (updated) {
                                updated.add(keys.getLong(1));
                            }
                        }
                    }
                }
                return n;
            }
        });
        for (int b = 1; b < counts.size(); b++) {
            if (!counts.get(b).equals(counts.get(0))) {
                throw new SQLException("INSERT ... ON DUPLICATE KEY UPDATE on " + table.name() + " affected " + counts.get(0)
                        + " rows on backend " + tx.leader() + " but " + counts.get(b) + " on backend " + tx.participants().get(b) + " (run splitdb verify); nothing was written", "HY000");
            }
        }
        return counts.get(0);
    }

    private Object[] decrypt(SplitDatabase db, Existing e) throws SQLException {
        Object[] values = new Object[protectedColumns.size()];
        boolean[] present = {true, true, true};
        for (int k = 0; k < values.length; k++) {
            byte[][] stored = {e.stored()[k * 3], e.stored()[k * 3 + 1], e.stored()[k * 3 + 2]};
            values[k] = db.values().open(table, protectedColumns.get(k), stored, present, e.rowid(), e.version());
        }
        return values;
    }

    private Object resolve(Operand operand, NewRow row, Object[] args) throws SQLException {
        if (operand instanceof FromArgs a) {
            return a.source().resolve(args);
        }
        if (operand instanceof FromRow r) {
            return row.protectedValues()[r.index()];
        }
        FromTarget t = (FromTarget) operand;
        return row.plainValue(t.target());
    }
}
