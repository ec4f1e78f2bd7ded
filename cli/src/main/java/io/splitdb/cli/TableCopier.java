package io.splitdb.cli;

import io.splitdb.catalog.TableInfo;
import io.splitdb.jdbc.SplitConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one table from the source into the split database, in batches of rows, each batch one
 * transaction through the driver on the three backends.
 *
 * <p>A table with a primary key is read in key order and resumes on its own: the destination is
 * the progress record, since each batch is atomic, so a new run continues after the largest key
 * already there. A table without one is copied in a single transaction, so an interrupted copy
 * leaves it empty and the next run starts it again.
 */
final class TableCopier {

    /** What one table's copy did. */
    record Copied(long before, long copied, String resumedAfter) {
    }

    /** The copy stopped as asked ({@code --stop-after-rows}), at a batch boundary. */
    static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message);
        }
    }

    private final SourceDatabase source;
    private final Connection split;
    private final int batch;
    private final Progress progress;
    private final long stopAfter;
    private long copiedThisRun;
    /** The current table's statements, kept for its batches: a multi-row INSERT of a full batch, a one-row INSERT. */
    private PreparedStatement fullBatch;
    private PreparedStatement singleRow;

    /** @param stopAfter stop once this many rows were copied in this run (0: never); for tests of resuming */
    TableCopier(SourceDatabase source, Connection split, int batch, Progress progress, long stopAfter) {
        this.source = source;
        this.split = split;
        this.batch = batch;
        this.progress = progress;
        this.stopAfter = stopAfter;
    }

    Copied copy(SourceDatabase.Table t) throws SQLException, Stopped {
        return t.primaryKey().isEmpty() ? copyWhole(t) : copyByKey(t);
    }

    private Copied copyByKey(SourceDatabase.Table t) throws SQLException, Stopped {
        List<String> key = t.primaryKey();
        Object[] last = lastKey(t);
        long before = count(t);
        String order = String.join(", ", key.stream().map(Tables::quote).toList());
        String after = last == null ? "" : " WHERE (" + order + ") > (" + "?, ".repeat(key.size() - 1) + "?)";
        source.beginSnapshot();
        try {
            long remaining;
            try (PreparedStatement ps = source.connection().prepareStatement("SELECT COUNT(*) FROM " + Tables.quote(t.name()) + after)) {
                bindKey(ps, last);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    remaining = rs.getLong(1);
                }
            }
            progress.start(t.name(), before, before + remaining);
            if (remaining > 0) {
                read(t, "SELECT " + columnList(t) + " FROM " + Tables.quote(t.name()) + after + " ORDER BY " + order, last);
            }
            progress.finish();
            return new Copied(before, progress.copied(), last == null ? null : describeKey(key, last));
        } finally {
            source.endSnapshot();
        }
    }

    private Copied copyWhole(SourceDatabase.Table t) throws SQLException, Stopped {
        long before = count(t);
        if (before > 0) {
            return new Copied(before, 0, null);  // copied whole before (or not by migrate): verification tells which
        }
        source.beginSnapshot();
        boolean autoCommit = split.getAutoCommit();
        split.setAutoCommit(false);
        try {
            progress.start(t.name(), 0, source.count(t));
            read(t, "SELECT " + columnList(t) + " FROM " + Tables.quote(t.name()), null);
            split.commit();
            progress.finish();
            return new Copied(0, progress.copied(), null);
        } catch (SQLException | Stopped | RuntimeException e) {
            split.rollback();
            throw e;
        } finally {
            split.setAutoCommit(autoCommit);
            source.endSnapshot();
        }
    }

    /** Streams the source's rows and writes them in batches. */
    private void read(SourceDatabase.Table t, String select, Object[] after) throws SQLException, Stopped {
        List<SourceDatabase.Column> columns = t.copied();
        try (PreparedStatement ps = source.connection().prepareStatement(select, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(Integer.MIN_VALUE);  // Connector/J streams the rows instead of holding the table in memory
            bindKey(ps, after);
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> rows = new ArrayList<>(batch);
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = columns.get(i).binary() ? rs.getBytes(i + 1) : rs.getString(i + 1);
                    }
                    rows.add(row);
                    if (rows.size() == batch) {
                        write(t, rows);
                        rows.clear();
                    }
                }
                write(t, rows);
            }
        }
    }

    /**
     * Writes one batch atomically. A table with protected columns gets a JDBC batch of one-row INSERTs
     * in one transaction: the driver merges it into multi-row writes as it would a long INSERT, and a
     * short statement is parsed in microseconds where a 1000-row one costs the parser up to seconds.
     * A table without gets one multi-row INSERT, since the driver runs a JDBC batch of plain-table
     * statements one by one.
     */
    private void write(SourceDatabase.Table t, List<Object[]> rows) throws SQLException, Stopped {
        if (rows.isEmpty()) {
            return;
        }
        if (splitTable(t)) {
            writeBatch(t, rows);
        } else {
            writeRows(t, rows);
        }
        progress.advance(rows.size());
        copiedThisRun += rows.size();
        if (stopAfter > 0 && copiedThisRun >= stopAfter) {
            throw new Stopped("stopped after " + copiedThisRun + " rows as asked (--stop-after-rows), in table " + t.name());
        }
    }

    private void writeRows(SourceDatabase.Table t, List<Object[]> rows) throws SQLException {
        PreparedStatement ps = rows.size() == batch && fullBatch != null ? fullBatch : split.prepareStatement(insert(t, rows.size()));
        try {
            int p = 1;
            for (Object[] row : rows) {
                p = bind(ps, p, t, row);
            }
            ps.executeUpdate();
        } finally {
            if (rows.size() == batch && fullBatch == null) {
                fullBatch = ps;
            } else if (ps != fullBatch) {
                ps.close();
            }
        }
    }

    private void writeBatch(SourceDatabase.Table t, List<Object[]> rows) throws SQLException {
        if (singleRow == null) {
            singleRow = split.prepareStatement(insert(t, 1));
        }
        for (Object[] row : rows) {
            bind(singleRow, 1, t, row);
            singleRow.addBatch();
        }
        boolean own = split.getAutoCommit();  // a table without primary key is inside its own transaction already
        if (own) {
            split.setAutoCommit(false);
        }
        try {
            singleRow.executeBatch();
            if (own) {
                split.commit();
            }
        } catch (SQLException | RuntimeException e) {
            singleRow.clearBatch();
            if (own) {
                split.rollback();
            }
            throw e;
        } finally {
            if (own) {
                split.setAutoCommit(true);
            }
        }
    }

    private static int bind(PreparedStatement ps, int first, SourceDatabase.Table t, Object[] row) throws SQLException {
        List<SourceDatabase.Column> columns = t.copied();
        int p = first;
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                ps.setNull(p++, java.sql.Types.NULL);
            } else if (columns.get(i).binary()) {
                ps.setBytes(p++, (byte[]) row[i]);
            } else {
                ps.setString(p++, (String) row[i]);
            }
        }
        return p;
    }

    /** True if the driver splits the table (it has protected columns). */
    private boolean splitTable(SourceDatabase.Table t) throws SQLException {
        TableInfo info = split.unwrap(SplitConnection.class).database().catalog().table(t.name());
        return info != null && info.hasProtectedColumns();
    }

    /** The span of one table's copy: closing it closes the statement kept for the table's full batches. */
    interface Table extends AutoCloseable {
        @Override
        void close();
    }

    Table table() {
        return () -> {
            for (PreparedStatement ps : new PreparedStatement[] {fullBatch, singleRow}) {
                try {
                    if (ps != null) {
                        ps.close();
                    }
                } catch (SQLException ignored) {
                    // a statement of a connection that is going away
                }
            }
            fullBatch = null;
            singleRow = null;
        };
    }

    private static String insert(SourceDatabase.Table t, int rows) {
        int n = t.copied().size();
        String tuple = "(" + "?, ".repeat(n - 1) + "?)";
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(Tables.quote(t.name())).append(" (").append(columnList(t))
                .append(") VALUES ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(tuple);
        }
        return sql.toString();
    }

    static String columnList(SourceDatabase.Table t) {
        return String.join(", ", t.copied().stream().map(c -> Tables.quote(c.name())).toList());
    }

    /** The largest key in the destination (its rows arrived in key order, batch by batch), or null if it is empty. */
    private Object[] lastKey(SourceDatabase.Table t) throws SQLException {
        List<String> key = t.primaryKey();
        String sql = "SELECT " + String.join(", ", key.stream().map(Tables::quote).toList()) + " FROM " + Tables.quote(t.name())
                + " ORDER BY " + String.join(", ", key.stream().map(k -> Tables.quote(k) + " DESC").toList()) + " LIMIT 1";
        try (Statement s = split.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            Object[] values = new Object[key.size()];
            for (int i = 0; i < values.length; i++) {
                SourceDatabase.Column c = t.column(key.get(i));
                values[i] = c != null && c.binary() ? rs.getBytes(i + 1) : rs.getString(i + 1);
            }
            return values;
        }
    }

    private long count(SourceDatabase.Table t) throws SQLException {
        try (Statement s = split.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Tables.quote(t.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void bindKey(PreparedStatement ps, Object[] key) throws SQLException {
        if (key == null) {
            return;
        }
        for (int i = 0; i < key.length; i++) {
            ps.setObject(i + 1, key[i]);
        }
    }

    /** {@code id=40000}: a key in messages (key columns are never protected: the backends compare them in clear). */
    private static String describeKey(List<String> key, Object[] values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            parts.add(key.get(i) + "=" + (values[i] instanceof byte[] b ? "x'" + java.util.HexFormat.of().formatHex(b) + "'" : values[i]));
        }
        return String.join(", ", parts);
    }
}
