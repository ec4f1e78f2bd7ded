package io.splitdb.exec;

import io.splitdb.catalog.TableInfo;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PRIMARY KEY and UNIQUE keys of a managed table as the backends enforce them, read from
 * {@code information_schema} (the catalog records only the primary key). The hidden row id's own
 * key is left out: the driver chooses row ids, so they never collide with the application's.
 */
public final class UniqueKeys {

    private UniqueKeys() {
    }

    /**
     * One unique index.
     *
     * @param name     the index name ({@code PRIMARY} for the primary key)
     * @param columns  its physical column names, in key order
     * @param prefixed true if some column is indexed by a prefix only ({@code UNIQUE (name(10))})
     */
    public record Key(String name, List<String> columns, boolean prefixed) {
    }

    /** The table's unique keys, the primary key first. */
    public static List<Key> of(SplitDatabase db, TableInfo table) throws SQLException {
        return Reads.one(db, (c, b) -> {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            Map<String, Boolean> prefixed = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS "
                    + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0 "
                    + "ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
                ps.setString(1, table.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String index = rs.getString(1);
                        columns.computeIfAbsent(index, k -> new ArrayList<>()).add(rs.getString(2));
                        prefixed.merge(index, rs.getObject(3) != null, Boolean::logicalOr);
                    }
                }
            }
            List<Key> keys = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : columns.entrySet()) {
                if (e.getValue().size() == 1 && e.getValue().get(0).equalsIgnoreCase(TableInfo.ROWID)) {
                    continue;
                }
                keys.add(new Key(e.getKey(), List.copyOf(e.getValue()), prefixed.get(e.getKey())));
            }
            return keys;
        });
    }
}
