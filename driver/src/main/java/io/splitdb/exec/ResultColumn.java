package io.splitdb.exec;

import io.splitdb.types.LogicalType;

/**
 * One column of a result as the application sees it.
 *
 * @param label  {@code getColumnLabel}: the alias, or the expression as written
 * @param name   {@code getColumnName}: the underlying column's name
 * @param table  {@code getTableName}, or "" for computed columns
 * @param type   the logical type (the declared type for protected columns)
 * @param nullable one of {@link java.sql.ResultSetMetaData} nullability constants
 * @param autoIncrement true for the AUTO_INCREMENT column
 */
public record ResultColumn(String label, String name, String table, LogicalType type, int nullable, boolean autoIncrement) {
}
