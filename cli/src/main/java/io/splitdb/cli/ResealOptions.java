package io.splitdb.cli;

import picocli.CommandLine.Option;

/** The options of the commands that rewrite values in batches (rotate-keys, reshare): batch size, and a stop for tests. */
final class ResealOptions {

    @Option(names = "--batch", paramLabel = "ROWS", defaultValue = "500", description = "rows per transaction (default: ${DEFAULT-VALUE})")
    int batch;

    /** For tests of resumption: stop after this many rows of a table, as an interrupted run would. */
    @Option(names = "--stop-after", hidden = true, defaultValue = "9223372036854775807")
    long stopAfter;

    /** @throws CommandFailure (usage) for a batch size out of 1..10000 */
    void check() throws CommandFailure {
        if (batch < 1 || batch > 10_000) {
            throw new CommandFailure(CommandFailure.USAGE, "--batch must be 1..10000");
        }
    }
}
