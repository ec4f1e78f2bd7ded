package io.splitdb.cli;

import io.splitdb.exec.SplitDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.SQLException;
import java.util.concurrent.Callable;

/** {@code splitdb rebuild --backend N}: backend N wholly from the other two. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuild one backend wholly from the other two, then verify.",
                "For a new, empty server that replaces a lost one (its database must exist, and may be empty), or a backend "
                        + "whose state is unknown: tables it lacks are created as the others declare them, every split table is "
                        + "rewritten row by row (its shares computed from the other two backends' shares, nothing decrypted), "
                        + "rows the others do not hold are deleted, and other tables are copied. The backend is out of service "
                        + "until the rebuild finishes; applications go on with the other two meanwhile.",
                "Exit codes: 0 rebuilt and the backends agree, 1 the rebuild failed or verify found inconsistencies, "
                        + "2 usage or configuration error."})
final class RebuildCommand implements Callable<Integer> {

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--backend", paramLabel = "N", required = true, description = "the backend to rebuild: 0, 1 or 2 (as listed in the configuration)")
    int backend;

    @Override
    public Integer call() {
        if (backend < 0 || backend > 2) {
            System.err.println("splitdb rebuild: --backend is 0, 1 or 2 (the position of the backend in the configuration)");
            return CommandFailure.USAGE;
        }
        try (SplitDatabaseOption.Opened opened = database.open()) {
            SplitDatabase db = opened.database();
            System.out.println("rebuilding backend " + backend + " (" + db.backends().get(backend).url() + ") from backends "
                    + (backend == 0 ? "1 and 2" : backend == 1 ? "0 and 2" : "0 and 1") + " ...");
            RepairCommand.noticeLost(db);
            long rows;
            try {
                rows = db.recovery().rebuild(backend);
            } catch (SQLException e) {
                System.err.println("splitdb rebuild: the rebuild of backend " + backend + " did not finish: " + e.getMessage()
                        + "; the backend stays out of service until a rebuild finishes (run it again)");
                return CommandFailure.FAILED;
            }
            System.out.println("rebuilt backend " + backend + ": " + rows + " rows written; it is back in service");
            Backends.printState(db, System.out);
            return new Verifier(db, System.out, 20).run(null) == 0 ? 0 : 1;
        } catch (CommandFailure e) {
            System.err.println("splitdb rebuild: " + e.getMessage());
            return e.exitCode();
        }
    }
}
