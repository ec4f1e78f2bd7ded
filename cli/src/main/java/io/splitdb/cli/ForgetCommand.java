package io.splitdb.cli;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.Forget;
import io.splitdb.exec.SplitDatabase;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Callable;

/** {@code splitdb forget}: erases one row's protected values on all three backends. */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Erase one row's protected values on all three backends; its plain columns stay.",
                "Every share (and ciphertext) of the row's protected columns becomes NULL on every backend, in one distributed "
                        + "transaction; the driver then reads those columns as NULL and a search by an old value finds nothing. "
                        + "With two of the three shares gone, the third (also in any old backup of one backend) is useless.",
                "Needs all three backends in service. Prints the columns erased, never values.",
                "Exit codes: 0 erased, 1 no such row or a backend out of service (nothing changed), 2 usage or configuration error."})
final class ForgetCommand implements Callable<Integer> {
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "the table")
    String table;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Row row;

    static final class Row {
        @Option(names = "--key", paramLabel = "VALUE", description = "the row's primary key value (single-column primary key)")
        String key;

        @Option(names = "--rowid", paramLabel = "N", description = "the row's hidden row key _split_rowid (for a table without a primary key)")
        Long rowid;
    }

    @Override
    public Integer call() {
        try (SplitDatabaseOption.Opened opened = database.open()) {
            SplitDatabase db = opened.database();
            db.reloadCatalog();
            TableInfo t = db.catalog().table(table);
            if (t == null) {
                throw new CommandFailure(CommandFailure.USAGE, "splitdb does not manage a table " + table);
            }
            if (!t.hasProtectedColumns()) {
                throw new CommandFailure(CommandFailure.USAGE, "table " + t.name() + " has no protected columns: nothing to erase "
                        + "(delete the row with SQL)");
            }
            String keyColumn = row.key == null ? null : keyColumn(t);
            if (keyColumn != null && t.column(keyColumn).type().isNumeric() && !NUMBER.matcher(row.key).matches()) {
                // MySQL would compare '3abc' = 3 as true: a typo must not erase another row
                throw new CommandFailure(CommandFailure.USAGE, "--key " + row.key + " is not a number, and " + t.name() + "." + keyColumn
                        + " is numeric");
            }
            String key = row.key != null ? row.key : String.valueOf(row.rowid);
            String what = t.name() + " row " + (keyColumn == null ? TableInfo.ROWID : keyColumn) + " = " + key;
            RepairCommand.noticeLost(db);
            Forget.Erased erased = Forget.row(db, t, keyColumn, key);
            if (erased == null) {
                throw new CommandFailure(CommandFailure.FAILED, "no " + what + "; nothing was changed");
            }
            System.out.println("erased " + what + " on all three backends: " + String.join(", ", erased.columns())
                    + " (" + erased.columns().size() + " protected column" + (erased.columns().size() == 1 ? "" : "s")
                    + " now read NULL; plain columns kept)");
            return 0;
        } catch (CommandFailure e) {
            System.err.println("splitdb forget: " + e.getMessage());
            return e.exitCode();
        } catch (SQLTransientConnectionException e) {
            System.err.println("splitdb forget: " + e.getMessage());
            return CommandFailure.FAILED;
        } catch (SQLException e) {
            System.err.println("splitdb forget: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            return CommandFailure.FAILED;
        }
    }

    /** The single plain primary key column that --key names a row by. */
    private static String keyColumn(TableInfo t) throws CommandFailure {
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
}
