package io.splitdb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code splitdb} command for DBAs. */
@Command(name = "splitdb", mixinStandardHelpOptions = true, version = "splitdb 0.1.0",
        description = "Split, encrypted storage for MySQL applications.",
        subcommands = {KeygenCommand.class, InitCommand.class, MigrateCommand.class, CheckSqlCommand.class, VerifyCommand.class,
                RepairCommand.class, RebuildCommand.class, RotateKeysCommand.class, ReshareCommand.class, ForgetCommand.class,
                AuditCommand.class, ProxyCommand.class, BenchCommand.class,
                DemoCommand.class})
public final class SplitDb implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new SplitDb()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
