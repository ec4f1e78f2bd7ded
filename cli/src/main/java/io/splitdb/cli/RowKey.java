package io.splitdb.cli;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.Reads;
import io.splitdb.exec.SplitDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A row named on the command line by its primary key value ({@code --key 42}), as a DBA knows it,
 * rather than by the hidden row key ({@code _split_rowid}) splitdb keys shares and the audit log by.
 */
final class RowKey {
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    private RowKey() {
    }

    /**
     * The single plain primary key column that {@code --key} names a row by.
     *
     * @throws CommandFailure (usage) for a table without one, naming {@code --rowid} instead
     */
    static String column(TableInfo t) throws CommandFailure {
        if (t.primaryKey().size() != 1) {
            throw new CommandFailure(CommandFailure.USAGE, "table " + t.name() + (t.primaryKey().isEmpty()
                    ? " has no primary key (its rows are keyed by the hidden " + TableInfo.ROWID + ")"
                    : " has a primary key of " + t.primaryKey().size() + " columns") + ": name the row with --rowid N instead of --key");
        }
        ColumnInfo c = t.column(t.primaryKey().get(0));
        if (c == null || c.isProtected()) {
            throw new CommandFailure(CommandFailure.USAGE, "the primary key of " + t.name() + " is protected: name the row with --rowid N");
        }
        return c.name();
    }

    /**
     * Refuses a key value that is not a number for a numeric key column: MySQL compares
     * {@code '3abc' = 3} as true, and a typo must not name another row.
     */
    static void checkValue(TableInfo t, String column, String value) throws CommandFailure {
        if (t.column(column).type().isNumeric() && !NUMBER.matcher(value).matches()) {
            throw new CommandFailure(CommandFailure.USAGE, "--key " + value + " is not a number, and " + t.name() + "." + column + " is numeric");
        }
    }

    /** The row key of the row whose primary key is {@code value} now, or null if there is none. */
    static Long rowid(SplitDatabase db, TableInfo t, String value) throws SQLException, CommandFailure {
        String column = column(t);
        checkValue(t, column, value);
        return Reads.one(db, (c, b) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TableInfo.ROWID + " FROM " + Tables.quote(t.name())
                    + " WHERE " + Tables.quote(column) + " = ?")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        });
    }
}
