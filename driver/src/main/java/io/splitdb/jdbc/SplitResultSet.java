package io.splitdb.jdbc;

import io.splitdb.exec.RowSet;
import io.splitdb.types.JdbcValues;
import io.splitdb.types.LogicalType;

import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A result held in memory: rows of Java values as Connector/J's {@code getObject} returns them,
 * converted by each getter with Connector/J's rules ({@link JdbcValues}).
 */
final class SplitResultSet extends ReadOnlyResultSet {
    private final SplitStatement statement;
    private final RowSet rows;
    private final List<Object[]> data;
    private final int type;
    private final Map<String, Integer> labels = new HashMap<>();
    private int cursor = -1;
    private boolean wasNull;
    private boolean closed;

    SplitResultSet(SplitStatement statement, RowSet rows, int type) {
        this.statement = statement;
        this.rows = rows;
        this.data = rows.rows();
        this.type = type;
        // the first column with a label wins, as in Connector/J
        for (int i = rows.columns().size() - 1; i >= 0; i--) {
            labels.put(rows.columns().get(i).label().toLowerCase(Locale.ROOT), i + 1);
        }
        for (int i = rows.columns().size() - 1; i >= 0; i--) {
            String table = rows.columns().get(i).table();
            if (table != null && !table.isEmpty()) {
                labels.putIfAbsent((table + "." + rows.columns().get(i).name()).toLowerCase(Locale.ROOT), i + 1);
            }
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("Operation not allowed after ResultSet closed", "S1000");
        }
    }

    private Object value(int i) throws SQLException {
        checkOpen();
        if (cursor < 0 || cursor >= data.size()) {
            throw new SQLException(cursor < 0 ? "Before start of result set" : "After end of result set", "S1000");
        }
        if (i < 1 || i > rows.columns().size()) {
            throw new SQLException("Column Index out of range, " + i + " > " + rows.columns().size() + ".", "S1009");
        }
        Object v = data.get(cursor)[i - 1];
        wasNull = v == null;
        return v;
    }

    private LogicalType type(int i) {
        return rows.columns().get(i - 1).type();
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        Integer i = label == null ? null : labels.get(label.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new SQLException("Column '" + label + "' not found.", "S0022");
        }
        return i;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (cursor < data.size()) {
            cursor++;
        }
        return cursor < data.size();
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            statement.resultClosed();
        }
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public Object getObject(int i) throws SQLException {
        Object v = value(i);
        return v == null ? null : JdbcValues.getObject(v, type(i));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> T getObject(int i, Class<T> target) throws SQLException {
        Object v = value(i);
        return v == null ? null : JdbcValues.getObject(v, type(i), target);
    }

    @Override
    public <T> T getObject(String label, Class<T> target) throws SQLException {
        return getObject(findColumn(label), target);
    }

    @Override
    public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
        return getObject(i);
    }

