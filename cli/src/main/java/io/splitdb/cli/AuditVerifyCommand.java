package io.splitdb.cli;

import io.splitdb.audit.AuditEntry;
import io.splitdb.jdbc.SplitDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code splitdb audit verify}: has anyone removed or edited audit log entries? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the audit log on all three backends: every entry's HMAC (under a key derived from the master key, so a "
                + "DBA cannot forge one), sequence numbers without gaps, each entry's link to the previous one, and that all three "
                + "backends hold every entry. Prints one line per driver instance's stream and every problem: an entry edited on "
                + "backend N, removed from backend N or from all of them, a gap in a sequence.",
                "A stream without its close marker belongs to a driver instance that is running or did not close: entries "
                        + "removed from its end cannot be detected (see docs/operations.md).",
                "Exit codes: 0 no problems, 1 problems found (or a backend could not be read), 2 usage or configuration error."})
final class AuditVerifyCommand implements Callable<Integer> {
    /** How far back a copy missing on one backend may still be on its way there. */
    private static final long RECENT_MILLIS = 60_000;

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--max-details", paramLabel = "N", defaultValue = "50",
            description = "print at most N problems (default: ${DEFAULT-VALUE}); all are counted")
    int maxDetails;

    @Override
    public Integer call() {
        try (SplitDatabaseOption.Opened opened = database.open()) {
            System.out.println("verifying the audit log of " + database.config);
            Backends.printState(opened.database(), System.out);
            opened.database().audit().flush(2000);
            long recentSince = System.currentTimeMillis() - RECENT_MILLIS;
            List<String> unreadable = new ArrayList<>();
            Map<Integer, List<AuditEntry>> byBackend = AuditEntries.fromEachBackend(opened.database(), null, List.of(), unreadable);
            AuditVerifier verifier;
            try {
                verifier = new AuditVerifier(SplitDriver.keyring(opened.database().config()), System.out, recentSince);
            } catch (SQLException e) {
                throw new CommandFailure(CommandFailure.USAGE, "cannot read the keys: " + e.getMessage(), e);
            }
            List<String> problems = new ArrayList<>(unreadable.stream().map(u -> "cannot check: " + u).toList());
            try {
                problems.addAll(verifier.run(byBackend));
            } finally {
                verifier.destroy();
            }
            if (verifier.inFlight() > 0) {
                System.out.println(verifier.inFlight() + " copies of entries written in the last " + RECENT_MILLIS / 1000
                        + " s are not on every backend yet (running applications write each backend on its own); run verify again "
                        + "later to check them");
            }
            if (problems.isEmpty()) {
                System.out.println("audit log OK: every entry authentic, linked and on all three backends");
                return 0;
            }
            System.out.println(problems.size() + " problem(s):");
            problems.stream().limit(maxDetails).forEach(p -> System.out.println("  " + p));
            if (problems.size() > maxDetails) {
                System.out.println("  ... and " + (problems.size() - maxDetails) + " more");
            }
            return 1;
        } catch (CommandFailure e) {
            System.err.println("splitdb audit verify: " + e.getMessage());
            return e.exitCode();
        }
    }
}
