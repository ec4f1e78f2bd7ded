package io.splitdb.cli;

import io.splitdb.exec.SplitDatabase;
import io.splitdb.policy.ColumnPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code splitdb init}: the application's schema script, run through the driver onto the three backends. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the application's schema on the three backends from its own SQL script.",
                "Each statement of the script runs through the driver (jdbc:split:), so a CREATE TABLE gets the share and "
                        + "blind-index columns the policy asks for. The script may hold comments, quoted semicolons and DELIMITER "
                        + "lines; stored procedures, functions, triggers and events are refused. Before anything runs, the script "
                        + "is checked: every table and column the policy names must be created by it (or exist already), and a "
                        + "table that exists already must be dropped by the script first or created with IF NOT EXISTS. The first statement that fails stops the "
                        + "run, naming its number, line and first words.",
                "Exit codes: 0 every statement ran, 1 a statement failed (or a table exists already, or a backend is down), "
                        + "2 usage or configuration error (no such file, a policy entry the script does not create, a routine)."})
final class InitCommand implements Callable<Integer> {

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--schema", paramLabel = "FILE", required = true,
            description = "the application's schema script (CREATE TABLE ... statements, as for the mysql client)")
    Path schema;

    @Override
    public Integer call() {
        try {
            SchemaScript script = read();
            try (SplitDatabaseOption.Opened opened = database.open()) {
                check(script, opened);
                return run(script, opened);
            }
        } catch (CommandFailure e) {
            System.err.println("splitdb init: " + e.getMessage());
            return e.exitCode();
        }
    }

    private SchemaScript read() throws CommandFailure {
        String text;
        try {
            text = Files.readString(schema, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CommandFailure(CommandFailure.USAGE, "no schema script " + schema, e);
        } catch (IOException e) {
            throw new CommandFailure(CommandFailure.USAGE, "cannot read the schema script " + schema + ": " + e, e);
        }
        List<SqlScript.Statement> statements;
        try {
            statements = SqlScript.split(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(CommandFailure.USAGE, schema + ", " + e.getMessage());
        }
        for (SqlScript.Statement s : statements) {
            if (SqlScript.isRoutine(s.sql())) {
                throw new CommandFailure(CommandFailure.USAGE, where(s) + ": stored procedures, functions, triggers and events "
                        + "cannot run over split storage (each backend would run them over shares); remove them from the script, "
                        + "nothing was run");
            }
        }
        if (statements.isEmpty()) {
            throw new CommandFailure(CommandFailure.USAGE, schema + " holds no statement");
        }
        return SchemaScript.of(statements);
    }

    /** Refuses, before anything runs, a script that would stop halfway or leave a column the policy protects in clear. */
    private void check(SchemaScript script, SplitDatabaseOption.Opened opened) throws CommandFailure {
        Set<String> existing;
        try {
            existing = Tables.existing(opened.connection());
        } catch (SQLException e) {
            throw new CommandFailure(CommandFailure.FAILED, "cannot list the tables of the split database: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Map<String, ColumnPolicy>> t : opened.database().config().tables().entrySet()) {
            SchemaScript.CreatedTable created = script.created.get(t.getKey());
            if (created == null) {
                if (!existing.contains(t.getKey())) {
                    throw new CommandFailure(CommandFailure.USAGE, "the policy protects columns of table " + t.getKey() + ", but "
                            + schema + " does not create it and the database has no such table (a typo in the policy or the "
                            + "script?); nothing was run");
                }
                continue;
            }
            for (String column : t.getValue().keySet()) {
                if (!created.columns().isEmpty() && !created.columns().contains(column)) {
                    throw new CommandFailure(CommandFailure.USAGE, "the policy protects " + t.getKey() + "." + column + ", but "
                            + where(created.statement()) + " declares no such column (a typo in the policy or the script?); "
                            + "nothing was run");
                }
            }
        }
        for (SchemaScript.CreatedTable created : script.created.values()) {
            if (!created.ifNotExists() && existing.contains(created.name().toLowerCase(Locale.ROOT))
                    && !script.dropsBefore(created.name(), created.statement().number())) {
                throw new CommandFailure(CommandFailure.FAILED, "table " + created.name() + " exists already ("
                        + where(created.statement()) + "); nothing was run. Drop it first, or write CREATE TABLE IF NOT EXISTS "
                        + "to keep it");
            }
        }
    }

    private int run(SchemaScript script, SplitDatabaseOption.Opened opened) throws CommandFailure {
        System.out.println("init " + database.config + " from " + schema + " (" + script.statements.size() + " statements)");
        SplitDatabase db = opened.database();
        Connection c = opened.connection();
        int created = 0;
        int split = 0;
        int skipped = 0;
        int other = 0;
        for (SqlScript.Statement s : script.statements) {
            SchemaScript.CreatedTable table = SchemaScript.createdTable(s);
            boolean existed = false;
            try {
                if (table != null) {
                    existed = Tables.existing(c).contains(table.name().toLowerCase(Locale.ROOT));
                }
                long count;
                try (Statement st = c.createStatement()) {
                    count = st.execute(s.sql()) ? -1 : st.getLargeUpdateCount();
                }
                if (table == null) {
                    other++;
                    System.out.println("  " + where(s) + ": ok" + (count > 0 ? " (" + count + (count == 1 ? " row)" : " rows)") : ""));
                } else if (existed) {
                    skipped++;
                    System.out.println("  " + where(s) + ": table " + table.name() + " exists already, kept as it is (IF NOT EXISTS)");
                } else {
                    created++;
                    String how = Tables.describe(db, table.name());
                    split += how.startsWith("split") ? 1 : 0;
                    System.out.println("  " + where(s) + ": created table " + table.name() + ", " + how);
                }
            } catch (SQLException e) {
                int ran = s.number() - 1;
                throw new CommandFailure(CommandFailure.FAILED, where(s) + " failed: " + e.getMessage() + " (SQLState "
                        + e.getSQLState() + "); " + (ran == 0 ? "no statement before it" : "statements 1 to " + ran
                        + " before it") + " ran, none after it", e);
            }
        }
        System.out.println("init: " + script.statements.size() + " statements run: " + created + " tables created (" + split
                + " split), " + skipped + " kept, " + other + " other");
        return 0;
    }

    /** {@code statement 3 (line 12: CREATE TABLE wards (id INT ...)}: how messages name a statement of the script. */
    static String where(SqlScript.Statement s) {
        return "statement " + s.number() + " (line " + s.line() + ": " + s.fragment() + ")";
    }
}
