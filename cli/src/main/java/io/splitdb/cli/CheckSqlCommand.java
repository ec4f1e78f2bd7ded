package io.splitdb.cli;

import io.splitdb.exec.Plan;
import io.splitdb.jdbc.SplitConnection;
import io.splitdb.sql.LiteralLifter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code splitdb check-sql}: what the driver would do with each statement an application sends,
 * judged from a general query log (or a file of statements) without running any of them.
 */
@Command(name = "check-sql", mixinStandardHelpOptions = true,
        description = {"Report what splitdb would do with an application's SQL, before it is switched over.",
                "Reads a MySQL or MariaDB general query log (--log) or a file of statements separated by ';' (--file) and plans "
                        + "every statement against the policy and the split schema (made by splitdb init or migrate), without running it. "
                        + "Each statement shape (the statement with its values replaced by ?) is reported once, with how often it occurs: "
                        + "runs (as written, or over shares), runs partly in the driver (conditions, sorting or functions over protected "
                        + "values evaluated on decrypted rows), or fails closed (the application would get SQLState 0A000). "
                        + "Statements are printed as shapes, so the report holds none of the values in the log.",
                "Exit codes: 0 every statement would run, 1 some would fail (closed, or with another error), 2 usage or configuration error."})
final class CheckSqlCommand implements Callable<Integer> {
    private static final Pattern CONNECT_DB = Pattern.compile("\\son\\s+(\\S*)(?:\\s+using\\s.*)?$");
    private static final Pattern IN_STATEMENT = Pattern.compile("(?s)\\s*\\(in: .*\\)\\s*$");
    private static final Pattern USE = Pattern.compile("(?is)\\s*USE\\s+`?([^`\\s;]+)`?\\s*;?\\s*");

