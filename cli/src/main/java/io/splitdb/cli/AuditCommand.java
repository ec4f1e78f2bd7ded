package io.splitdb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code splitdb audit}: the audit log of reads and writes of protected columns. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Read and check the audit log (_split_audit): who read or wrote which protected columns of which rows.",
                "Exit codes: see the subcommands; 2 without one."},
        subcommands = {AuditShowCommand.class, AuditVerifyCommand.class})
final class AuditCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CommandFailure.USAGE;
    }
}
