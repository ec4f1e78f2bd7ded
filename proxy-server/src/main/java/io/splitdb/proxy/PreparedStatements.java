package io.splitdb.proxy;

import io.splitdb.proxy.protocol.ColumnDefinition41;
import io.splitdb.proxy.protocol.ColumnType;
import io.splitdb.proxy.protocol.ErrPacket;
import io.splitdb.proxy.protocol.MalformedPacketException;
import io.splitdb.proxy.protocol.PayloadReader;
import io.splitdb.proxy.protocol.StmtExecute;
import io.splitdb.proxy.protocol.StmtPrepareOk;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One session's server-side prepared statements (COM_STMT_PREPARE / EXECUTE / SEND_LONG_DATA /
 * RESET / CLOSE), each a JDBC {@link PreparedStatement} on the session's split connection. Used on
 * the session's worker thread only.
 */
final class PreparedStatements {
    /** MySQL's default max_prepared_stmt_count: a client cannot make the session hold more. */
    static final int MAX_STATEMENTS = 16_382;
    /** ER_UNKNOWN_STMT_HANDLER. */
    private static final int UNKNOWN_STATEMENT = 1243;
    /** ER_MAX_PREPARED_STMT_COUNT_REACHED. */
    private static final int TOO_MANY_STATEMENTS = 1461;
    /** ER_WRONG_ARGUMENTS. */
    private static final int WRONG_ARGUMENTS = 1210;

    private static final class Prepared {
        final PreparedStatement statement;
        final int parameters;
        int[] types;
        final ByteArrayOutputStream[] longData;
        long longDataBytes;

        Prepared(PreparedStatement statement, int parameters) {
            this.statement = statement;
            this.parameters = parameters;
            this.longData = new ByteArrayOutputStream[parameters];
        }

        void clearLongData() {
            Arrays.fill(longData, null);
            longDataBytes = 0;
        }
    }

    private final Map<Long, Prepared> statements = new HashMap<>();
    private final int maxLongData;
    private long nextId = 1;

    /** @param maxLongData the most bytes of COM_STMT_SEND_LONG_DATA one execution may carry (the packet limit) */
    PreparedStatements(int maxLongData) {
        this.maxLongData = maxLongData;
    }

