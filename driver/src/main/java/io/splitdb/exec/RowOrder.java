package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.crypto.CollationKeys;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * ORDER BY done in the driver, over columns the backends can only order as random shares: MySQL's
 * order for each type (text by the column's collation, ENUM by member position, NULL lowest).
 */
public final class RowOrder {

    /**
     * One ORDER BY element: a column of the read rows.
     *
     * @param decrypted true for a decrypted value, false for a plain output
     * @param index     its position among decrypted values or plain outputs
     * @param column    the column, for its type and collation
     * @param ascending ASC or DESC
     */
    public record Key(boolean decrypted, int index, ColumnInfo column, boolean ascending) {
    }

    private final List<Key> keys;

    public RowOrder(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Sorts {@code rows} in place. */
    public void sort(List<ProtectedRead.Row> rows) throws SQLException {
        List<Object[]> sortKeys = new ArrayList<>(rows.size());
        for (ProtectedRead.Row r : rows) {
            Object[] k = new Object[keys.size()];
            for (int i = 0; i < k.length; i++) {
                Key key = keys.get(i);
                k[i] = sortKey(key.column(), key.decrypted() ? r.values()[key.index()] : r.plain()[key.index()]);
            }
            sortKeys.add(k);
        }
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byKeys = (a, b) -> {
            for (int i = 0; i < keys.size(); i++) {
                int c = compare(sortKeys.get(a)[i], sortKeys.get(b)[i]);
                if (c != 0) {
                    return keys.get(i).ascending() ? c : -c;
                }
            }
            return 0;
        };
        Arrays.sort(order, byKeys);
        List<ProtectedRead.Row> sorted = new ArrayList<>(rows.size());
        for (int i : order) {
            sorted.add(rows.get(i));
        }
        rows.clear();
        rows.addAll(sorted);
    }

    /** A value that sorts like MySQL sorts the column's value. */
    static Object sortKey(ColumnInfo column, Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        String base = column.type().baseName().toUpperCase(Locale.ROOT);
        if (base.equals("ENUM")) {
            List<String> members = column.type().members();
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).equalsIgnoreCase(value.toString())) {
                    return i + 1;
                }
            }
            return 0;
        }
        if (base.equals("SET") || base.equals("JSON")) {
            throw new SQLFeatureNotSupportedException("splitdb does not support ORDER BY a protected " + base + " column ("
                    + column.name() + ")", "0A000");
        }
        if (column.type().isText()) {
            return new Bytes(CollationKeys.equalityKey(value.toString(), column.collation()));
        }
        if (value instanceof byte[] b) {
            return new Bytes(b);
        }
        if (value instanceof Comparable<?>) {
            return value;
        }
        throw new SQLFeatureNotSupportedException("splitdb cannot order by the value kind of column " + column.name(), "0A000");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;  // NULL sorts lowest, as in MySQL
        }
        if (a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        return a.toString().compareTo(b.toString());
    }

    /** Bytes compared unsigned, left to right: collation keys and binary strings. */
    private record Bytes(byte[] bytes) implements Comparable<Bytes> {
        @Override
        public int compareTo(Bytes o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }
    }
}
