package io.splitdb.cli;

import io.splitdb.audit.AuditEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code splitdb audit show}: the audit log's entries, filtered, oldest first. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print audit log entries: when, who (JDBC user@host, application), kind (read, write, ddl), tables, "
                + "protected columns, the statement's shape (literals replaced by ?) and the row keys (table:_split_rowid).",
                "Entries are read from every backend in service and merged by time; the newest --limit matching entries are printed, "
                        + "oldest first. The log's own open/close markers are left out unless --markers is given. Show does not "
                        + "check the chain: run 'splitdb audit verify' for that.",
                "Exit codes: 0 printed (possibly nothing), 1 no backend could be read, 2 usage or configuration error."})
final class AuditShowCommand implements Callable<Integer> {

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--table", paramLabel = "TABLE", description = "only entries that touched this table")
    String table;

    @Option(names = "--key", paramLabel = "VALUE",
            description = "only entries that list the row of --table whose primary key is VALUE (a single-column primary key; "
                    + "the row must still exist: for a deleted row use --rowid)")
    String keyValue;

    @Option(names = "--rowid", paramLabel = "N", description = "only entries that list this row key (_split_rowid; with --table, of that table)")
    Long key;

    @Option(names = "--user", paramLabel = "USER", description = "only entries of this JDBC user")
    String user;

