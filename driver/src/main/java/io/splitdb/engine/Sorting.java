package io.splitdb.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** MySQL's ORDER BY comparison of single values: NULL first, text by collation. */
final class Sorting {

    private Sorting() {
    }

    /**
     * {@code items} in the order of their sort keys ({@code keys.get(i)} belongs to
     * {@code items.get(i)}), compared column by column with each column's collation and
     * direction; stable, so ties keep their order.
     */
    static <T> List<T> byKeys(List<T> items, List<Object[]> rawKeys, String[] collations, boolean[] ascending) {
        List<Object[]> keys = textAsCollationKeys(rawKeys, collations);
        Integer[] idx = new Integer[items.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            for (int i = 0; i < collations.length; i++) {
                int c = compareNullsLow(keys.get(a)[i], keys.get(b)[i], collations[i]);
                if (c != 0) {
                    return ascending[i] ? c : -c;
                }
            }
            return 0;
        });
        List<T> sorted = new ArrayList<>(items.size());
        for (int i : idx) {
            sorted.add(items.get(i));
        }
        return sorted;
    }

    static int compareNullsLow(Object a, Object b, String collation) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof CollationKey x && b instanceof CollationKey y) {
            return Arrays.compareUnsigned(x.bytes, y.bytes);
        }
        return Values.compare(a, b, collation);
    }

    /** A text value's collation key, computed once per value rather than once per comparison. */
    private record CollationKey(byte[] bytes) {
    }

    /** Where every value of a key column is text, its collation keys instead (the same order, cheaper to compare). */
    private static List<Object[]> textAsCollationKeys(List<Object[]> keys, String[] collations) {
        boolean[] text = new boolean[collations.length];
        for (int i = 0; i < text.length; i++) {
            text[i] = true;
            for (Object[] k : keys) {
                if (k[i] != null && !(k[i] instanceof String)) {
                    text[i] = false;
                    break;
                }
            }
        }
        List<Object[]> out = new ArrayList<>(keys.size());
        for (Object[] k : keys) {
            Object[] c = k.clone();
            for (int i = 0; i < c.length; i++) {
                if (text[i] && c[i] != null) {
                    c[i] = new CollationKey(io.splitdb.crypto.CollationKeys.equalityKey((String) c[i], collations[i]));
                }
            }
            out.add(c);
        }
        return out;
    }
}
