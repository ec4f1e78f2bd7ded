package io.splitdb.engine;

/** MySQL's ORDER BY comparison of single values: NULL first, text by collation. */
final class Sorting {

    private Sorting() {
    }

    static int compareNullsLow(Object a, Object b, String collation) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return Values.compare(a, b, collation);
    }
}
