package io.splitdb.cli;

import io.splitdb.exec.Backend;
import io.splitdb.exec.Recovery;
import io.splitdb.exec.SessionSettings;
import io.splitdb.exec.SplitDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** {@code splitdb repair}: recovery sweeps now, until every backend is in service or nothing moves. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Settle in-doubt transactions and repair backends that missed writes, now.",
                "Runs the driver's recovery sweep until every backend is in service or a sweep makes no progress: "
                        + "in-doubt XA branches are committed or rolled back as their leader decided, and a backend that was down "
                        + "gets the rows it missed from the other two (recorded in _split_pending).",
                "Exit codes: 0 every backend in service (and, with --verify, the backends agree), 1 a backend is still out of "
                        + "service or verify found inconsistencies, 2 usage or configuration error."})
final class RepairCommand implements Callable<Integer> {
    private static final int MAX_SWEEPS = 20;

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--verify", description = "run splitdb verify afterwards")
    boolean verify;

    @Override
    public Integer call() {
        try (SplitDatabaseOption.Opened opened = database.open()) {
            SplitDatabase db = opened.database();
            System.out.println("repairing " + database.config);
            noticeLost(db);
            int idle = 0;
            long rows = 0;
            // at least one sweep (in-doubt branches are settled even when every backend is in service)
            for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
                Recovery.Report r = db.recovery().runNow();
                rows += r.rowsRepaired();
                System.out.println("sweep " + sweep + ": in-doubt transactions committed " + r.committed() + ", rolled back " + r.rolledBack()
                        + "; rows repaired " + r.rowsRepaired() + "; back in service: " + list(r.broughtBack())
                        + "; still out of service: " + list(r.stillDown()));
                if (allInService(db)) {
                    break;
                }
                boolean progress = r.committed() + r.rolledBack() > 0 || r.rowsRepaired() > 0 || !r.broughtBack().isEmpty();
                idle = progress ? 0 : idle + 1;
                if (idle >= 2) {
                    break;  // two sweeps in a row without progress: the backend does not answer, or its repair keeps failing
                }
                Thread.sleep(progress ? 100 : 1000);
            }
            System.out.println("backends:");
            Backends.printState(db, System.out);
            if (!allInService(db)) {
                for (Backend b : db.backends().all()) {
                    if (!b.isUp()) {
                        System.err.println("splitdb repair: " + b + " is still out of service: " + why(db, b.index()));
                    }
                }
                System.err.println("splitdb repair: start it and run splitdb repair again, or replace it and run splitdb rebuild --backend N");
                return 1;
            }
            System.out.println("repair: every backend is in service" + (rows > 0 ? " (" + rows + " rows repaired)" : ""));
            if (verify) {
                return new Verifier(db, System.out, 20).run(null) == 0 ? 0 : 1;
            }
            return 0;
        } catch (CommandFailure e) {
            System.err.println("splitdb repair: " + e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** A backend that stopped answering since the driver last used it is marked down, so the sweep handles it. */
    static void noticeLost(SplitDatabase db) {
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                continue;
            }
            try (Connection c = b.connection(SessionSettings.DEFAULT)) {
                if (!c.isValid(2)) {
                    b.markDown();
                }
            } catch (SQLException e) {
                if (Backend.isConnectionFailure(e)) {
                    b.markDown();
                }
            }
        }
    }

    /** Whether the server answers at all (a plain connection with the configured account), for the message. */
    private static String why(SplitDatabase db, int index) {
        io.splitdb.policy.BackendConfig config = db.config().backends().get(index);
        java.util.Properties p = new java.util.Properties();
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        p.setProperty("connectTimeout", String.valueOf(db.config().options().connectTimeoutMillis()));
        try (Connection c = java.sql.DriverManager.getConnection(config.url(), p)) {
            return "it answers, but its repair did not finish (the log above says why)";
        } catch (SQLException e) {
            return "it does not answer (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    static boolean allInService(SplitDatabase db) {
        return db.backends().all().stream().allMatch(Backend::isUp);
    }

    private static String list(java.util.List<Integer> backends) {
        return backends.isEmpty() ? "none" : backends.toString().replaceAll("[\\[\\]]", "");
    }
}
