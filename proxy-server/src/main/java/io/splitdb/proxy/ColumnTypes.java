package io.splitdb.proxy;

import io.splitdb.proxy.protocol.ColumnDefinition41;
import io.splitdb.proxy.protocol.ColumnType;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** Column definitions from JDBC metadata: java.sql.Types to MySQL type codes, character set, flags. */
public final class ColumnTypes {
    private ColumnTypes() {
    }

    /** The MySQL column type for a {@link java.sql.Types} value (VAR_STRING for anything unknown). */
    public static int mysqlType(int jdbcType) {
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN -> ColumnType.TINY;
            case Types.TINYINT -> ColumnType.TINY;
            case Types.SMALLINT -> ColumnType.SHORT;
            case Types.INTEGER -> ColumnType.LONG;
            case Types.BIGINT -> ColumnType.LONGLONG;
            case Types.REAL, Types.FLOAT -> ColumnType.FLOAT;
            case Types.DOUBLE -> ColumnType.DOUBLE;
            case Types.DECIMAL, Types.NUMERIC -> ColumnType.NEWDECIMAL;
            case Types.DATE -> ColumnType.DATE;
            case Types.TIME -> ColumnType.TIME;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> ColumnType.DATETIME;
            case Types.CHAR, Types.NCHAR, Types.BINARY -> ColumnType.STRING;
            case Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB,
                 Types.LONGVARBINARY, Types.BLOB -> ColumnType.BLOB;
            case Types.NULL -> ColumnType.NULL;
            default -> ColumnType.VAR_STRING;
        };
    }

    /**
     * The MySQL type of column {@code i}: from its JDBC type, except where the JDBC type hides the
     * MySQL one (Connector/J reports YEAR as DATE and BIT(n) as BIT/BOOLEAN).
     */
    public static int mysqlType(ResultSetMetaData md, int i) throws SQLException {
        String name = md.getColumnTypeName(i);
        if ("YEAR".equalsIgnoreCase(name)) {
            return ColumnType.YEAR;
        }
        if ("BIT".equalsIgnoreCase(name)) {
            // Connector/J names TINYINT(1) and BOOLEAN "BIT" too; only BIT(2) and wider are surely bits.
            // A real BIT(1) then goes out as TINY 0/1, which clients read as the same boolean.
            return md.getPrecision(i) > 1 ? ColumnType.BIT : ColumnType.TINY;
        }
        return mysqlType(md.getColumnType(i));
    }

    /** How a value of column {@code i} goes into a text row. */
    public static TextForm textForm(ResultSetMetaData md, int i) throws SQLException {
        int type = mysqlType(md, i);
        if (type == ColumnType.YEAR) {
            return TextForm.YEAR;
        }
        return type == ColumnType.BIT || isBinary(md.getColumnType(i)) ? TextForm.BYTES : TextForm.STRING;
    }

    /** The form of a value in a text result row. */
    public enum TextForm {
        /** {@code getString}, UTF-8. */
        STRING,
        /** {@code getBytes}, as stored (binary strings, BIT). */
        BYTES,
        /** Four digits ({@code getString} gives a date for YEAR). */
        YEAR
    }

    /** Whether values of {@code jdbcType} are bytes rather than text (sent with the binary character set). */
    public static boolean isBinary(int jdbcType) {
        return jdbcType == Types.BINARY || jdbcType == Types.VARBINARY || jdbcType == Types.LONGVARBINARY
                || jdbcType == Types.BLOB;
    }

    private static boolean isNumeric(int jdbcType) {
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL,
                 Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> true;
            default -> false;
        };
    }

    /** The definition of column {@code i} (1-based) of {@code md}. */
    public static ColumnDefinition41 definition(ResultSetMetaData md, int i) throws SQLException {
        int jdbcType = md.getColumnType(i);
        int type = mysqlType(md, i);
        boolean binary = isBinary(jdbcType) || type == ColumnType.BIT;
        boolean numeric = isNumeric(jdbcType) && type != ColumnType.BIT;
        boolean temporal = type == ColumnType.DATE || type == ColumnType.TIME || type == ColumnType.DATETIME
                || type == ColumnType.YEAR;
        int charset = binary || numeric || temporal ? ColumnDefinition41.BINARY : ColumnDefinition41.UTF8MB4;
        int flags = 0;
        if (md.isNullable(i) == ResultSetMetaData.columnNoNulls) {
            flags |= ColumnDefinition41.NOT_NULL_FLAG;
        }
        if (numeric && !md.isSigned(i)) {
            flags |= ColumnDefinition41.UNSIGNED_FLAG;
        }
        if (binary) {
            flags |= ColumnDefinition41.BINARY_FLAG;
        }
        if (type == ColumnType.YEAR) {
            flags |= ColumnDefinition41.UNSIGNED_FLAG | ColumnDefinition41.ZEROFILL_FLAG;
        }
        long length = Math.max(0, Math.min(0xFFFFFFFFL, (long) md.getColumnDisplaySize(i)));
        if (charset == ColumnDefinition41.UTF8MB4) {
            length = Math.min(0xFFFFFFFFL, length * 4); // length in bytes, as MySQL reports it
        }
        int decimals = switch (type) {
            case ColumnType.NEWDECIMAL -> Math.max(0, md.getScale(i));
            case ColumnType.FLOAT, ColumnType.DOUBLE -> 31; // "not fixed", as MySQL sends for computed doubles
            default -> 0;
        };
        return new ColumnDefinition41(md.getCatalogName(i), md.getTableName(i), md.getTableName(i),
                md.getColumnLabel(i), md.getColumnName(i), charset, length, type, flags, decimals);
    }
}
