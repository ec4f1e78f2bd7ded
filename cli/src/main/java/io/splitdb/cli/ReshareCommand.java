package io.splitdb.cli;

import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.Jobs;
import io.splitdb.exec.Reseal;
import io.splitdb.exec.SplitDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code splitdb reshare}: every protected value re-sealed (new nonce, new row version, the current
 * key version) and split with fresh randomness, so shares stolen before and shares of another
 * backend stolen after do not combine.
 */
@Command(name = "reshare", mixinStandardHelpOptions = true,
        description = {"Give every protected value new shares: re-encrypted with a fresh nonce and split with fresh randomness.",
                "A share stolen from one backend before the reshare and a share stolen from another backend after it then "
                        + "do not combine into anything. Encrypted columns get a new ciphertext too. Online, in batches (one "
                        + "distributed transaction each, rows locked briefly); needs all three backends in service.",
                "Resumable: a cursor per table (in _split_jobs, written with each batch) lets a run after an interruption go on "
                        + "where the last committed batch ended; --restart starts over.",
                "Exit codes: 0 every value re-shared, 1 not finished (a backend out of service, or a failure), "
                        + "2 usage or configuration error."})
final class ReshareCommand implements Callable<Integer> {
    static final String JOB = "reshare";

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--restart", description = "forget the cursor of an interrupted reshare and start over")
    boolean restart;

    @Mixin
    ResealOptions options;

    @Override
    public Integer call() {
        try {
            options.check();
        } catch (CommandFailure e) {
            System.err.println("splitdb reshare: " + e.getMessage());
            return e.exitCode();
        }
        try (SplitDatabaseOption.Opened opened = database.open()) {
            SplitDatabase db = opened.database();
            db.reloadCatalog();
            RepairCommand.noticeLost(db);
            if (!RepairCommand.allInService(db)) {
                Backends.printState(db, System.err);
                throw new CommandFailure(CommandFailure.FAILED, "every backend must be in service to reshare (a backend left out "
                        + "would keep its old shares); run splitdb repair first; nothing was changed");
            }
            if (restart) {
                Jobs.clear(db, JOB);
            }
            Map<String, Long> cursors = Jobs.cursors(db, JOB);
            System.out.println((cursors.isEmpty() ? "resharing" : "resuming the reshare of") + " every protected value (" + database.config + ")");
            Reseal engine = new Reseal(db, options.batch);
            long rewritten = 0;
            int tables = 0;
            for (TableInfo t : db.catalog().tables()) {
                if (!t.hasProtectedColumns()) {
                    continue;
                }
                tables++;
                Progress progress = Progress.onStderr(false);
                progress.start(t.name(), 0, engine.rows(t));
                Reseal.Outcome o = engine.table(t, Reseal.Scope.EVERY_VALUE, JOB, options.stopAfter, progress::reached);
                progress.finish();
                rewritten += o.rowsRewritten();
                if (o.rowsRewritten() > 0) {
                    DbaAudit.record(db, "reshare", "reshare", t, DbaAudit.protectedColumns(t), o.rowsRewritten(), "");
                }
                Long cursor = cursors.get(t.name());
                System.out.println(t.name() + ": " + o.rowsRewritten() + " rows re-shared"
                        + (cursor == null ? "" : cursor == Jobs.DONE ? " (done in an earlier run)" : " (resumed)"));
                if (!o.finished()) {
                    System.out.println("reshare: stopped early; run splitdb reshare again to go on from here");
                    return CommandFailure.FAILED;
                }
            }
            Jobs.clear(db, JOB);
            System.out.println("reshare: " + rewritten + " rows in " + tables + " table" + (tables == 1 ? "" : "s")
                    + " re-shared; every share stored before is void");
            return 0;
        } catch (CommandFailure e) {
            System.err.println("splitdb reshare: " + e.getMessage());
            return e.exitCode();
        } catch (SQLException e) {
            System.err.println("splitdb reshare: " + e.getMessage() + " (SQLState " + e.getSQLState() + "); what committed stays: "
                    + "run splitdb reshare again to go on");
            return CommandFailure.FAILED;
        }
    }
}
