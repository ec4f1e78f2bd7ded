package io.splitdb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code splitdb verify}: do the three backends hold the same database? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check that the three backends hold the same database.",
                "Split tables are read row by row (in chunks, ordered by _split_rowid) from all three backends: the same rows, "
                        + "versions, plain columns and blind indexes, and every protected value authenticates from each pair of backends. "
                        + "Other tables are compared by row count and CHECKSUM TABLE. In-doubt XA branches and pending repair records "
                        + "are reported too. Needs all three backends. Prints backends, tables, columns and row keys, never a value.",
                "Exit codes: 0 the backends agree, 1 inconsistencies found (or verify could not finish), 2 usage or configuration error."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--table", paramLabel = "TABLE", description = "verify only this table (and the bookkeeping checks)")
    String table;

    @Option(names = "--max-details", paramLabel = "N", defaultValue = "20",
            description = "print at most N inconsistent rows per table (default: ${DEFAULT-VALUE}); all are counted")
    int maxDetails;

    @Override
    public Integer call() {
        try (SplitDatabaseOption.Opened opened = database.open()) {
            System.out.println("verifying " + database.config);
            Backends.printState(opened.database(), System.out);
            return new Verifier(opened.database(), System.out, maxDetails).run(table) == 0 ? 0 : 1;
        } catch (CommandFailure e) {
            System.err.println("splitdb verify: " + e.getMessage());
            return e.exitCode();
        }
    }
}
