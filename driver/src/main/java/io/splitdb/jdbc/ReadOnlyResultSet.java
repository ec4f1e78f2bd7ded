package io.splitdb.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * Every update method of {@link ResultSet}, refused in one place: splitdb results are read-only
 * (write through UPDATE statements, which the driver splits and seals).
 */
abstract class ReadOnlyResultSet extends JdbcWrapper implements ResultSet {

    @Override
    public void updateNull(int i) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNull(String label) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBoolean(int i, boolean x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBoolean(String label, boolean x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateByte(int i, byte x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateByte(String label, byte x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateShort(int i, short x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateShort(String label, short x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateInt(int i, int x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateInt(String label, int x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateLong(int i, long x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateLong(String label, long x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateFloat(int i, float x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateFloat(String label, float x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateDouble(int i, double x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateDouble(String label, double x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBigDecimal(int i, BigDecimal x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBigDecimal(String label, BigDecimal x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateString(int i, String x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateString(String label, String x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBytes(int i, byte[] x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBytes(String label, byte[] x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateDate(int i, Date x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateDate(String label, Date x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateTime(int i, Time x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateTime(String label, Time x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateTimestamp(int i, Timestamp x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateTimestamp(String label, Timestamp x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateAsciiStream(int i, InputStream x, int length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateAsciiStream(String label, InputStream x, int length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBinaryStream(int i, InputStream x, int length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBinaryStream(String label, InputStream x, int length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateCharacterStream(int i, Reader x, int length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateCharacterStream(String label, Reader x, int length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateObject(int i, Object x, int scaleOrLength) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateObject(String label, Object x, int scaleOrLength) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateObject(int i, Object x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateObject(String label, Object x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateRef(int i, Ref x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateRef(String label, Ref x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBlob(int i, Blob x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBlob(String label, Blob x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateClob(int i, Clob x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateClob(String label, Clob x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateArray(int i, Array x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateArray(String label, Array x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateRowId(int i, RowId x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateRowId(String label, RowId x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNString(int i, String x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNString(String label, String x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNClob(int i, NClob x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNClob(String label, NClob x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateSQLXML(int i, SQLXML x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateSQLXML(String label, SQLXML x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNCharacterStream(int i, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNCharacterStream(String label, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateAsciiStream(int i, InputStream x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateAsciiStream(String label, InputStream x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBinaryStream(int i, InputStream x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBinaryStream(String label, InputStream x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateCharacterStream(int i, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateCharacterStream(String label, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBlob(int i, InputStream x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBlob(String label, InputStream x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateClob(int i, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateClob(String label, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNClob(int i, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNClob(String label, Reader x, long length) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNCharacterStream(int i, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNCharacterStream(String label, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateAsciiStream(int i, InputStream x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateAsciiStream(String label, InputStream x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBinaryStream(int i, InputStream x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBinaryStream(String label, InputStream x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateCharacterStream(int i, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateCharacterStream(String label, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBlob(int i, InputStream x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateBlob(String label, InputStream x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateClob(int i, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateClob(String label, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNClob(int i, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateNClob(String label, Reader x) throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void insertRow() throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void updateRow() throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw Refusals.readOnlyResult();
    }

    @Override
    public boolean rowUpdated() {
        return false;
    }

    @Override
    public boolean rowInserted() {
        return false;
    }

    @Override
    public boolean rowDeleted() {
        return false;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }
}
