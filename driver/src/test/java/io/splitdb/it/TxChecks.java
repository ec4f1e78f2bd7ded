package io.splitdb.it;

import io.splitdb.exec.SplitDatabase;
import io.splitdb.jdbc.SplitConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the transaction tests make straight on the three backends (plain JDBC, bypassing
 * splitdb): rows that must be identical everywhere, XA branches left behind, pending repairs.
 */
final class TxChecks {
    /** Prefix of the XA transaction ids splitdb uses (DESIGN.md / issue 4). */
    static final String XID_PREFIX = "sdb-";

    private TxChecks() {
    }

    static SplitDatabase database(Connection c) throws SQLException {
        return c.unwrap(SplitConnection.class).database();
    }

    /** {@code database().recovery().runNow()}: one synchronous recovery sweep. */
    static void runRecovery(Connection c) throws SQLException {
        database(c).recovery().runNow();
    }

    /** Runs recovery sweeps until backend {@code i} is in service again, or fails after {@code timeoutMillis}. */
    static void recoverUntilUp(Connection c, int i, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        SQLException last = null;
        while (!database(c).backends().get(i).isUp()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("backend " + i + " is not back in service " + timeoutMillis + " ms after it was started"
                        + (last == null ? "" : "; last recovery error: " + last), last);
            }
            try {
                runRecovery(c);
            } catch (SQLException e) {
                last = e;
            }
            if (!database(c).backends().get(i).isUp()) {
                Thread.sleep(200);
            }
        }
    }

    /** Runs recovery sweeps until no backend holds a splitdb XA branch, or fails after {@code timeoutMillis}. */
    static void recoverUntilNoBranches(SplitFixture db, Connection c, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            runRecovery(c);
            List<String> left = xaBranchesEverywhere(db);
            if (left.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("XA branches still in doubt " + timeoutMillis + " ms after recovery started: " + left);
            }
            Thread.sleep(200);
        }
    }

    /** The splitdb XA branches ({@code XA RECOVER}, data starting with {@code sdb-}) backend {@code i} holds. */
    static List<String> xaBranches(SplitFixture db, int i) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = db.backend(i); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                String data = rs.getString("data");
                if (data != null && data.startsWith(XID_PREFIX)) {
                    found.add("backend " + i + ": " + data);
                }
            }
        }
        return found;
    }

    static List<String> xaBranchesEverywhere(SplitFixture db) throws SQLException {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.addAll(xaBranches(db, i));
        }
        return all;
    }

    static void assertNoXaBranches(SplitFixture db) throws SQLException {
        assertThat(xaBranchesEverywhere(db)).as("splitdb XA branches left on the backends (XA RECOVER)").isEmpty();
    }

    /**
     * Every row of {@code table} on backend {@code i}, sorted, as text: every physical column but
     * the share columns (which differ by design), so the row id, row version, plain columns and
     * blind indexes must be equal on the three backends.
     */
    static List<String> physicalRows(SplitFixture db, int i, String table, Collection<String> shareColumns) throws SQLException {
        Set<String> skip = shareColumns.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> rows = new ArrayList<>();
        try (Connection c = db.backend(i); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int col = 1; col <= md.getColumnCount(); col++) {
                    String name = md.getColumnLabel(col).toLowerCase(Locale.ROOT);
                    if (skip.contains(name)) {
                        continue;
                    }
                    Object v = rs.getObject(col);
                    row.append(name).append('=').append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v)).append(' ');
                }
                rows.add(row.toString().trim());
            }
        }
        rows.sort(null);
        return rows;
    }

    /** Asserts that the three backends hold the same rows of {@code table} (shares aside), and returns them. */
    static List<String> assertBackendsAgree(SplitFixture db, String table, Collection<String> shareColumns) throws SQLException {
        List<String> first = physicalRows(db, 0, table, shareColumns);
        for (int i = 1; i < 3; i++) {
            List<String> other = physicalRows(db, i, table, shareColumns);
            if (!other.equals(first)) {
                Set<String> only0 = new TreeSet<>(first);
                other.forEach(only0::remove);
                Set<String> onlyI = new TreeSet<>(other);
                first.forEach(onlyI::remove);
                throw new AssertionError("table " + table + ": backends 0 and " + i + " differ (" + first.size() + " vs " + other.size()
                        + " rows); only on backend 0: " + head(only0) + "; only on backend " + i + ": " + head(onlyI));
            }
        }
        return first;
    }

    private static String head(Collection<String> rows) {
        return rows.stream().limit(8).collect(Collectors.joining(" | ", "[", rows.size() > 8 ? " | ... " + rows.size() + " in all]" : "]"));
    }

    /** Rows in {@code _split_pending} on backend {@code i}, or -1 if the table does not exist there. */
    static long pendingRows(SplitFixture db, int i) throws SQLException {
        try (Connection c = db.backend(i); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM _split_pending")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {  // no such table
                return -1;
            }
            throw e;
        }
    }

    /** One value of a single-row, single-column query through {@code c}, as text. */
    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row for %s", sql).isTrue();
            String v = rs.getString(1);
            assertThat(rs.next()).as("one row for %s", sql).isFalse();
            return v;
        }
    }

    /** Every row of {@code sql} through {@code c}, each as "a|b|c". */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int col = 1; col <= n; col++) {
                    if (col > 1) {
                        row.append('|');
                    }
                    row.append(rs.getString(col));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** True for the SQLStates and error codes a client retries a transaction on. */
    static boolean retryable(SQLException e) {
        for (SQLException x = e; x != null; x = x.getCause() instanceof SQLException c ? c : null) {
            String state = x.getSQLState();
            if ("40001".equals(state) || "40000".equals(state) || "41000".equals(state) || x.getErrorCode() == 1213 || x.getErrorCode() == 1205) {
                return true;
            }
        }
        return false;
    }

    /** Prints the stacks of the threads whose name starts with {@code prefix} (for a test that stalls). */
    static void dumpThreads(String title, String prefix) {
        StringBuilder out = new StringBuilder("---- " + title + ": threads " + prefix + "*\n");
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith(prefix)) {
                out.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                for (StackTraceElement e : stack) {
                    out.append("    at ").append(e).append('\n');
                }
            }
        });
        System.out.println(out);
    }

    static String describe(SQLException e) {
        return e.getClass().getSimpleName() + " [" + e.getSQLState() + "/" + e.getErrorCode() + "] " + e.getMessage();
    }
}
