package io.splitdb.types;

/**
 * The server whose assignment rules {@link ValueCodec#normalize(LogicalType, Object, String, Flavor)}
 * follows where MySQL 8 and MariaDB 11 differ under their default SQL modes.
 */
public enum Flavor {
    /** MySQL 8: fractional seconds beyond a column's precision round; invalid JSON fails with SQLState 22032. */
    MYSQL,
    /** MariaDB 11: fractional seconds beyond a column's precision are cut; invalid JSON fails its CHECK (SQLState 23000). */
    MARIADB;

    boolean roundsFractions() {
        return this == MYSQL;
    }
}
