package io.splitdb.audit;

import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one statement did to protected data, before it is chained: kind, tables, protected
 * columns, shape and rows. Built from an {@link AuditCapture}; fields are cut to the lengths of
 * {@code _split_audit}'s columns here, so what is chained is exactly what is stored.
 */
public record AuditEvent(String kind, String tables, String columns, String shape, long rowCount, String rowKeys) {
    static final int MAX_TABLES = 1000;
    static final int MAX_COLUMNS = 2000;
    static final int MAX_SHAPE = 60_000;
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_$]+");

    public AuditEvent {
        tables = cut(tables, MAX_TABLES);
        columns = cut(columns, MAX_COLUMNS);
        shape = cut(shape, MAX_SHAPE);
    }

    /**
     * The event of a statement, or null if it touched no protected data (plain tables, and reads
     * of only the plain columns of split tables, are not audited).
     *
     * @param shape the statement with its literals lifted out (the plan cache key)
     */
    public static AuditEvent of(Catalog catalog, String shape, AuditCapture c) {
        if (c.isEmpty()) {
            return null;  // the common case of a plain read: nothing to look at
        }
        Set<String> tables = new LinkedHashSet<>();
        Set<String> columns = new LinkedHashSet<>();
        String kind;
        if (!c.schemaChanged().isEmpty()) {
            kind = "ddl";
            tables.addAll(c.schemaChanged());
        } else {
            java.util.function.Supplier<Set<String>> shapeWords = new java.util.function.Supplier<>() {
                private Set<String> words;

                @Override
                public Set<String> get() {
                    if (words == null) {
                        words = words(shape);  // only for writes to split tables
                    }
                    return words;
                }
            };
            for (String t : c.writtenWhole()) {
                TableInfo info = catalog.table(t);
                if (info != null && info.hasProtectedColumns()) {
                    tables.add(info.name());
                    named(info, info.protectedColumns().stream().map(ColumnInfo::name).toList(), shapeWords.get(), columns);
                }
            }
            c.written().forEach((t, protectedColumns) -> {
                tables.add(t);
                named(catalog.table(t), protectedColumns, shapeWords.get(), columns);
            });
            kind = tables.isEmpty() ? "read" : "write";
            Set<String> writtenTables = new java.util.HashSet<>(tables);
            c.readColumns().forEach((t, read) -> {
                // a write decrypts its rows' other columns to re-seal them: what it names is what it touched
                if (writtenTables.add(t)) {
                    tables.add(t);
                    read.forEach(col -> columns.add(t + "." + col));
                }
            });
            if (tables.isEmpty()) {
                return null;
            }
        }
        boolean keysUnknown = !c.writtenWhole().isEmpty() && c.keyCount() == 0;
        return new AuditEvent(kind, String.join(",", tables), String.join(",", columns), shape,
                kind.equals("ddl") ? 0 : keysUnknown ? -1 : c.keyCount(), String.join(" ", c.keys()));
    }

    /**
     * The protected columns of a written table that the statement names; all of them if it names
     * none (an INSERT without a column list, a DELETE).
     */
    private static void named(TableInfo table, List<String> protectedColumns, Set<String> shapeWords, Set<String> into) {
        String t = table == null ? "?" : table.name();
        List<String> named = protectedColumns.stream().filter(col -> shapeWords.contains(col.toLowerCase(Locale.ROOT))).toList();
        (named.isEmpty() ? protectedColumns : named).forEach(col -> into.add(t + "." + col));
    }

    private static Set<String> words(String sql) {
        Set<String> words = new java.util.HashSet<>();
        Matcher m = WORD.matcher(sql);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
