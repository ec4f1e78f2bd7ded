package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.crypto.ShamirSplitter;
import io.splitdb.policy.Protection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Brings one backend (the target) up to date from the other two (the sources): the rows
 * {@link PendingRepairs} names, or whole tables. Nothing is decrypted: the target's Shamir share
 * of each value is interpolated from the sources' two shares, and plain columns, blind indexes,
 * row keys and versions are copied.
 *
 * <p>Each chunk of rows is read under lock on the sources (lower-numbered first, as every writer
 * locks), written to the target, and only then released, so no write slips between the read
 * and the copy. Records are deleted only up to the newest one read before the round began; what
 * was recorded meanwhile is repaired in the next round. Repeating a repair is harmless.
 */
final class Repair {
    private static final Logger LOG = Logger.getLogger(Repair.class.getName());
    private static final int CHUNK = 500;

    private final SplitDatabase db;
    private final ShamirSplitter shamir = new ShamirSplitter();

    Repair(SplitDatabase db) {
        this.db = db;
    }

    /**
     * Repairs everything recorded for {@code target}, round after round until no record is left.
     *
     * @return rows written to the target
     */
    long pending(int target) throws SQLException {
        long rows = 0;
        for (int round = 0; round < 100; round++) {
            Map<Integer, List<Long>> ids = new HashMap<>();
            Map<String, Set<Long>> work = PendingRepairs.newMap();
            List<Integer> answering = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                if (s == target || !db.backends().get(s).isUp()) {
                    continue;
                }
                answering.add(s);
                try (Connection c = db.backends().get(s).connection(SessionSettings.DEFAULT)) {
                    ids.put(s, PendingRepairs.collect(c, target, work));
                }
            }
            if (work.isEmpty()) {
                // every write since it went down ran on the backends in service, which record what it missed;
                // none recorded anything, so there is nothing to repair (even with only one of them in service)
                return rows;
            }
            List<Integer> sources = sources(target);
            if (work.containsKey(PendingRepairs.EVERY_TABLE)) {
                for (String table : tableNames(sources.get(0))) {
                    work.put(table, null);
                }
                work.remove(PendingRepairs.EVERY_TABLE);
            }
            db.reloadCatalog();
            for (Map.Entry<String, Set<Long>> e : work.entrySet()) {
                rows += table(target, sources, e.getKey(), e.getValue());
            }
            for (int s : answering) {
                try (Connection c = db.backends().get(s).connection(SessionSettings.DEFAULT)) {
                    PendingRepairs.forget(c, ids.get(s));
                }
            }
        }
        throw new SQLException("the repair of backend " + target + " does not catch up with the writes; it stays out of service", "HY000");
    }

    /**
     * Gives a backend back in service the audit entries it missed while out (see {@link
     * io.splitdb.audit.AuditTable#copyTails}). The log is not data the application reads, so a
     * failure here only warns: {@code splitdb audit verify} then names what is missing.
     */
    void auditTails(int target) {
        for (int source = 0; source < 3; source++) {
            if (source == target || !db.backends().get(source).isUp()) {
                continue;
            }
            try {
                long entries = copyAudit(source, target, false);
                if (entries > 0) {
                    LOG.info("copied " + entries + " audit entries backend " + target + " missed from backend " + source);
                }
            } catch (SQLException e) {
                LOG.warning("cannot copy the audit entries backend " + target + " missed from backend " + source + ": " + e.getMessage());
            }
        }
    }

    /** Copies the audit log from {@code source} to {@code target}: all it lacks ({@code whole}), or each stream's missing tail. */
    private long copyAudit(int source, int target, boolean whole) throws SQLException {
        try (Connection sc = db.backends().get(source).connection(SessionSettings.DEFAULT); Connection tc = db.backends().get(target).probe()) {
            if (!SplitDatabase.physicallyExists(sc, io.splitdb.audit.AuditTable.TABLE)) {
                return 0;
            }
            return whole ? io.splitdb.audit.AuditTable.copyMissing(sc, tc) : io.splitdb.audit.AuditTable.copyTails(sc, tc);
        }
    }

    /** Rebuilds every table on {@code target} (a new, empty server that replaces a lost one, or a backend of unknown state). */
    long everything(int target) throws SQLException {
        List<Integer> sources = sources(target);
        long rows = 0;
        db.reloadCatalog();
        List<String> tables = tableNames(sources.get(0));
        createMissing(target, sources.get(0), tables);
        copyPlain(target, sources.get(0), io.splitdb.catalog.Catalog.TABLE);
        for (String table : tables) {
            rows += table(target, sources, table, null);
        }
        // the audit log's history, so that the new server's copy agrees with the others' (splitdb audit verify)
        long entries = copyAudit(sources.get(0), target, true);
        LOG.info("copied the audit log (" + entries + " entries) from backend " + sources.get(0) + " to backend " + target);
        return rows;
    }

    /** Creates on the target the tables it lacks, as the source declares them. */
    private void createMissing(int target, int source, List<String> tables) throws SQLException {
        try (Connection sc = db.backends().get(source).connection(SessionSettings.DEFAULT); Connection tc = db.backends().get(target).probe()) {
            execute(tc, "SET SESSION foreign_key_checks = 0");
            try {
                for (String table : tables) {
                    if (SplitDatabase.physicallyExists(tc, table)) {
                        continue;
                    }
                    try (Statement s = sc.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + InsertPlan.quote(table))) {
                        rs.next();
                        execute(tc, rs.getString(2));
                    }
                }
            } finally {
                execute(tc, "SET SESSION foreign_key_checks = DEFAULT");
            }
        }
    }

    private List<Integer> sources(int target) throws SQLException {
        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i != target) {
                if (!db.backends().get(i).isUp()) {
                    throw new SQLException("cannot repair backend " + target + ": it needs the other two, and backend " + i + " is down",
                            "08S01");
                }
                sources.add(i);
            }
        }
        return sources;
    }

    /** Tables on a source backend, splitdb's own left out. */
    private List<String> tableNames(int source) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.backends().get(source).connection(SessionSettings.DEFAULT);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                     + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                if (!rs.getString(1).startsWith("_split_")) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private long table(int target, List<Integer> sources, String name, Set<Long> rowids) throws SQLException {
        TableInfo t = db.catalog().table(name);
        if (t == null || !t.hasProtectedColumns()) {
            // no row keys: tables splitdb does not manage, and managed tables without protected columns
            return copyPlain(target, sources.get(0), name);
        }
        if (rowids != null) {
            List<Long> all = new ArrayList<>(rowids);
            long n = 0;
            for (int from = 0; from < all.size(); from += CHUNK) {
                n += rows(target, sources, t, all.subList(from, Math.min(all.size(), from + CHUNK)));
            }
            return n;
        }
        long n = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<Long> chunk;
            try (Connection c = db.backends().get(sources.get(0)).connection(SessionSettings.DEFAULT)) {
                chunk = rowidsAfter(c, t, after);
            }
            if (chunk.isEmpty()) {
                break;
            }
            n += rows(target, sources, t, chunk);
            after = chunk.get(chunk.size() - 1);
        }
        deleteOrphans(target, sources.get(0), t);
        return n;
    }

    /** The next chunk of row keys of {@code t} above {@code after}, in order. */
    private static List<Long> rowidsAfter(Connection c, TableInfo t, long after) throws SQLException {
        List<Long> chunk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TableInfo.ROWID + " FROM " + InsertPlan.quote(t.name())
                + " WHERE " + TableInfo.ROWID + " > ? ORDER BY " + TableInfo.ROWID + " LIMIT " + CHUNK)) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunk.add(rs.getLong(1));
                }
            }
        }
        return chunk;
    }

    /** Rows on the target that the sources no longer hold (deleted while it was down). */
    private void deleteOrphans(int target, int source, TableInfo t) throws SQLException {
        String table = InsertPlan.quote(t.name());
        long after = Long.MIN_VALUE;
        try (Connection tc = db.backends().get(target).probe(); Connection sc = db.backends().get(source).connection(SessionSettings.DEFAULT)) {
            while (true) {
                List<Long> chunk = rowidsAfter(tc, t, after);
                if (chunk.isEmpty()) {
                    return;
                }
                after = chunk.get(chunk.size() - 1);
                Set<Long> kept = new java.util.HashSet<>();
                try (PreparedStatement ps = sc.prepareStatement("SELECT " + TableInfo.ROWID + " FROM " + table + " WHERE " + TableInfo.ROWID
                        + " IN (" + marks(chunk.size()) + ")")) {
                    bind(ps, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            kept.add(rs.getLong(1));
                        }
                    }
                }
                List<Long> orphans = chunk.stream().filter(r -> !kept.contains(r)).toList();
                if (!orphans.isEmpty()) {
                    try (PreparedStatement ps = tc.prepareStatement("DELETE FROM " + table + " WHERE " + TableInfo.ROWID
                            + " IN (" + marks(orphans.size()) + ")")) {
                        bind(ps, orphans);
                        ps.executeUpdate();
                    }
                }
            }
        }
    }

    /** Rewrites rows {@code rowids} of managed table {@code t} on the target from the two sources. */
    private long rows(int target, List<Integer> sources, TableInfo t, List<Long> rowids) throws SQLException {
        String table = InsertPlan.quote(t.name());
        String select = "SELECT * FROM " + table + " WHERE " + TableInfo.ROWID + " IN (" + marks(rowids.size()) + ") FOR UPDATE";
        Connection[] source = new Connection[3];
        Connection tc = null;
        try {
            Map<Integer, Map<Long, Object[]>> read = new HashMap<>();
            List<String> columns = null;
            for (int s : sources) {  // ascending: the lock order every writer follows
                source[s] = db.backends().get(s).connection(SessionSettings.DEFAULT);
                execute(source[s], SHORT_LOCK_WAITS);
                execute(source[s], "START TRANSACTION");
                try (PreparedStatement ps = source[s].prepareStatement(select)) {
                    bind(ps, rowids);
                    try (ResultSet rs = ps.executeQuery()) {
                        columns = names(rs.getMetaData());
                        read.put(s, byRowid(rs, columns));
                    }
                }
            }
            tc = db.backends().get(target).probe();
            execute(tc, SHORT_LOCK_WAITS);
            execute(tc, "START TRANSACTION");
            Map<Long, Object[]> existing = Map.of();
            if (holdsCiphertext(t, target)) {
                try (PreparedStatement ps = tc.prepareStatement(select)) {
                    bind(ps, rowids);
                    try (ResultSet rs = ps.executeQuery()) {
                        existing = byRowid(rs, names(rs.getMetaData()));
                    }
                }
            }
            try (PreparedStatement ps = tc.prepareStatement("DELETE FROM " + table + " WHERE " + TableInfo.ROWID + " IN (" + marks(rowids.size()) + ")")) {
                bind(ps, rowids);
                ps.executeUpdate();
            }
            long written = 0;
            if (columns != null) {
                written = insert(tc, t, target, sources, columns, rowids, read, existing);
            }
            execute(tc, "COMMIT");
            for (int s : sources) {
                execute(source[s], "COMMIT");
            }
            return written;
        } finally {
            for (int s : sources) {
                if (source[s] != null) {
                    rollbackQuietly(source[s]);
                    restoreQuietly(source[s]);
                    source[s].close();
                }
            }
            if (tc != null) {
                rollbackQuietly(tc);
                restoreQuietly(tc);
                tc.close();
            }
        }
    }

    private long insert(Connection tc, TableInfo t, int target, List<Integer> sources, List<String> columns, List<Long> rowids,
                        Map<Integer, Map<Long, Object[]>> read, Map<Long, Object[]> existing) throws SQLException {
        int a = sources.get(0);
        int b = sources.get(1);
        int rowidAt = columns.indexOf(TableInfo.ROWID);
        int versionAt = columns.indexOf(TableInfo.VERSION);
        List<String> quoted = columns.stream().map(InsertPlan::quote).toList();
        String sql = "REPLACE INTO " + InsertPlan.quote(t.name()) + " (" + String.join(", ", quoted) + ") VALUES ("
                + marks(columns.size()) + ")";
        long written = 0;
        try (PreparedStatement ps = tc.prepareStatement(sql)) {
            for (long rowid : rowids) {
                Object[] ra = read.get(a).get(rowid);
                Object[] rb = read.get(b).get(rowid);
                if (ra == null && rb == null) {
                    continue;  // deleted while the target was down: the DELETE above removed it there too
                }
                if (ra == null || rb == null || longOf(ra[versionAt]) != longOf(rb[versionAt])) {
                    throw new SQLException("cannot repair " + t.name() + " row " + rowid + " on backend " + target + ": backends " + a + " and "
                            + b + " disagree about it (run splitdb verify)", "HY000");
                }
                Object[] out = new Object[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    ColumnInfo c = t.column(columns.get(i));
                    if (c == null || !c.isProtected() || columns.get(i).equalsIgnoreCase(c.indexColumn())) {
                        out[i] = ra[i];
                    } else if (c.protect() == Protection.ENCRYPTED) {
                        out[i] = ciphertext(t, c, target, rowid, ra, i, versionAt, existing);
                    } else {
                        out[i] = ra[i] == null || rb[i] == null ? null : shamir.recoverShare(a, (byte[]) ra[i], b, (byte[]) rb[i], target);
                    }
                }
                if (rowidAt < 0 || longOf(out[rowidAt]) != rowid) {
                    throw new SQLException("cannot repair " + t.name() + ": row keys do not line up", "HY000");
                }
                for (int i = 0; i < out.length; i++) {
                    ps.setObject(i + 1, out[i]);
                }
                ps.addBatch();
                written++;
            }
            ps.executeBatch();
        }
        return written;
    }

    /** The ciphertext of an encrypted column on the target: only its holder has it, and it cannot be rebuilt elsewhere. */
    private static Object ciphertext(TableInfo t, ColumnInfo c, int target, long rowid, Object[] source, int at, int versionAt,
                                     Map<Long, Object[]> existing) throws SQLException {
        if (c.policy().holder() != target) {
            return source[at];  // NULL on every backend but the holder
        }
        Object[] old = existing.get(rowid);
        if (old == null || longOf(old[versionAt]) != longOf(source[versionAt])) {
            throw new SQLException("cannot repair " + t.name() + "." + c.name() + " (row " + rowid + ") on backend " + target
                    + ": only that backend holds its ciphertext, and its copy is missing or outdated", "HY000");
        }
        return old[at];
    }

    private static boolean holdsCiphertext(TableInfo t, int target) {
        return t.protectedColumns().stream().anyMatch(c -> c.protect() == Protection.ENCRYPTED && c.policy().holder() == target);
    }

    /** A table splitdb does not manage (no row keys): copied whole from one source, under a shared lock. */
    private long copyPlain(int target, int source, String name) throws SQLException {
        String table = InsertPlan.quote(name);
        try (Connection sc = db.backends().get(source).connection(SessionSettings.DEFAULT); Connection tc = db.backends().get(target).probe()) {
            if (!SplitDatabase.physicallyExists(sc, name)) {
                return 0;
            }
            execute(sc, "START TRANSACTION");
            try {
                execute(tc, "SET SESSION foreign_key_checks = 0");
                execute(tc, "START TRANSACTION");
                execute(tc, "DELETE FROM " + table);
                long n = 0;
                try (Statement s = sc.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LOCK IN SHARE MODE")) {
                    List<String> columns = names(rs.getMetaData());
                    String insert = "INSERT INTO " + table + " (" + String.join(", ", columns.stream().map(InsertPlan::quote).toList())
                            + ") VALUES (" + marks(columns.size()) + ")";
                    try (PreparedStatement ps = tc.prepareStatement(insert)) {
                        while (rs.next()) {
                            for (int i = 1; i <= columns.size(); i++) {
                                ps.setObject(i, value(rs, rs.getMetaData(), i));
                            }
                            ps.addBatch();
                            if (++n % CHUNK == 0) {
                                ps.executeBatch();
                            }
                        }
                        ps.executeBatch();
                    }
                }
                execute(tc, "COMMIT");
                execute(sc, "COMMIT");
                LOG.info("copied table " + name + " (" + n + " rows) from backend " + source + " to backend " + target);
                return n;
            } finally {
                rollbackQuietly(tc);
                rollbackQuietly(sc);
                execute(tc, "SET SESSION foreign_key_checks = DEFAULT");
            }
        }
    }

    private static List<String> names(ResultSetMetaData md) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
        }
        return names;
    }

    private static Map<Long, Object[]> byRowid(ResultSet rs, List<String> columns) throws SQLException {
        int rowidAt = columns.indexOf(TableInfo.ROWID);
        Map<Long, Object[]> rows = new HashMap<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = value(rs, md, i + 1);
            }
            rows.put(rs.getLong(rowidAt + 1), row);
        }
        return rows;
    }

    /**
     * A column's value as it round-trips exactly: bytes for binary columns (shares), the number
     * for floating point, and the server's own text for everything else (dates, decimals, years),
     * so no client-side conversion can alter what is copied.
     */
    private static Object value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        switch (md.getColumnType(i)) {
            case java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY, java.sql.Types.BLOB:
                return rs.getBytes(i);
            case java.sql.Types.FLOAT, java.sql.Types.REAL, java.sql.Types.DOUBLE:
                return rs.getObject(i);
            case java.sql.Types.BIGINT:
                return rs.getObject(i) == null ? null : rs.getString(i);
            default:
                return rs.getString(i);
        }
    }

    private static long longOf(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement ps, List<Long> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setLong(i + 1, values.get(i));
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Repair waits only briefly for a row lock: a lock held long is most likely an in-doubt branch
     * that recovery settles first, and the next round comes soon; waiting out the server's default
     * (50 s) would only hold the writers back.
     */
    private static final String SHORT_LOCK_WAITS = "SET SESSION innodb_lock_wait_timeout = 3";

    private static void restoreQuietly(Connection c) {
        try {
            execute(c, "SET SESSION innodb_lock_wait_timeout = DEFAULT");
        } catch (SQLException ignored) {
            // a broken connection: the pool drops it
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // the connection goes back to the pool, which checks it
        }
    }
}