    @Mixin
    SplitDatabaseOption database;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--log", paramLabel = "FILE", required = true,
                description = "a MySQL or MariaDB general query log (general_log = ON, log_output = FILE)")
        Path log;

        @Option(names = "--file", paramLabel = "FILE", required = true,
                description = "a file of SQL statements separated by ';' (-- and /* */ comments allowed)")
        Path file;
    }

    @Option(names = "--database", paramLabel = "NAME",
            description = "the application's database in the log (default: the split database's name); sessions connected to or "
                    + "switched (USE) to another database are counted and not checked")
    String applicationDatabase;

    @Option(names = "--all", description = "list every statement shape, not only those that fail or run partly in the driver")
    boolean all;

    /** The outcome of one statement shape. */
    enum Outcome {
        SESSION("runs: session or transaction control"),
        BACKENDS("runs as written on the backends"),
        SHARES("runs over shares (protected values sealed or opened by the driver)"),
        DRIVER("runs partly in the driver"),
        FAILS_CLOSED("fails closed (SQLState 0A000)"),
        ERROR("fails with another error");

        final String label;

        Outcome(String label) {
            this.label = label;
        }

        static Outcome of(Plan.Work work) {
            return switch (work) {
                case SESSION -> SESSION;
                case BACKENDS -> BACKENDS;
                case SHARES -> SHARES;
                case DRIVER -> DRIVER;
            };
        }
    }

    /** One statement shape: its outcome (judged at its first occurrence), where it first occurs, and how often. */
    static final class Shape {
        final String sql;
        final long firstLine;
        final Outcome outcome;
        final String reason;
        long count;

        Shape(String sql, long firstLine, Outcome outcome, String reason) {
            this.sql = sql;
            this.firstLine = firstLine;
            this.outcome = outcome;
            this.reason = reason;
        }
    }

    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Map<Long, Connection> sessions = new HashMap<>();
    private final Map<Long, String> sessionDatabases = new HashMap<>();
    private long statements;
    private long otherDatabase;

    @Override
    public Integer call() {
        Path input = source.log != null ? source.log : source.file;
        try (SplitDatabaseOption.Opened opened = database.open()) {
            String target = applicationDatabase != null ? applicationDatabase : opened.connection().getCatalog();
            List<String> missing = opened.database().config().tables().keySet().stream()
                    .filter(t -> opened.database().catalog().table(t) == null).sorted().toList();
            if (!missing.isEmpty()) {
                // without the split schema every statement on these tables would look plain and "run as written"
                throw new CommandFailure(CommandFailure.USAGE, "the policy protects columns of " + String.join(", ", missing)
                        + ", which the split database does not hold yet: create the schema first (splitdb init or splitdb migrate), "
                        + "then check the SQL against it");
            }
            try {
                if (source.log != null) {
                    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                        GeneralLog.read(in, e -> entry(e, target));
                    }
                } else {
                    for (SqlScript.Statement s : SqlScript.split(Files.readString(input, StandardCharsets.UTF_8))) {
                        check(0, s.line(), s.sql());
                    }
                }
            } finally {
                closeSessions();
            }
            report(System.out, input, target);
            boolean failing = shapes.values().stream().anyMatch(s -> s.outcome == Outcome.FAILS_CLOSED || s.outcome == Outcome.ERROR);
            return failing ? 1 : 0;
        } catch (CommandFailure e) {
            System.err.println("splitdb check-sql: " + e.getMessage());
            return e.exitCode();
        } catch (NoSuchFileException e) {
            System.err.println("splitdb check-sql: no such file " + input);
            return CommandFailure.USAGE;
        } catch (IllegalArgumentException e) {
            System.err.println("splitdb check-sql: " + input + ": " + e.getMessage());
            return CommandFailure.USAGE;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("splitdb check-sql: cannot read " + input + ": " + e.getMessage());
            return CommandFailure.USAGE;
        } catch (SQLException e) {
            System.err.println("splitdb check-sql: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            return CommandFailure.FAILED;
        }
    }

    private void entry(GeneralLog.Entry e, String target) {
        switch (e.command()) {
            case "Connect" -> {
                Matcher m = CONNECT_DB.matcher(e.argument());
                if (m.find() && !m.group(1).isEmpty()) {
                    sessionDatabases.put(e.thread(), m.group(1));
                }
            }
            case "Init DB" -> sessionDatabases.put(e.thread(), e.argument().trim());
            case "Quit" -> {
                sessionDatabases.remove(e.thread());
                close(sessions.remove(e.thread()));
            }
            default -> {
                if (!e.isStatement()) {
                    return;
                }
                Matcher use = USE.matcher(e.argument());
                if (use.matches()) {
                    sessionDatabases.put(e.thread(), use.group(1));
                    return;
                }
                String db = sessionDatabases.get(e.thread());
                if (db != null && !db.equalsIgnoreCase(target)) {
                    otherDatabase++;
                    return;
                }
                check(e.thread(), e.line(), e.argument());
            }
        }
    }

    /** Judges one statement in the session of its connection (settings such as SET sql_mode carry over, as they would). */
    private void check(long thread, long line, String sql) {
        if (sql.isBlank()) {
            return;
        }
        statements++;
        String shape = LiteralLifter.lift(sql).sql().strip();
        Shape known = shapes.get(shape);
        if (known != null && known.outcome != Outcome.SESSION) {
            known.count++;
            return;
        }
        Outcome outcome;
        String reason = null;
        try {
            outcome = Outcome.of(session(thread).unwrap(SplitConnection.class).check(sql));
        } catch (SQLException e) {
            outcome = "0A000".equals(e.getSQLState()) ? Outcome.FAILS_CLOSED : Outcome.ERROR;
            // the statement fragment a message quotes may hold the log's values: the shape stands in for it
            reason = IN_STATEMENT.matcher(String.valueOf(e.getMessage())).replaceFirst("") + " (SQLState " + e.getSQLState() + ")";
        }
        Shape s = known != null ? known : new Shape(shape, line, outcome, reason);
        s.count++;
        shapes.putIfAbsent(shape, s);
    }

    private Connection session(long thread) throws SQLException {
        Connection c = sessions.get(thread);
        if (c == null) {
            c = DriverManager.getConnection("jdbc:split:" + database.config.toAbsolutePath());
            sessions.put(thread, c);
        }
        return c;
    }

    private void closeSessions() {
        sessions.values().forEach(CheckSqlCommand::close);
        sessions.clear();
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // judged only; nothing was written
            }
        }
    }

    private void report(PrintStream out, Path input, String target) {
        out.printf(Locale.ROOT, "check-sql: %,d statements, %,d shapes, from %s against %s%n", statements, shapes.size(), input,
                database.config);
        if (otherDatabase > 0) {
            out.printf(Locale.ROOT, "  %,d statements of sessions on other databases than %s were not checked (see --database)%n",
                    otherDatabase, target);
        }
        Map<Outcome, long[]> totals = new EnumMap<>(Outcome.class);
        for (Shape s : shapes.values()) {
            long[] t = totals.computeIfAbsent(s.outcome, o -> new long[2]);
            t[0]++;
            t[1] += s.count;
        }
        for (Outcome o : Outcome.values()) {
            long[] t = totals.getOrDefault(o, new long[2]);
            out.printf(Locale.ROOT, "  %-70s %,8d shapes %,10d statements%n", o.label, t[0], t[1]);
        }
        section(out, Outcome.FAILS_CLOSED, "Fail closed: the application would get SQLState 0A000 (rewrite them, or leave the column plain):");
        section(out, Outcome.ERROR, "Fail with another error:");
        section(out, Outcome.DRIVER, "Run partly in the driver: every candidate row is read and decrypted "
                + "(fine for small tables or selective plain conditions; watch large tables):");
        if (all) {
            section(out, Outcome.SHARES, "Run over shares:");
            section(out, Outcome.BACKENDS, "Run as written:");
            section(out, Outcome.SESSION, "Session and transaction control:");
        }
    }

    private void section(PrintStream out, Outcome outcome, String title) {
        List<Shape> listed = new ArrayList<>();
        for (Shape s : shapes.values()) {
            if (s.outcome == outcome) {
                listed.add(s);
            }
        }
        if (listed.isEmpty()) {
            return;
        }
        out.println();
        out.println(title);
        for (Shape s : listed) {
            out.printf(Locale.ROOT, "  line %d (%,dx): %s%n", s.firstLine, s.count, oneLine(s.sql));
            if (s.reason != null) {
                out.println("      " + oneLine(s.reason));
            }
        }
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 297) + "..." : flat;
    }
}
