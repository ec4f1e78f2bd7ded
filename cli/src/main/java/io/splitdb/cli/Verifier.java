package io.splitdb.cli;

import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.Backend;
import io.splitdb.exec.ProtectedValues;
import io.splitdb.exec.SessionSettings;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.policy.Protection;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the three backends directly and checks that they hold the same database: per split table
 * (one with protected columns, hence {@code _split_rowid} and {@code _split_ver}) row by row, in
 * chunks ordered by row id; per other table by row count and {@code CHECKSUM TABLE}. Protected
 * values are opened from each pair of backends to see that every share authenticates; what is
 * printed names backends, tables, columns and row keys, never a value or a share.
 *
 * <p>Rows that look inconsistent are read again from the three backends before they are reported,
 * so a write that commits while the verification runs is not reported as damage.
 */
final class Verifier {
    static final int CHUNK = 1000;
    private static final int RECHECK_AT_MOST = 100_000;
    private static final int[][] PAIRS = {{0, 1}, {0, 2}, {1, 2}};
    /** splitdb's own tables that hold the same on every backend (decisions and pending records differ by design). */
    private static final Set<String> OWN_TABLES_COMPARED = Set.of(Catalog.TABLE, "_split_meta");

    private final SplitDatabase db;
    private final PrintStream out;
    private final int maxDetails;
    private final Connection[] conns = new Connection[3];
    private long problems;

    Verifier(SplitDatabase db, PrintStream out, int maxDetails) {
        this.db = db;
        this.out = out;
        this.maxDetails = maxDetails;
    }

