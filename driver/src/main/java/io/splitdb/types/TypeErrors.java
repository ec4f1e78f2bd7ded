package io.splitdb.types;

import java.sql.DataTruncation;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;

/**
 * The exceptions of this package, shaped like those plain MySQL and Connector/J raise (SQLState and
 * vendor code), with messages that name the column and never the value.
 */
final class TypeErrors {

    static final int OUT_OF_RANGE = 1264;
    static final int DATA_TRUNCATED = 1265;
    static final int TRUNCATED_WRONG_VALUE = 1292;
    static final int INCORRECT_VALUE = 1366;
    static final int DATA_TOO_LONG = 1406;

    private TypeErrors() {
    }

    /**
     * Connector/J (jdbcCompliantTruncation=true, its default) turns the server's out-of-range,
     * too-long and incorrect-value errors into a {@link DataTruncation} with SQLState 22001.
     */
    static SQLException truncation(int vendorCode, String what) {
        return new ColumnTruncation(vendorCode, what);
    }

    static SQLException outOfRange(String column) {
        return truncation(OUT_OF_RANGE, "Out of range value for column " + quote(column));
    }

    static SQLException tooLong(String column) {
        return truncation(DATA_TOO_LONG, "Data too long for column " + quote(column));
    }

    /** {@code kind} is what MySQL names in the message: integer, decimal, double, string. */
    static SQLException incorrect(String kind, String column) {
        return truncation(INCORRECT_VALUE, "Incorrect " + kind + " value for column " + quote(column));
    }

    /** {@code kind} is date, datetime or time. */
    static SQLException incorrectTemporal(String kind, String column) {
        return truncation(TRUNCATED_WRONG_VALUE, "Incorrect " + kind + " value for column " + quote(column));
    }

    /** Garbage after a number, or no such ENUM/SET member: a plain warning turned error, SQLState 01000. */
    static SQLException dataTruncated(String column) {
        return new SQLException("Data truncated for column " + quote(column), "01000", DATA_TRUNCATED);
    }

    static SQLException invalidJson(String column, Flavor flavor) {
        if (flavor == Flavor.MARIADB) {
            return new SQLIntegrityConstraintViolationException("CONSTRAINT " + quote(column) + " failed: not valid JSON", "23000", 4025);
        }
        return new SQLException("Invalid JSON text for column " + quote(column), "22032", 3140);
    }

    static SQLException unsupportedValue(Class<?> valueClass, String column) {
        return new SQLFeatureNotSupportedException("cannot assign a " + valueClass.getName() + " to column " + quote(column), "0A000");
    }

    static SQLException malformed(String column, String detail) {
        return new SQLException("the stored value of " + quote(column) + " is malformed (" + detail + ")", "XX001");
    }

    static SQLException syntax(String message) {
        return new SQLSyntaxErrorException(message, "42000");
    }

    static SQLException unsupportedType(String message) {
        return new SQLFeatureNotSupportedException(message, "0A000");
    }

    private static String quote(String column) {
        return "'" + (column == null ? "?" : column) + "'";
    }

    /** Like Connector/J's MysqlDataTruncation: a write-side {@link DataTruncation} carrying the server's code. */
    private static final class ColumnTruncation extends DataTruncation {
        private static final long serialVersionUID = 1L;
        private final int vendorCode;
        private final String what;

        ColumnTruncation(int vendorCode, String what) {
            super(-1, false, false, -1, -1);
            this.vendorCode = vendorCode;
            this.what = what;
        }

        @Override
        public String getMessage() {
            return "Data truncation: " + what;
        }

        @Override
        public int getErrorCode() {
            return vendorCode;
        }
    }
}
