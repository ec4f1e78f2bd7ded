package io.splitdb.cli;

import io.splitdb.policy.ConfigException;
import io.splitdb.policy.ConfigLoader;
import io.splitdb.policy.SplitConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code splitdb migrate}: an existing plaintext MySQL database copied into split storage. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copy an existing plaintext MySQL/MariaDB database into split storage, then verify it.",
                "Every base table of the source (or those of --tables) is created through the driver as the source declares it "
                        + "(SHOW CREATE TABLE; tables that exist already are kept) and copied in batches, each batch one transaction "
                        + "on the three backends. Interrupted, it resumes: a table with a primary key continues after the largest "
                        + "key already copied; a table without one is copied in one transaction and starts again. At the end of each "
                        + "table its row count and a SHA-256 checksum of its plaintext are compared between the source and what "
                        + "the driver reads back. The source is only read (a read-only connection, one consistent snapshot per "
                        + "table). --dry-run reports what the policy does with each table and column, and what stands in the way, "
                        + "and writes nothing anywhere. Progress goes to stderr.",
                "Exit codes: 0 copied and verified, 1 the copy failed or was interrupted (run it again to resume), a checksum "
                        + "or row count differs, or the source or backends do not answer, 2 usage or configuration error "
                        + "(including policy entries the source lacks and columns the driver cannot protect)."})
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--from", paramLabel = "URL", required = true,
            description = "the plaintext source database: jdbc:mysql://host:port/database (it is only read)")
    String from;

    @Option(names = "--from-user", paramLabel = "USER", description = "the source account (or user= in the URL)")
    String fromUser;

    @Option(names = "--from-password-env", paramLabel = "VAR",
            description = "the environment variable holding the source account's password (or password= in the URL)")
    String fromPasswordEnv;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "rows per INSERT and per transaction (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--tables", paramLabel = "TABLE", split = ",", description = "copy only these tables (comma-separated)")
    List<String> tables;

    @Option(names = "--dry-run", description = "report tables, columns, types, protection, row counts and problems; write nothing")
    boolean dryRun;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    /** For tests of resuming: stop (exit 1) once this many rows were copied in this run, at a batch boundary. */
    @Option(names = "--stop-after-rows", hidden = true, defaultValue = "0")
    long stopAfterRows;

    /** For tests: a progress line this often (a fast copy can end before the usual 5 s). */
    @Option(names = "--progress-interval-ms", hidden = true)
    Long progressIntervalMillis;

    /** For tests: pretend a console is attached (progress redrawn with \r). */
    @Option(names = "--console-progress", hidden = true)
    boolean consoleProgress;

    @Override
    public Integer call() {
        try {
            if (batch < 1 || batch > 10_000) {
                throw new CommandFailure(CommandFailure.USAGE, "--batch takes 1 to 10000 rows");
            }
            SplitConfig config = config();
            try (SourceDatabase source = SourceDatabase.open(from, fromUser, password())) {
                List<SourceDatabase.Table> all = source.tables();
                MigrationCheck check = new MigrationCheck(config, all);
                List<SourceDatabase.Table> chosen = chosen(all);
                if (dryRun) {
                    check.print(source, chosen, System.out);
                    views(source);
                    return check.problems.isEmpty() ? 0 : CommandFailure.USAGE;
                }
                if (!check.problems.isEmpty()) {
                    check.problems.forEach(p -> System.err.println("splitdb migrate: " + p));
                    throw new CommandFailure(CommandFailure.USAGE, check.problems.size() + (check.problems.size() == 1 ? " problem" : " problems")
                            + " to fix in the policy or the source before migrating (see --dry-run); nothing was written");
                }
                try (SplitDatabaseOption.Opened opened = database.open()) {
                    return migrate(source, chosen, opened.connection());
                }
            } catch (SQLException e) {
                throw new CommandFailure(CommandFailure.FAILED, "reading the source failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
            }
        } catch (CommandFailure e) {
            System.err.println("splitdb migrate: " + e.getMessage());
            return e.exitCode();
        }
    }

    private int migrate(SourceDatabase source, List<SourceDatabase.Table> chosen, Connection split) throws CommandFailure, SQLException {
        System.out.println("migrating " + source.url + " into " + database.config + ": " + chosen.size() + (chosen.size() == 1 ? " table" : " tables"));
        views(source);
        boolean console = consoleProgress || System.console() != null;
        Progress progress = progressIntervalMillis == null ? new Progress(System.err, console, quiet)
                : new Progress(System.err, console, quiet, progressIntervalMillis);
        TableCopier copier = new TableCopier(source, split, batch, progress, stopAfterRows);
        int mismatches = 0;
        long copiedRows = 0;
        long started = System.nanoTime();
        for (SourceDatabase.Table t : chosen) {
            create(source, t, split);
            TableCopier.Copied copied;
            long t0 = System.nanoTime();
            try (TableCopier.Table scope = copier.table()) {
                copied = copier.copy(t);
            } catch (TableCopier.Stopped e) {
                System.out.println("table " + t.name() + ": " + e.getMessage());
                throw new CommandFailure(CommandFailure.FAILED, e.getMessage() + "; run the same command again to resume");
            } catch (SQLException e) {
                throw new CommandFailure(CommandFailure.FAILED, "copying table " + t.name() + " failed: " + e.getMessage() + " (SQLState "
                        + e.getSQLState() + "); the batches before it are copied, run the same command again to resume", e);
            }
            copiedRows += copied.copied();
            System.out.println("table " + t.name() + ": " + describe(copied, System.nanoTime() - t0));
            mismatches += verify(source, t, split) ? 0 : 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (mismatches > 0) {
            System.out.println("migrate: " + mismatches + (mismatches == 1 ? " table differs" : " tables differ") + " from the source");
            return CommandFailure.FAILED;
        }
        System.out.printf("migrate: %d %s, %,d rows copied in %.1f s; every table matches the source%n", chosen.size(),
                chosen.size() == 1 ? "table" : "tables", copiedRows, seconds);
        return 0;
    }

    private static void views(SourceDatabase source) throws SQLException {
        for (String v : source.views()) {
            System.out.println("view " + v + ": not copied (create it through splitdb once its tables are migrated)");
        }
    }

    /** Creates the table through the driver as the source declares it, unless the split database has it already. */
    private void create(SourceDatabase source, SourceDatabase.Table t, Connection split) throws CommandFailure {
        try {
            Set<String> existing = Tables.existing(split);
            if (existing.contains(t.name().toLowerCase(Locale.ROOT))) {
                return;
            }
            String ddl = source.createStatement(t);
            try (Statement s = split.createStatement()) {
                s.execute(ddl);
            }
            System.out.println("table " + t.name() + ": created, " + Tables.describe(split.unwrap(io.splitdb.jdbc.SplitConnection.class).database(), t.name()));
        } catch (SQLException e) {
            throw new CommandFailure(CommandFailure.FAILED, "creating table " + t.name() + " through the driver failed: " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static String describe(TableCopier.Copied c, long nanos) {
        double seconds = nanos / 1e9;
        String rate = c.copied() == 0 ? "" : String.format(" in %.1f s (%,d rows/s)", seconds, (long) (c.copied() / Math.max(seconds, 1e-3)));
        if (c.before() == 0) {
            return String.format("%,d rows copied%s", c.copied(), rate);
        }
        if (c.resumedAfter() == null) {
            return String.format("%,d rows there already (no primary key: copied whole before), nothing copied", c.before());
        }
        if (c.copied() == 0) {
            return String.format("%,d rows there already, nothing left to copy", c.before());
        }
        return String.format("resumed after %s: %,d rows there already, %,d rows copied%s", c.resumedAfter(), c.before(), c.copied(), rate);
    }

    /** Row count and checksum, source against what the driver reads back; prints the outcome. */
    private static boolean verify(SourceDatabase source, SourceDatabase.Table t, Connection split) throws CommandFailure {
        TableChecksum.Sum expected;
        TableChecksum.Sum actual;
        try {
            expected = TableChecksum.ofSource(source, t);
        } catch (SQLException e) {
            throw new CommandFailure(CommandFailure.FAILED, "reading table " + t.name() + " of the source for its checksum failed: " + e.getMessage(), e);
        }
        try {
            actual = TableChecksum.ofSplit(split, t);
        } catch (SQLException e) {
            throw new CommandFailure(CommandFailure.FAILED, "reading table " + t.name() + " through the driver for its checksum failed: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
        if (expected.equals(actual)) {
            System.out.printf("table %s: verified: %,d rows, checksum %s on both sides: ok%n", t.name(), expected.rows(), expected.hex().substring(0, 16));
            return true;
        }
        String how = expected.rows() != actual.rows()
                ? String.format("%,d rows in the source, %,d through splitdb", expected.rows(), actual.rows())
                : String.format("%,d rows on both sides, but the checksums differ (source %s, splitdb %s)", expected.rows(),
                        expected.hex().substring(0, 16), actual.hex().substring(0, 16));
        String hint = t.primaryKey().isEmpty()
                ? " (a table without primary key is only copied while it is empty: empty it through splitdb and run again)"
                : " (was the source written to during the migration, or the destination before it?)";
        System.out.println("table " + t.name() + ": verified: " + how + ": MISMATCH" + hint);
        return false;
    }

    private List<SourceDatabase.Table> chosen(List<SourceDatabase.Table> all) throws CommandFailure {
        if (tables == null || tables.isEmpty()) {
            return all;
        }
        List<SourceDatabase.Table> chosen = new ArrayList<>();
        for (SourceDatabase.Table t : all) {
            if (tables.stream().anyMatch(n -> n.trim().equalsIgnoreCase(t.name()))) {
                chosen.add(t);
            }
        }
        for (String n : tables) {
            if (all.stream().noneMatch(t -> t.name().equalsIgnoreCase(n.trim()))) {
                throw new CommandFailure(CommandFailure.USAGE, "--tables names " + n.trim() + ", which the source does not have");
            }
        }
        return chosen;
    }

    private SplitConfig config() throws CommandFailure {
        if (!java.nio.file.Files.isRegularFile(database.config)) {
            throw new CommandFailure(CommandFailure.USAGE, "no configuration file " + database.config);
        }
        try {
            return new ConfigLoader().load(database.config.toAbsolutePath().toString());
        } catch (ConfigException e) {
            throw new CommandFailure(CommandFailure.USAGE, "cannot read " + database.config + ": " + e.getMessage(), e);
        }
    }

    private String password() throws CommandFailure {
        if (fromPasswordEnv == null) {
            return null;
        }
        String value = System.getenv(fromPasswordEnv);
        if (value == null) {
            throw new CommandFailure(CommandFailure.USAGE, "--from-password-env names " + fromPasswordEnv + ", which is not set");
        }
        return value;
    }
}
