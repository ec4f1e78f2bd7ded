package io.splitdb.jdbc;

import io.splitdb.exec.ResultColumn;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/** The logical columns of a result: the application's names and declared types, never share columns. */
final class SplitResultSetMetaData extends JdbcWrapper implements ResultSetMetaData {
    private final List<ResultColumn> columns;

    SplitResultSetMetaData(List<ResultColumn> columns) {
        this.columns = columns;
    }

    private ResultColumn column(int i) throws SQLException {
        if (i < 1 || i > columns.size()) {
            throw new SQLException("Column index out of range (" + i + ", result has " + columns.size() + ")", "S1002");
        }
        return columns.get(i - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int i) throws SQLException {
        return column(i).autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int i) throws SQLException {
        return column(i).type().isBinary();
    }

    @Override
    public boolean isSearchable(int i) throws SQLException {
        column(i);
        return true;
    }

    @Override
    public boolean isCurrency(int i) throws SQLException {
        column(i);
        return false;
    }

    @Override
    public int isNullable(int i) throws SQLException {
        return column(i).nullable();
    }

    @Override
    public boolean isSigned(int i) throws SQLException {
        // as Connector/J: BIT (and TINYINT(1) shown as BIT) is never signed
        return column(i).type().isNumeric() && !column(i).type().unsigned() && column(i).type().jdbcType() != java.sql.Types.BIT;
    }

    @Override
    public int getColumnDisplaySize(int i) throws SQLException {
        return column(i).type().displaySize();
    }

    @Override
    public String getColumnLabel(int i) throws SQLException {
        return column(i).label();
    }

    @Override
    public String getColumnName(int i) throws SQLException {
        return column(i).name();
    }

    @Override
    public String getSchemaName(int i) throws SQLException {
        column(i);
        return "";
    }

    @Override
    public int getPrecision(int i) throws SQLException {
        return column(i).type().precision();
    }

    @Override
    public int getScale(int i) throws SQLException {
        return column(i).type().scale();
    }

    @Override
    public String getTableName(int i) throws SQLException {
        return column(i).table();
    }

    @Override
    public String getCatalogName(int i) throws SQLException {
        column(i);
        return "";
    }

    @Override
    public int getColumnType(int i) throws SQLException {
        return column(i).type().jdbcType();
    }

    @Override
    public String getColumnTypeName(int i) throws SQLException {
        return column(i).type().jdbcTypeName();
    }

    @Override
    public boolean isReadOnly(int i) throws SQLException {
        column(i);
        return false;
    }

    @Override
    public boolean isWritable(int i) throws SQLException {
        column(i);
        return true;
    }

    @Override
    public boolean isDefinitelyWritable(int i) throws SQLException {
        column(i);
        return false;
    }

    @Override
    public String getColumnClassName(int i) throws SQLException {
        return column(i).type().javaClassName();
    }
}
