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
            String keyColumn = row.key == null ? null : RowKey.column(t);
            if (keyColumn != null) {
                RowKey.checkValue(t, keyColumn, row.key);
            }
            String key = row.key != null ? row.key : String.valueOf(row.rowid);
            String what = t.name() + " row " + (keyColumn == null ? TableInfo.ROWID : keyColumn) + " = " + key;
            RepairCommand.noticeLost(db);
            Forget.Erased erased = Forget.row(db, t, keyColumn, key);
            if (erased == null) {
                throw new CommandFailure(CommandFailure.FAILED, "no " + what + "; nothing was changed");
            }
            DbaAudit.record(db, "forget", "forget", t, erased.columns(), 1, t.name() + ":" + erased.rowid());
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
}