    /** COM_STMT_PREPARE: the statement id, its parameter definitions and, where the driver knows them, its columns. */
    void prepare(Connection connection, Responder out, String sql, int status) throws SQLException {
        if (statements.size() >= MAX_STATEMENTS) {
            out.error(new ErrPacket(TOO_MANY_STATEMENTS, "42000", "Can't create more than max_prepared_stmt_count statements (current value: "
                    + MAX_STATEMENTS + ")"));
            return;
        }
        PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
        int parameters;
        ResultSetMetaData md;
        try {
            parameters = ps.getParameterMetaData().getParameterCount();
            md = ps.getMetaData(); // null: the driver learns the columns when it runs the query
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
        long id = nextId++;
        statements.put(id, new Prepared(ps, parameters));
        int columns = md == null ? 0 : md.getColumnCount();
        out.send(new StmtPrepareOk(id, columns, parameters, 0).encode());
        if (parameters > 0) {
            byte[] parameter = new ColumnDefinition41("", "", "", "?", "", ColumnDefinition41.BINARY, 0, ColumnType.VAR_STRING, 0, 0).encode();
            for (int i = 0; i < parameters; i++) {
                out.send(parameter);
            }
            out.endOfColumns(status);
        }
        if (columns > 0) {
            for (int i = 1; i <= columns; i++) {
                out.send(ColumnTypes.definition(md, i).encode());
            }
            out.endOfColumns(status);
        }
        out.flush();
    }

    /** COM_STMT_EXECUTE: binds the parameters and answers with a binary result set or OK. */
    void execute(Responder out, byte[] payload, java.util.function.IntSupplier status) throws SQLException {
        Prepared p = statements.get(StmtExecute.statementId(payload));
        if (p == null) {
            unknown(out, StmtExecute.statementId(payload), "mysqld_stmt_execute");
            return;
        }
        boolean[] fromLongData = new boolean[p.parameters];
        for (int i = 0; i < p.parameters; i++) {
            fromLongData[i] = p.longData[i] != null;
        }
        StmtExecute exec;
        try {
            exec = StmtExecute.decode(payload, p.parameters, p.types, fromLongData);
        } catch (MalformedPacketException | IndexOutOfBoundsException | IllegalArgumentException | java.time.DateTimeException e) {
            out.error(new ErrPacket(WRONG_ARGUMENTS, "HY000", "Incorrect arguments to mysqld_stmt_execute: " + e.getMessage()));
            return;
        }
        p.types = exec.types();
        PreparedStatement ps = p.statement;
        ps.clearParameters();
        for (int i = 0; i < p.parameters; i++) {
            if (p.longData[i] != null) {
                byte[] data = p.longData[i].toByteArray();
                boolean bytes = exec.types().length > i && isBlob(exec.types()[i] & 0xFF);
                ps.setObject(i + 1, bytes ? data : new String(data, java.nio.charset.StandardCharsets.UTF_8));
            } else {
                ps.setObject(i + 1, exec.values()[i]);
            }
        }
        p.clearLongData(); // as MySQL: long data lasts one execution
        executing = ps;
        try {
            executeBound(out, ps, status);
        } finally {
            executing = null;
        }
    }

    /** The statement executing now, or null (for KILL QUERY). */
    private volatile PreparedStatement executing;

    /** Cancels the prepared statement executing, if any. */
    void cancelRunning() {
        cancelQuietly(executing);
    }

    /** Cancels {@code s} if it is not null; one that finished meanwhile is left alone. */
    static void cancelQuietly(Statement s) {
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException ignored) {
                // finished or closed meanwhile: nothing to stop
            }
        }
    }

    private void executeBound(Responder out, PreparedStatement ps, java.util.function.IntSupplier status) throws SQLException {
        if (ps.execute()) {
            try (ResultSet rs = ps.getResultSet()) {
                ResultWriter.binary(out, rs, status.getAsInt());
            }
            return;
        }
        long count = Math.max(0, ps.getLargeUpdateCount());
        long lastId = 0;
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (keys != null && keys.next()) {
                lastId = keys.getLong(1);
            }
        }
        out.ok(count, lastId, status.getAsInt());
    }

    private static boolean isBlob(int type) {
        return type == 0xF9 || type == 0xFA || type == 0xFB || type == ColumnType.BLOB;
    }

    /** COM_STMT_SEND_LONG_DATA: part of a parameter's value; no answer (an error shows at execution). */
    void sendLongData(byte[] payload) {
        if (payload.length < 7) {
            return;
        }
        PayloadReader r = new PayloadReader(Arrays.copyOfRange(payload, 1, 7));
        Prepared p = statements.get(r.fixedInt(4));
        int parameter = (int) r.fixedInt(2);
        if (p == null || parameter >= p.parameters) {
            return;
        }
        int length = payload.length - 7;
        if (p.longDataBytes + length > maxLongData) {
            // keep memory bounded: the value is cut off here and the execution is refused
            p.longDataBytes = Long.MAX_VALUE / 2;
            return;
        }
        if (p.longData[parameter] == null) {
            p.longData[parameter] = new ByteArrayOutputStream();
        }
        p.longData[parameter].write(payload, 7, length);
        p.longDataBytes += length;
    }

    /** Whether the statement of this COM_STMT_EXECUTE got more long data than allowed. */
    boolean longDataTooLarge(byte[] payload) {
        Prepared p = payload.length >= 5 ? statements.get(StmtExecute.statementId(payload)) : null;
        return p != null && p.longDataBytes > maxLongData;
    }

    /** Forgets the long data of the statement in this COM_STMT_EXECUTE (after refusing it). */
    void dropLongData(byte[] payload) {
        Prepared p = statements.get(StmtExecute.statementId(payload));
        if (p != null) {
            p.clearLongData();
        }
    }

    /** COM_STMT_RESET: forgets long data; OK, or ERR for an unknown statement. */
    void reset(Responder out, byte[] payload, int status) throws SQLException {
        long id = payload.length >= 5 ? StmtExecute.statementId(payload) : -1;
        Prepared p = statements.get(id);
        if (p == null) {
            unknown(out, id, "mysqld_stmt_reset");
            return;
        }
        p.clearLongData();
        p.statement.clearParameters();
        out.ok(0, 0, status);
    }

    /** COM_STMT_CLOSE: no answer, whether or not the statement exists. */
    void close(byte[] payload) {
        if (payload.length < 5) {
            return;
        }
        Prepared p = statements.remove(StmtExecute.statementId(payload));
        if (p != null) {
            closeQuietly(p.statement);
        }
    }

    /** Closes every statement (the session ends or is reset). */
    void closeAll() {
        statements.values().forEach(p -> closeQuietly(p.statement));
        statements.clear();
    }

    int size() {
        return statements.size();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // the connection is going away or the statement is gone already
        }
    }

    private static void unknown(Responder out, long id, String command) {
        out.error(new ErrPacket(UNKNOWN_STATEMENT, "HY000", "Unknown prepared statement handler (" + id + ") given to " + command));
    }
}