    @Override
    public Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(i);
        return d == null ? null : d.setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int i) throws SQLException {
        throw Refusals.notSupported("getUnicodeStream");
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String label) throws SQLException {
        throw Refusals.notSupported("getUnicodeStream");
    }

    @Override
    public NClob getNClob(int i) throws SQLException {
        throw Refusals.notSupported("NClob");
    }

    @Override
    public NClob getNClob(String label) throws SQLException {
        throw Refusals.notSupported("NClob");
    }

    @Override
    public Ref getRef(int i) throws SQLException {
        throw Refusals.notSupported("REF values");
    }

    @Override
    public Ref getRef(String label) throws SQLException {
        throw Refusals.notSupported("REF values");
    }

    @Override
    public Array getArray(int i) throws SQLException {
        throw Refusals.notSupported("ARRAY values");
    }

    @Override
    public Array getArray(String label) throws SQLException {
        throw Refusals.notSupported("ARRAY values");
    }

    @Override
    public URL getURL(int i) throws SQLException {
        throw Refusals.notSupported("URL values");
    }

    @Override
    public URL getURL(String label) throws SQLException {
        throw Refusals.notSupported("URL values");
    }

    @Override
    public RowId getRowId(int i) throws SQLException {
        throw Refusals.notSupported("ROWID values");
    }

    @Override
    public RowId getRowId(String label) throws SQLException {
        throw Refusals.notSupported("ROWID values");
    }

    @Override
    public SQLXML getSQLXML(int i) throws SQLException {
        throw Refusals.notSupported("SQLXML values");
    }

    @Override
    public SQLXML getSQLXML(String label) throws SQLException {
        throw Refusals.notSupported("SQLXML values");
    }

    @Override
    public String getString(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return JdbcValues.getString(v, t);
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public boolean getBoolean(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return false;
        }
        LogicalType t = type(i);
        return JdbcValues.getBoolean(v, t);
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return 0;
        }
        LogicalType t = type(i);
        return JdbcValues.getByte(v, t);
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return 0;
        }
        LogicalType t = type(i);
        return JdbcValues.getShort(v, t);
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return 0;
        }
        LogicalType t = type(i);
        return JdbcValues.getInt(v, t);
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return 0;
        }
        LogicalType t = type(i);
        return JdbcValues.getLong(v, t);
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return 0;
        }
        LogicalType t = type(i);
        return JdbcValues.getFloat(v, t);
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return 0;
        }
        LogicalType t = type(i);
        return JdbcValues.getDouble(v, t);
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return JdbcValues.getBigDecimal(v, t);
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    public byte[] getBytes(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return JdbcValues.getBytes(v, t);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Date getDate(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return JdbcValues.getDate(v, t, null);
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Time getTime(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return JdbcValues.getTime(v, t, null);
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return JdbcValues.getTimestamp(v, t, null);
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public String getNString(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return JdbcValues.getString(v, t);
    }

    @Override
    public String getNString(String label) throws SQLException {
        return getNString(findColumn(label));
    }

    @Override
    public InputStream getBinaryStream(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return new ByteArrayInputStream(JdbcValues.getBytes(v, t));
    }

    @Override
    public InputStream getBinaryStream(String label) throws SQLException {
        return getBinaryStream(findColumn(label));
    }

    @Override
    public InputStream getAsciiStream(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return new ByteArrayInputStream(JdbcValues.getString(v, t).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public InputStream getAsciiStream(String label) throws SQLException {
        return getAsciiStream(findColumn(label));
    }

    @Override
    public Reader getCharacterStream(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return new StringReader(JdbcValues.getString(v, t));
    }

    @Override
    public Reader getCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }

    @Override
    public Reader getNCharacterStream(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return new StringReader(JdbcValues.getString(v, t));
    }

    @Override
    public Reader getNCharacterStream(String label) throws SQLException {
        return getNCharacterStream(findColumn(label));
    }

    @Override
    public Blob getBlob(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return new SerialBlob(JdbcValues.getBytes(v, t));
    }

    @Override
    public Blob getBlob(String label) throws SQLException {
        return getBlob(findColumn(label));
    }

    @Override
    public Clob getClob(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        LogicalType t = type(i);
        return new SerialClob(JdbcValues.getString(v, t).toCharArray());
    }

    @Override
    public Clob getClob(String label) throws SQLException {
        return getClob(findColumn(label));
    }

    @Override
    public Date getDate(int i, Calendar cal) throws SQLException {
        Object v = value(i);
        return v == null ? null : JdbcValues.getDate(v, type(i), cal);
    }

    @Override
    public Date getDate(String label, Calendar cal) throws SQLException {
        return getDate(findColumn(label), cal);
    }

    @Override
    public Time getTime(int i, Calendar cal) throws SQLException {
        Object v = value(i);
        return v == null ? null : JdbcValues.getTime(v, type(i), cal);
    }

    @Override
    public Time getTime(String label, Calendar cal) throws SQLException {
        return getTime(findColumn(label), cal);
    }

    @Override
    public Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
        Object v = value(i);
        return v == null ? null : JdbcValues.getTimestamp(v, type(i), cal);
    }

    @Override
    public Timestamp getTimestamp(String label, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(label), cal);
    }


    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
        // no warnings are kept
    }

    @Override
    public String getCursorName() throws SQLException {
        throw Refusals.notSupported("named cursors");
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new SplitResultSetMetaData(rows.columns());
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return cursor < 0 && !data.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return cursor >= data.size() && !data.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return cursor == 0 && !data.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return cursor == data.size() - 1 && !data.isEmpty();
    }

    @Override
    public void beforeFirst() throws SQLException {
        scrollable();
        cursor = -1;
    }

    @Override
    public void afterLast() throws SQLException {
        scrollable();
        cursor = data.size();
    }

    @Override
    public boolean first() throws SQLException {
        scrollable();
        cursor = 0;
        return !data.isEmpty();
    }

    @Override
    public boolean last() throws SQLException {
        scrollable();
        cursor = data.size() - 1;
        return !data.isEmpty();
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return cursor >= 0 && cursor < data.size() ? cursor + 1 : 0;
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        scrollable();
        int target = row >= 0 ? row - 1 : data.size() + row;
        cursor = Math.max(-1, Math.min(data.size(), target));
        return cursor >= 0 && cursor < data.size();
    }

    @Override
    public boolean relative(int delta) throws SQLException {
        scrollable();
        cursor = Math.max(-1, Math.min(data.size(), cursor + delta));
        return cursor >= 0 && cursor < data.size();
    }

    @Override
    public boolean previous() throws SQLException {
        scrollable();
        if (cursor >= 0) {
            cursor--;
        }
        return cursor >= 0 && cursor < data.size();
    }

    private void scrollable() throws SQLException {
        checkOpen();
        if (type == TYPE_FORWARD_ONLY) {
            throw new SQLException("Operation not allowed for a result set of type ResultSet.TYPE_FORWARD_ONLY.", "S1009");
        }
    }

    @Override
    public void setFetchDirection(int direction) {
        // rows are in memory
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) {
        // rows are in memory
    }

    @Override
    public int getFetchSize() {
        return 0;
    }

    @Override
    public int getType() {
        return type;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public int getHoldability() {
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