    /**
     * Verifies every table, or only {@code onlyTable}.
     *
     * @return the number of inconsistencies found (0: the three backends agree)
     */
    long run(String onlyTable) throws CommandFailure {
        try {
            connectAll();
            db.reloadCatalog();
            Map<Integer, List<String>> inDoubtBefore = inDoubt();
            Map<String, boolean[]> tables = tables();
            if (onlyTable != null) {
                Map<String, boolean[]> only = new TreeMap<>();
                tables.forEach((name, where) -> {
                    if (name.equalsIgnoreCase(TableInfo.unquote(onlyTable))) {
                        only.put(name, where);
                    }
                });
                if (only.isEmpty()) {
                    throw new CommandFailure(CommandFailure.USAGE, "table " + onlyTable + " exists on none of the three backends");
                }
                tables = only;
            }
            for (Map.Entry<String, boolean[]> e : tables.entrySet()) {
                table(e.getKey(), e.getValue());
            }
            pending();
            inDoubt(inDoubtBefore);
            out.println(problems == 0 ? "verify: the three backends agree"
                    : "verify: " + problems + " inconsistenc" + (problems == 1 ? "y" : "ies") + " found");
            return problems;
        } catch (SQLException e) {
            throw new CommandFailure(CommandFailure.FAILED, "verify could not finish: " + e.getMessage()
                    + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"), e);
        } finally {
            for (Connection c : conns) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // returned to the pool
                    }
                }
            }
        }
    }

    private void connectAll() throws CommandFailure {
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                throw new CommandFailure(CommandFailure.FAILED, b + " is out of service (down, or it missed writes and awaits repair); "
                        + "verify needs all three backends: start it, or run splitdb repair");
            }
            try {
                conns[b.index()] = b.connection(SessionSettings.DEFAULT);
            } catch (SQLException e) {
                throw new CommandFailure(CommandFailure.FAILED, b + " does not answer (" + e.getMessage()
                        + "); verify needs all three backends", e);
            }
        }
    }

    // ---------------------------------------------------------------- tables

    /** Base tables by lower-case name, with the backends that have them; splitdb's bookkeeping tables left out. */
    private Map<String, boolean[]> tables() throws SQLException {
        Map<String, boolean[]> tables = new TreeMap<>();
        Map<String, String> names = new HashMap<>();
        for (int b = 0; b < 3; b++) {
            try (Statement s = conns[b].createStatement();
                 ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                         + "AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String key = name.toLowerCase(Locale.ROOT);
                    if (key.startsWith("_split_") && !OWN_TABLES_COMPARED.contains(key)) {
                        continue;
                    }
                    names.putIfAbsent(key, name);
                    tables.computeIfAbsent(key, k -> new boolean[3])[b] = true;
                }
            }
        }
        Map<String, boolean[]> byName = new java.util.LinkedHashMap<>();
        tables.forEach((k, v) -> byName.put(names.get(k), v));
        Map<String, boolean[]> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        result.putAll(byName);
        return result;
    }

    private void table(String name, boolean[] where) throws SQLException {
        List<Integer> missing = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            if (!where[b]) {
                missing.add(b);
            }
        }
        if (!missing.isEmpty()) {
            problems += missing.size();
            out.println("table " + name + ": MISSING on backend" + (missing.size() > 1 ? "s " : " ") + join(missing)
                    + " (run splitdb rebuild --backend N for a backend that lost its data)");
            return;
        }
        TableInfo t = db.catalog().table(name);
        if (t != null && t.hasProtectedColumns()) {
            new SplitTable(t).verify();
        } else {
            plainTable(name, t != null);
        }
    }

    /** A table without row keys: the same number of rows and the same CHECKSUM TABLE on the three. */
    private void plainTable(String name, boolean managed) throws SQLException {
        String kind = name.startsWith("_split_") ? "splitdb's own" : managed ? "no protected columns" : "not managed by splitdb";
        long[] counts = null;
        long[] sums = null;
        List<Integer> oddCounts = List.of();
        List<Integer> oddSums = List.of();
        for (int attempt = 0; attempt < 2; attempt++) {  // once more if they differ: a write may have committed in between
            counts = new long[3];
            sums = new long[3];
            for (int b = 0; b < 3; b++) {
                try (Statement s = conns[b].createStatement()) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Tables.quote(name))) {
                        rs.next();
                        counts[b] = rs.getLong(1);
                    }
                    try (ResultSet rs = s.executeQuery("CHECKSUM TABLE " + Tables.quote(name))) {
                        rs.next();
                        sums[b] = rs.getLong(2);
                    }
                }
            }
            oddCounts = oddOneOut(box(counts), new boolean[] {true, true, true});
            oddSums = oddOneOut(box(sums), new boolean[] {true, true, true});
            if (oddCounts.isEmpty() && oddSums.isEmpty()) {
                break;
            }
            sleep(200);
        }
        if (oddCounts.isEmpty() && oddSums.isEmpty()) {
            out.println("table " + name + " (" + kind + "): " + rows(counts[0]) + " on each backend, checksums agree: ok");
            return;
        }
        problems++;
        StringBuilder why = new StringBuilder();
        if (!oddCounts.isEmpty()) {
            why.append("row counts differ (backend 0: ").append(counts[0]).append(", 1: ").append(counts[1]).append(", 2: ")
                    .append(counts[2]).append(")");
        } else {
            why.append(rows(counts[0])).append(" on each backend, but the checksum differs on backend")
                    .append(oddSums.size() > 1 ? "s " : " ").append(join(oddSums));
        }
        out.println("table " + name + " (" + kind + "): " + why + ": INCONSISTENT");
    }

    // ---------------------------------------------------------------- split tables

    private enum Kind { ROWID, VERSION, SHARE, INDEX, PLAIN }

    private enum Problem { MISSING, VERSION, PLAIN, SHARE }

    /** One inconsistency in one row; {@code backend} is -1 when no single backend can be blamed. */
    private record Finding(Problem problem, int backend, String text) {
    }

    private final class SplitTable {
        private final TableInfo t;
        private List<String> columns;
        private Kind[] kinds;
        private ColumnInfo[] infos;
        private int rowidAt;
        private int versionAt;
        private final long[] missingOn = new long[3];
        private final long[] counts = new long[Problem.values().length];
        private long printed;
        private long checked;

        SplitTable(TableInfo t) {
            this.t = t;
        }

        void verify() throws SQLException {
            String label = "table " + t.name() + " (split, " + t.protectedColumns().size() + " protected column"
                    + (t.protectedColumns().size() == 1 ? "" : "s") + ")";
            if (!sameColumns(label)) {
                return;
            }
            Cursor[] cursors = new Cursor[3];
            List<Long> suspects = new ArrayList<>();
            try {
                for (int b = 0; b < 3; b++) {
                    cursors[b] = new Cursor(b);
                }
                while (true) {
                    Long min = null;
                    for (Cursor c : cursors) {
                        Object[] head = c.peek();
                        if (head != null && (min == null || rowid(head) < min)) {
                            min = rowid(head);
                        }
                    }
                    if (min == null) {
                        break;
                    }
                    Object[][] row = new Object[3][];
                    for (int b = 0; b < 3; b++) {
                        Object[] head = cursors[b].peek();
                        if (head != null && rowid(head) == min) {
                            row[b] = cursors[b].next();
                        }
                    }
                    checked++;
                    List<Finding> findings = check(min, row);
                    if (!findings.isEmpty()) {
                        if (suspects.size() < RECHECK_AT_MOST) {
                            suspects.add(min);
                        } else {
                            report(min, row, findings);
                        }
                    }
                }
            } finally {
                for (Cursor c : cursors) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
            recheck(suspects);
            long found = Arrays.stream(counts).sum();
            problems += found;
            StringBuilder line = new StringBuilder(label).append(": ").append(rows(checked)).append(" checked");
            if (found == 0) {
                out.println(line.append(": ok"));
                return;
            }
            line.append(", rows missing on backend 0/1/2: ").append(missingOn[0]).append('/').append(missingOn[1]).append('/')
                    .append(missingOn[2]).append(", version mismatches: ").append(counts[Problem.VERSION.ordinal()])
                    .append(", plain-column mismatches: ").append(counts[Problem.PLAIN.ordinal()])
                    .append(", shares that do not authenticate: ").append(counts[Problem.SHARE.ordinal()]).append(": INCONSISTENT");
            out.println(line);
            flushDetails();
        }

        private final List<String> details = new ArrayList<>();

        private void flushDetails() {
            details.forEach(out::println);
            long total = Arrays.stream(counts).sum();
            if (total > printed) {
                out.println("  ... and " + (total - printed) + " more");
            }
        }

        /** The physical columns, which must be the same list on the three backends. */
        private boolean sameColumns(String label) throws SQLException {
            List<List<String>> lists = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                try (Statement s = conns[b].createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + Tables.quote(t.name()) + " LIMIT 0")) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> names = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        names.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
                    }
                    lists.add(names);
                }
            }
            List<Integer> odd = oddOneOut(lists.toArray(), new boolean[] {true, true, true});
            if (!odd.isEmpty()) {
                problems++;
                out.println(label + ": its columns differ on backend" + (odd.size() > 1 ? "s " : " ") + join(odd) + " (backend 0: "
                        + lists.get(0) + ", 1: " + lists.get(1) + ", 2: " + lists.get(2) + "): INCONSISTENT");
                return false;
            }
            columns = lists.get(0);
            rowidAt = columns.indexOf(TableInfo.ROWID);
            versionAt = columns.indexOf(TableInfo.VERSION);
            if (rowidAt < 0 || versionAt < 0) {
                problems++;
                out.println(label + ": lacks " + TableInfo.ROWID + " or " + TableInfo.VERSION + " on the backends: INCONSISTENT");
                return false;
            }
            kinds = new Kind[columns.size()];
            infos = new ColumnInfo[columns.size()];
            Map<String, ColumnInfo> indexes = new HashMap<>();
            for (ColumnInfo c : t.protectedColumns()) {
                if (c.searchable()) {
                    indexes.put(c.indexColumn().toLowerCase(Locale.ROOT), c);
                }
            }
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i);
                ColumnInfo c = t.column(name);
                if (i == rowidAt) {
                    kinds[i] = Kind.ROWID;
                } else if (i == versionAt) {
                    kinds[i] = Kind.VERSION;
                } else if (c != null && c.isProtected()) {
                    kinds[i] = Kind.SHARE;
                    infos[i] = c;
                } else if (indexes.containsKey(name)) {
                    kinds[i] = Kind.INDEX;
                    infos[i] = indexes.get(name);
                } else {
                    kinds[i] = Kind.PLAIN;
                }
            }
            return true;
        }

        private long rowid(Object[] row) {
            return longOf(row[rowidAt]);
        }

        /** What is wrong with one row, given as each backend holds it (null where it is missing). */
        private List<Finding> check(long rowid, Object[][] row) {
            List<Finding> findings = new ArrayList<>();
            boolean[] present = new boolean[3];
            for (int b = 0; b < 3; b++) {
                present[b] = row[b] != null;
                if (!present[b]) {
                    findings.add(new Finding(Problem.MISSING, b, "missing on backend " + b));
                }
            }
            Object[] versions = column(row, versionAt);
            List<Integer> oddVersion = oddOneOut(versions, present);
            if (!oddVersion.isEmpty()) {
                StringBuilder v = new StringBuilder();
                for (int b = 0; b < 3; b++) {
                    if (present[b]) {
                        v.append(v.length() == 0 ? "" : ", ").append(b).append(": ").append(versions[b]);
                    }
                }
                findings.add(new Finding(Problem.VERSION, single(oddVersion), TableInfo.VERSION + " differs on " + backends(oddVersion)
                        + " (" + v + ")"));
            }
            for (int i = 0; i < columns.size(); i++) {
                if (kinds[i] == Kind.PLAIN || kinds[i] == Kind.INDEX) {
                    List<Integer> odd = oddOneOut(column(row, i), present);
                    if (!odd.isEmpty()) {
                        String what = kinds[i] == Kind.INDEX ? "blind index " + columns.get(i) : "column " + columns.get(i);
                        findings.add(new Finding(Problem.PLAIN, single(odd), what + " differs on " + backends(odd)));
                    }
                } else if (kinds[i] == Kind.SHARE) {
                    shares(rowid, row, present, i, findings);
                }
            }
            return findings;
        }

        /** Opens column {@code i}'s value from each pair of backends that hold the row at the same version. */
        private void shares(long rowid, Object[][] row, boolean[] present, int i, List<Finding> findings) {
            ColumnInfo c = infos[i];
            String column = t.name() + "." + c.name();
            if (c.protect() == Protection.ENCRYPTED) {
                int holder = c.policy().holder();
                for (int b = 0; b < 3; b++) {
                    if (b != holder && present[b] && row[b][i] != null) {
                        findings.add(new Finding(Problem.SHARE, b, "backend " + b + " holds a value of encrypted column " + column
                                + ", which only backend " + holder + " should hold"));
                    }
                }
                if (present[holder] && row[holder][i] == null) {
                    return;  // erased (splitdb forget)
                }
                if (present[holder] && !opens(rowid, row, i, holder, -1)) {
                    findings.add(new Finding(Problem.SHARE, holder, "the ciphertext of " + column + " on backend " + holder
                            + " does not authenticate"));
                }
                return;
            }
            if (ProtectedValues.isErased(c, stored(row, i), present)) {
                return;  // erased by splitdb forget on every backend that holds the row
            }
            Boolean[] ok = new Boolean[3];  // per pair: null when the pair cannot be tried (row missing, versions differ)
            for (int p = 0; p < PAIRS.length; p++) {
                int a = PAIRS[p][0];
                int b = PAIRS[p][1];
                if (!present[a] || !present[b] || longOf(row[a][versionAt]) != longOf(row[b][versionAt])) {
                    continue;
                }
                if (p == 2 && Boolean.TRUE.equals(ok[0]) && Boolean.TRUE.equals(ok[1])) {
                    ok[2] = true;  // shares 0, 1 and 2 lie on one polynomial: the third pair gives the same value
                    continue;
                }
                ok[p] = opens(rowid, row, i, a, b);
            }
            List<Integer> failed = new ArrayList<>();
            List<Integer> tried = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                if (ok[p] != null) {
                    tried.add(p);
                    if (!ok[p]) {
                        failed.add(p);
                    }
                }
            }
            if (failed.isEmpty()) {
                return;
            }
            for (int x = 0; x < 3; x++) {
                // backend x is to blame if every pair with x fails and the pair without it authenticates
                int without = x == 0 ? 2 : x == 1 ? 1 : 0;
                if (Boolean.TRUE.equals(ok[without]) && failed.size() == 2 && !failed.contains(without)) {
                    findings.add(new Finding(Problem.SHARE, x, "the share of " + column + " on backend " + x
                            + " does not authenticate (backends " + PAIRS[without][0] + " and " + PAIRS[without][1] + " agree)"));
                    return;
                }
            }
            StringBuilder pairs = new StringBuilder();
            for (int p : failed) {
                pairs.append(pairs.length() == 0 ? "" : ", ").append(PAIRS[p][0]).append('+').append(PAIRS[p][1]);
            }
            findings.add(new Finding(Problem.SHARE, -1, "the shares of " + column + " do not authenticate from backends " + pairs
                    + (failed.size() == tried.size() ? " (no pair does: wrong key, or more than one backend altered)" : "")));
        }

        /** True if the value authenticates from backends a and b (b = -1: from a alone, an encrypted column's holder). */
        private boolean opens(long rowid, Object[][] row, int i, int a, int b) {
            // checked without decoding the value; nothing is counted as tampering in the driver's health numbers
            return db.values().authenticates(t, infos[i], a, (byte[]) row[a][i], b, b < 0 ? null : (byte[]) row[b][i], rowid,
                    longOf(row[a][versionAt]));
        }

        /** Reads the suspect rows again from the three backends and reports what is still wrong. */
        private void recheck(List<Long> suspects) throws SQLException {
            for (int from = 0; from < suspects.size(); from += 500) {
                List<Long> chunk = suspects.subList(from, Math.min(suspects.size(), from + 500));
                List<Map<Long, Object[]>> read = new ArrayList<>();
                for (int b = 0; b < 3; b++) {
                    Map<Long, Object[]> rows = new HashMap<>();
                    try (PreparedStatement ps = conns[b].prepareStatement("SELECT * FROM " + Tables.quote(t.name()) + " WHERE " + TableInfo.ROWID
                            + " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setLong(i + 1, chunk.get(i));
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Object[] r = values(rs);
                                rows.put(rowid(r), r);
                            }
                        }
                    }
                    read.add(rows);
                }
                for (long rowid : chunk) {
                    Object[][] row = {read.get(0).get(rowid), read.get(1).get(rowid), read.get(2).get(rowid)};
                    if (row[0] == null && row[1] == null && row[2] == null) {
                        continue;  // deleted everywhere meanwhile
                    }
                    List<Finding> findings = check(rowid, row);
                    if (!findings.isEmpty()) {
                        report(rowid, row, findings);
                    }
                }
            }
        }

        private void report(long rowid, Object[][] row, List<Finding> findings) {
            String key = rowKey(rowid, row);
            for (Finding f : findings) {
                counts[f.problem().ordinal()]++;
                if (f.problem() == Problem.MISSING) {
                    missingOn[f.backend()]++;
                }
                if (printed < maxDetails) {
                    printed++;
                    details.add("  " + t.name() + " row " + key + ": " + f.text());
                }
            }
        }

        /** {@code _split_rowid=7 (id=5)}: the hidden key, and the declared key where it is stored in clear. */
        private String rowKey(long rowid, Object[][] row) {
            Object[] any = row[0] != null ? row[0] : row[1] != null ? row[1] : row[2];
            StringBuilder key = new StringBuilder(TableInfo.ROWID + "=" + rowid);
            List<String> pk = new ArrayList<>();
            for (String name : t.primaryKey()) {
                ColumnInfo c = t.column(name);
                int at = columns.indexOf(name.toLowerCase(Locale.ROOT));
                if (c == null || c.isProtected() || at < 0 || at == rowidAt || any == null) {
                    continue;
                }
                pk.add(name + "=" + any[at]);
            }
            if (!pk.isEmpty()) {
                key.append(" (").append(String.join(", ", pk)).append(')');
            }
            return key.toString();
        }

        private Object[] values(ResultSet rs) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = value(rs, md, i + 1);
            }
            return row;
        }

        /** One backend's rows in row id order, a chunk at a time. */
        private final class Cursor implements AutoCloseable {
            private final PreparedStatement ps;
            private final ArrayDeque<Object[]> buffer = new ArrayDeque<>();
            private long after = Long.MIN_VALUE;
            private boolean done;

            Cursor(int backend) throws SQLException {
                ps = conns[backend].prepareStatement("SELECT * FROM " + Tables.quote(t.name()) + " WHERE " + TableInfo.ROWID + " > ? ORDER BY "
                        + TableInfo.ROWID + " LIMIT " + CHUNK);
            }

            Object[] peek() throws SQLException {
                if (buffer.isEmpty() && !done) {
                    ps.setLong(1, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            buffer.add(values(rs));
                        }
                    }
                    if (buffer.size() < CHUNK) {
                        done = true;
                    }
                    if (!buffer.isEmpty()) {
                        after = rowid(buffer.peekLast());
                    }
                }
                return buffer.peekFirst();
            }

            Object[] next() {
                return buffer.pollFirst();
            }

            @Override
            public void close() throws SQLException {
                ps.close();
            }
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    /** Records of writes a backend missed, on the backends that took part. */
    private void pending() throws SQLException {
        Map<Integer, Long>[] byTarget = newMaps();
        long total = 0;
        for (int b = 0; b < 3; b++) {
            try (Statement s = conns[b].createStatement();
                 ResultSet rs = s.executeQuery("SELECT target, COUNT(*) FROM _split_pending GROUP BY target ORDER BY target")) {
                while (rs.next()) {
                    byTarget[b].put(rs.getInt(1), rs.getLong(2));
                    total += rs.getLong(2);
                }
            }
        }
        if (total == 0) {
            out.println("pending repairs: none");
            return;
        }
        problems++;
        out.println("pending repairs: INCONSISTENT (run splitdb repair)");
        for (int b = 0; b < 3; b++) {
            for (Map.Entry<Integer, Long> e : byTarget[b].entrySet()) {
                out.println("  backend " + b + " records " + e.getValue() + " write" + (e.getValue() == 1 ? "" : "s")
                        + " that backend " + e.getKey() + " missed");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Long>[] newMaps() {
        return new Map[] {new TreeMap<>(), new TreeMap<>(), new TreeMap<>()};
    }

    /** This split database's prepared XA branches per backend ({@code XA RECOVER} rows whose id begins with {@code sdb-} and carries its tag). */
    private Map<Integer, List<String>> inDoubt() throws SQLException {
        Map<Integer, List<String>> branches = new TreeMap<>();
        for (int b = 0; b < 3; b++) {
            List<String> ids = new ArrayList<>();
            try (Statement s = conns[b].createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
                while (rs.next()) {
                    // XA RECOVER lists every database's branches on the server: this split database's carry its tag
                    // (sdb-<leader>-<tag>-<millis>-<random>); those of other split databases are theirs to settle
                    String data = rs.getString("data");
                    int gtridLength = rs.getInt("gtrid_length");
                    if (data == null || !data.startsWith("sdb-") || data.length() < gtridLength) {
                        continue;
                    }
                    String[] parts = data.substring(0, gtridLength).split("-");
                    if (parts.length == 5 && parts[2].equals(db.databaseTag())) {
                        ids.add(data.substring(0, gtridLength) + " (branch " + data.substring(gtridLength) + ")");
                    }
                }
            }
            branches.put(b, ids);
        }
        return branches;
    }

    /** Branches that were in doubt when verify began and still are: not a commit that was merely under way. */
    private void inDoubt(Map<Integer, List<String>> before) throws SQLException {
        Map<Integer, List<String>> after = inDoubt();
        List<String> lines = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            Set<String> still = new LinkedHashSet<>(after.get(b));
            still.retainAll(before.get(b));
            for (String id : still) {
                lines.add("  backend " + b + ": " + id);
            }
        }
        if (lines.isEmpty()) {
            out.println("in-doubt XA branches: none");
            return;
        }
        problems += lines.size();
        out.println("in-doubt XA branches: " + lines.size() + " (run splitdb repair: it settles them by their leader's decision)");
        lines.forEach(out::println);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The backends whose value differs from the others' (among those present): the one odd out of
     * three, or every present one when no two agree, or none.
     */
    static List<Integer> oddOneOut(Object[] values, boolean[] present) {
        List<Integer> have = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            if (present[b]) {
                have.add(b);
            }
        }
        boolean allEqual = true;
        for (int i = 1; i < have.size(); i++) {
            allEqual &= Objects.deepEquals(values[have.get(0)], values[have.get(i)]);
        }
        if (allEqual) {
            return List.of();
        }
        if (have.size() == 3) {
            for (int x : have) {
                List<Integer> others = new ArrayList<>(have);
                others.remove(Integer.valueOf(x));
                if (Objects.deepEquals(values[others.get(0)], values[others.get(1)])) {
                    return List.of(x);
                }
            }
        }
        return have;
    }

    private static byte[][] stored(Object[][] row, int i) {
        byte[][] stored = new byte[3][];
        for (int b = 0; b < 3; b++) {
            stored[b] = row[b] == null ? null : (byte[]) row[b][i];
        }
        return stored;
    }

    private static Object[] column(Object[][] row, int i) {
        return new Object[] {row[0] == null ? null : row[0][i], row[1] == null ? null : row[1][i], row[2] == null ? null : row[2][i]};
    }

    private static int single(List<Integer> backends) {
        return backends.size() == 1 ? backends.get(0) : -1;
    }

    private static String backends(List<Integer> backends) {
        return backends.size() == 1 ? "backend " + backends.get(0) : "backends " + join(backends) + " (no two agree)";
    }

    private static String join(List<Integer> backends) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < backends.size(); i++) {
            sb.append(i == 0 ? "" : i == backends.size() - 1 ? " and " : ", ").append(backends.get(i));
        }
        return sb.toString();
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }

    private static Object[] box(long[] values) {
        return new Object[] {values[0], values[1], values[2]};
    }

    /** A column's value as the server gives it: bytes for binary columns (shares), the server's text for the rest. */
    private static Object value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        switch (md.getColumnType(i)) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                return rs.getBytes(i);
            case Types.FLOAT, Types.REAL, Types.DOUBLE:
                return rs.getObject(i);
            default:
                return rs.getString(i);
        }
    }

    private static long longOf(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
