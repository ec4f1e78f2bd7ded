package io.splitdb.cli;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.SplitDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The application's tables as the driver sees them, for init and migrate. */
final class Tables {
    private Tables() {
    }

    /** The application's tables in the split database (lower case), splitdb's own left out. */
    static Set<String> existing(Connection split) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement s = split.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES")) {
            while (rs.next()) {
                String name = rs.getString(1).toLowerCase(Locale.ROOT);
                if (!name.startsWith("_split_")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** How a table created through the driver is stored: {@code split: name (shared), ...} or {@code no protected columns}. */
    static String describe(SplitDatabase db, String table) {
        TableInfo info = db.catalog().table(table);
        if (info == null || !info.hasProtectedColumns()) {
            return "no protected columns";
        }
        List<String> parts = new ArrayList<>();
        for (ColumnInfo c : info.protectedColumns()) {
            parts.add(c.name() + " (" + PolicyText.describe(c.policy()) + ")");
        }
        return "split: " + String.join(", ", parts);
    }

    /** A table or column name as a backquoted MySQL identifier. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
