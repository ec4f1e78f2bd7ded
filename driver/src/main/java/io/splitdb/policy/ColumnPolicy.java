package io.splitdb.policy;

/**
 * The protection a DBA chose for one column.
 *
 * @param protect how values are stored
 * @param search  which searches a blind index supports
 * @param bits    blind index length in bits (1..64); short indexes give false positives the
 *                driver filters out, and resist brute force over small value spaces
 * @param holder  for {@link Protection#ENCRYPTED}: the backend (0..2) that holds the
 *                ciphertext, or -1 to derive it from the table and column name
 */
public record ColumnPolicy(Protection protect, Search search, int bits, int holder) {

    public static final int DEFAULT_BITS = 32;

    public static final ColumnPolicy PLAIN = new ColumnPolicy(Protection.PLAIN, Search.NONE, 0, -1);

    public boolean searchable() {
        return protect.isProtected() && search == Search.EQUALITY;
    }
}