    @Option(names = "--since", paramLabel = "TIME", description = "only entries at or after TIME (ISO-8601: 2026-11-24T21:00:00Z, or a date; UTC)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "only entries before TIME (ISO-8601, UTC)")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "print at most the newest N entries (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--markers", description = "also print the open and close markers of each driver instance's stream")
    boolean markers;

    @Override
    public Integer call() {
        try (SplitDatabaseOption.Opened opened = database.open()) {
            boolean json = checkFormat();
            StringBuilder where = new StringBuilder(markers ? "1 = 1" : "kind NOT IN ('open', 'close')");
            List<Object> args = new ArrayList<>();
            if (since != null) {
                where.append(" AND at_ms >= ?");
                args.add(instant(since, "--since").toEpochMilli());
            }
            if (until != null) {
                where.append(" AND at_ms < ?");
                args.add(instant(until, "--until").toEpochMilli());
            }
            if (user != null) {
                where.append(" AND who = ?");
                args.add(user);
            }
            if (table != null) {
                where.append(" AND FIND_IN_SET(LOWER(?), LOWER(tables_touched)) > 0");
                args.add(table);
            }
            if (keyValue != null) {
                if (key != null) {
                    throw new CommandFailure(CommandFailure.USAGE, "give --key or --rowid, not both");
                }
                if (table == null) {
                    throw new CommandFailure(CommandFailure.USAGE, "--key names a row by its primary key: give --table too");
                }
                key = rowidOf(opened.database(), keyValue);
            }
            if (key != null) {
                // narrowed here, checked exactly below: row_keys is 'table:rowid table:rowid ...'
                where.append(" AND CONCAT(' ', row_keys, ' ') LIKE ?");
                args.add(table != null ? "% " + likeEscaped(table) + ":" + key + " %" : "%:" + key + " %");
            }
            if (limit < 1) {
                throw new CommandFailure(CommandFailure.USAGE, "--limit must be 1 or more");
            }
            opened.database().audit().flush(2000);  // what this driver instance buffered is part of the log too
            List<String> unreadable = new ArrayList<>();
            Map<Integer, List<AuditEntry>> byBackend = AuditEntries.fromEachBackend(opened.database(), where.toString(), args, limit, unreadable);
            unreadable.forEach(u -> System.err.println("splitdb audit show: " + u));
            if (byBackend.isEmpty()) {
                throw new CommandFailure(CommandFailure.FAILED, "no backend could be read");
            }
            List<AuditEntry> entries = new ArrayList<>(AuditEntries.merged(byBackend).stream().filter(this::keyMatches).toList());
            entries.sort(Comparator.comparingLong(AuditEntry::atMillis).thenComparing(AuditEntry::stream).thenComparingLong(AuditEntry::seq));
            List<AuditEntry> shown = entries.subList(Math.max(0, entries.size() - limit), entries.size());
            // each backend sent its newest --limit: if one sent that many, older entries may match too
            boolean more = entries.size() > limit || byBackend.values().stream().anyMatch(l -> l.size() >= limit);
            if (json) {
                printJson(shown, System.out);
            } else {
                printText(shown, more, System.out);
            }
            return 0;
        } catch (CommandFailure e) {
            System.err.println("splitdb audit show: " + e.getMessage());
            return e.exitCode();
        }
    }

    /** The row key of the row of --table whose primary key is {@code value}. */
    private long rowidOf(io.splitdb.exec.SplitDatabase db, String value) throws CommandFailure {
        try {
            io.splitdb.catalog.TableInfo t = db.catalog().table(table);
            if (t == null) {
                throw new CommandFailure(CommandFailure.USAGE, "splitdb does not manage a table " + table);
            }
            Long rowid = RowKey.rowid(db, t, value);
            if (rowid == null) {
                throw new CommandFailure(CommandFailure.FAILED, "no " + t.name() + " row with " + RowKey.column(t) + " = " + value
                        + " now (deleted? find its entries with --table " + t.name() + " and use --rowid N)");
            }
            return rowid;
        } catch (java.sql.SQLException e) {
            throw new CommandFailure(CommandFailure.FAILED, "cannot look up " + table + " row " + value + ": " + e.getMessage(), e);
        }
    }

    private boolean checkFormat() throws CommandFailure {
        if (!format.equals("text") && !format.equals("json")) {
            throw new CommandFailure(CommandFailure.USAGE, "--format must be text or json, was " + format);
        }
        return format.equals("json");
    }

    private boolean keyMatches(AuditEntry e) {
        if (key == null) {
            return true;
        }
        String suffix = ":" + key;
        return e.rowKeyList().stream().anyMatch(k -> table != null ? k.equalsIgnoreCase(table + suffix) : k.endsWith(suffix));
    }

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** An ISO-8601 instant, a local date-time (UTC) or a date (its start, UTC). */
    static Instant instant(String text, String option) throws CommandFailure {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new CommandFailure(CommandFailure.USAGE, option + " must be an ISO-8601 time such as 2026-11-24T21:00:00Z "
                            + "or a date such as 2026-11-24, was '" + text + "'");
                }
            }
        }
    }

    private static void printText(List<AuditEntry> shown, boolean more, PrintStream out) {
        for (AuditEntry e : shown) {
            String who = e.who() + "@" + e.host() + (e.app().isEmpty() ? "" : " (" + e.app() + ")");
            out.println(Instant.ofEpochMilli(e.atMillis()) + "  " + who + "  " + e.kind() + "  " + e.tables() + "  "
                    + rows(e) + "  " + e.shape());
            if (!e.columns().isEmpty()) {
                out.println("    columns: " + e.columns());
            }
            if (!e.rowKeys().isEmpty()) {
                out.println("    keys: " + e.rowKeys() + (e.rowCount() > e.rowKeyList().size() ? " ... (" + e.rowCount() + " rows)" : ""));
            }
        }
        out.println(more ? "the newest " + shown.size() + " matching entries shown (older ones match too: narrow with --since, "
                + "--until, or raise --limit)" : shown.size() + " matching entries shown");
    }

    private static String rows(AuditEntry e) {
        return e.rowCount() < 0 ? "rows=? (chosen by the backends)" : "rows=" + e.rowCount();
    }

    private static void printJson(List<AuditEntry> shown, PrintStream out) {
        out.println("[");
        for (int i = 0; i < shown.size(); i++) {
            AuditEntry e = shown.get(i);
            StringBuilder j = new StringBuilder("  {");
            j.append("\"time\": ").append(quote(Instant.ofEpochMilli(e.atMillis()).toString()))
                    .append(", \"user\": ").append(quote(e.who()))
                    .append(", \"application\": ").append(quote(e.app()))
                    .append(", \"host\": ").append(quote(e.host()))
                    .append(", \"kind\": ").append(quote(e.kind()))
                    .append(", \"tables\": ").append(list(e.tables().isEmpty() ? List.of() : List.of(e.tables().split(","))))
                    .append(", \"columns\": ").append(list(e.columns().isEmpty() ? List.of() : List.of(e.columns().split(","))))
                    .append(", \"shape\": ").append(quote(e.shape()))
                    .append(", \"rows\": ").append(e.rowCount() < 0 ? "null" : String.valueOf(e.rowCount()))
                    .append(", \"keys\": ").append(list(e.rowKeyList()))
                    .append(", \"stream\": ").append(quote(e.stream()))
                    .append(", \"seq\": ").append(e.seq())
                    .append('}').append(i + 1 < shown.size() ? "," : "");
            out.println(j);
        }
        out.println("]");
    }

    private static String list(List<String> items) {
        List<String> quoted = items.stream().map(AuditShowCommand::quote).toList();
        return "[" + String.join(", ", quoted) + "]";
    }

    /** A JSON string literal (RFC 8259 escapes). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
