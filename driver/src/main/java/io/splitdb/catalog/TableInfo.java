package io.splitdb.catalog;

import java.util.List;
import java.util.Locale;

/**
 * A logical table: the columns the application sees, in order, and its key.
 *
 * @param name       as declared
 * @param columns    in declared order
 * @param primaryKey the declared primary key column names (empty if none)
 */
public record TableInfo(String name, List<ColumnInfo> columns, List<String> primaryKey) {

    /** Hidden row id: driver-chosen, never changes, binds ciphertexts to their row. */
    public static final String ROWID = "_split_rowid";
    /** Hidden row version: bumped whenever protected values are rewritten. */
    public static final String VERSION = "_split_ver";

    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** The column named {@code name} (case-insensitive), or null. */
    public ColumnInfo column(String name) {
        String key = unquote(name).toLowerCase(Locale.ROOT);
        for (ColumnInfo c : columns) {
            if (c.name().toLowerCase(Locale.ROOT).equals(key)) {
                return c;
            }
        }
        return null;
    }

    public boolean hasProtectedColumns() {
        return columns.stream().anyMatch(ColumnInfo::isProtected);
    }

    public List<ColumnInfo> protectedColumns() {
        return columns.stream().filter(ColumnInfo::isProtected).toList();
    }

    public ColumnInfo autoIncrementColumn() {
        return columns.stream().filter(ColumnInfo::autoIncrement).findFirst().orElse(null);
    }

    /** Strips MySQL backticks or ANSI double quotes from an identifier. */
    public static String unquote(String identifier) {
        if (identifier.length() >= 2) {
            char first = identifier.charAt(0);
            char last = identifier.charAt(identifier.length() - 1);
            if ((first == '`' && last == '`') || (first == '"' && last == '"')) {
                return identifier.substring(1, identifier.length() - 1);
            }
        }
        return identifier;
    }
}
