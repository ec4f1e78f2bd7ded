package io.splitdb.catalog;

import io.splitdb.policy.ColumnPolicy;
import io.splitdb.policy.Protection;
import io.splitdb.types.LogicalType;

/**
 * One logical column as the application declared it, and how it is stored.
 *
 * @param name          the application's column name, as declared
 * @param ordinal       1-based position in the logical table
 * @param type          the declared SQL type
 * @param nullable      false for NOT NULL columns (the driver enforces it for protected ones)
 * @param policy        protection, search and, for encrypted columns, the holding backend (0..2)
 * @param collation     the collation equality follows (text columns), for the blind index
 * @param autoIncrement true for the AUTO_INCREMENT column
 * @param defaultSql    the DEFAULT clause's expression as written, or null
 */
public record ColumnInfo(String name, int ordinal, LogicalType type, boolean nullable, ColumnPolicy policy,
                         String collation, boolean autoIncrement, String defaultSql) {

    public boolean isProtected() {
        return policy.protect().isProtected();
    }

    public Protection protect() {
        return policy.protect();
    }

    public boolean searchable() {
        return policy.searchable();
    }

    /** The physical column holding the blind index. */
    public String indexColumn() {
        return name + "_bidx";
    }

    /** True if this backend stores a share or the ciphertext of the column. */
    public boolean storedOn(int backend) {
        return policy.protect() != Protection.ENCRYPTED || policy.holder() == backend;
    }
}
