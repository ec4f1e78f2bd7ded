package io.splitdb.jdbc;

import io.splitdb.sql.LiftedSql;
import io.splitdb.sql.LiteralLifter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: the application's parameter values are kept and sent with the statement
 * shape, whose plan the driver finds in its cache at each execution.
 */
public final class SplitPreparedStatement extends SplitStatement implements PreparedStatement {
    /** Marks a parameter the application has not set. */
    private static final Object UNSET = new Object();

    private final String sql;
    private final LiftedSql lifted;
    private final Object[] values;
    private final List<Object[]> batch = new ArrayList<>();

    SplitPreparedStatement(SplitConnection connection, String sql, int resultSetType) {
        super(connection, resultSetType);
        this.sql = sql;
        this.lifted = LiteralLifter.lift(sql);
        this.values = new Object[lifted.userParameterCount()];
        Arrays.fill(values, UNSET);
    }

    private Object[] bound() throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == UNSET) {
                throw new SQLException("No value specified for parameter " + (i + 1), "07001");
            }
        }
        return values.clone();
    }

    private void set(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1 || index > values.length) {
            throw new SQLException("Parameter index out of range (" + index + " > number of parameters, which is " + values.length + ").", "S1009");
        }
        values[index - 1] = value;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!run(sql, lifted, bound())) {
            throw new SQLException("Statement.executeQuery() cannot issue statements that do not produce result sets.", "S1009");
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (run(sql, lifted, bound())) {
            throw new SQLException("Statement.executeUpdate() cannot issue statements that produce result sets.", "S1009");
        }
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        return run(sql, lifted, bound());
    }

    @Override
    public void addBatch() throws SQLException {
        batch.add(bound());
    }

    @Override
    public void clearBatch() throws SQLException {
        super.clearBatch();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<BatchRunner.Item> items = new ArrayList<>();
        for (Object[] values : batch) {
            items.add(new BatchRunner.Item(sql, lifted, values));
        }
        batch.clear();
        return runBatch(items);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(values, UNSET);
    }

    @Override
    public ResultSetMetaData getMetaData() {
        // not known before execution without a round trip; JDBC allows null
        return null;
    }

    @Override
    public ParameterMetaData getParameterMetaData() {
        return new SplitParameterMetaData(values.length);
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, null);
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, null);
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? null : x.clone());
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        set(i, x);
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        set(i, x);
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        set(i, x);
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        set(i, x);
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        set(i, x);
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(i, x);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        set(i, x == null ? null : new String(read(x), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        setAsciiStream(i, x, 0);
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        setAsciiStream(i, x, 0);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        throw Refusals.notSupported("setUnicodeStream");
    }

    @Override
    public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
        set(i, x == null ? null : read(x));
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        setBinaryStream(i, x, 0);
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        setBinaryStream(i, x, 0);
    }

    @Override
    public void setCharacterStream(int i, Reader reader, int length) throws SQLException {
        set(i, reader == null ? null : read(reader));
    }

    @Override
    public void setCharacterStream(int i, Reader reader, long length) throws SQLException {
        setCharacterStream(i, reader, 0);
    }

    @Override
    public void setCharacterStream(int i, Reader reader) throws SQLException {
        setCharacterStream(i, reader, 0);
    }

    @Override
    public void setNCharacterStream(int i, Reader value, long length) throws SQLException {
        setCharacterStream(i, value, 0);
    }

    @Override
    public void setNCharacterStream(int i, Reader value) throws SQLException {
        setCharacterStream(i, value, 0);
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        set(i, x == null ? null : x.getBytes(1, (int) x.length()));
    }

    @Override
    public void setBlob(int i, InputStream inputStream, long length) throws SQLException {
        setBinaryStream(i, inputStream, 0);
    }

    @Override
    public void setBlob(int i, InputStream inputStream) throws SQLException {
        setBinaryStream(i, inputStream, 0);
    }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        set(i, x == null ? null : x.getSubString(1, (int) x.length()));
    }

    @Override
    public void setClob(int i, Reader reader, long length) throws SQLException {
        setCharacterStream(i, reader, 0);
    }

    @Override
    public void setClob(int i, Reader reader) throws SQLException {
        setCharacterStream(i, reader, 0);
    }

    @Override
    public void setNClob(int i, NClob value) throws SQLException {
        setClob(i, value);
    }

    @Override
    public void setNClob(int i, Reader reader, long length) throws SQLException {
        setCharacterStream(i, reader, 0);
    }

    @Override
    public void setNClob(int i, Reader reader) throws SQLException {
        setCharacterStream(i, reader, 0);
    }

    @Override
    public void setRef(int i, Ref x) throws SQLException {
        throw Refusals.notSupported("REF parameters");
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        throw Refusals.notSupported("ARRAY parameters");
    }

    @Override
    public void setURL(int i, URL x) throws SQLException {
        set(i, x == null ? null : x.toString());
    }

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        throw Refusals.notSupported("ROWID parameters");
    }

    @Override
    public void setSQLXML(int i, SQLXML xmlObject) throws SQLException {
        throw Refusals.notSupported("SQLXML parameters");
    }

    private static byte[] read(InputStream in) throws SQLException {
        try (InputStream stream = in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            stream.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new SQLException("cannot read the parameter stream: " + e.getMessage(), "HY000", e);
        }
    }

    private static String read(Reader reader) throws SQLException {
        try (Reader r = reader; StringWriter out = new StringWriter()) {
            r.transferTo(out);
            return out.toString();
        } catch (IOException e) {
            throw new SQLException("cannot read the parameter stream: " + e.getMessage(), "HY000", e);
        }
    }
}
