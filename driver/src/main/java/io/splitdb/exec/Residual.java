package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.types.ValueCodec;

import java.sql.SQLException;
import java.util.List;

/**
 * A predicate on a protected column that the driver checks after decryption: what a truncated
 * blind index cannot decide (its false positives), or what no index answers at all.
 *
 * @param column   the protected column
 * @param position its index among the values a {@link ProtectedRead} decrypts
 * @param kind     the test
 * @param values   for {@link Kind#EQUALS_ANY} and {@link Kind#EQUALS_NONE}: the values compared
 *                 with {@code =}
 */
public record Residual(ColumnInfo column, int position, Kind kind, List<ValueSource> values) {

    public enum Kind { EQUALS_ANY, EQUALS_NONE, IS_NULL, IS_NOT_NULL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL }

    boolean matches(SplitDatabase db, Object[] decrypted, Object[] args) throws SQLException {
        Object value = decrypted[position];
        switch (kind) {
            case IS_NULL:
                return value == null;
            case IS_NOT_NULL:
                return value != null;
            case LESS:
            case LESS_EQUAL:
            case GREATER:
            case GREATER_EQUAL: {
                Object bound = values.get(0).resolve(args);
                if (value == null || bound == null) {
                    return false;
                }
                int c = RangeComparison.compare(column, value, bound);
                return switch (kind) {
                    case LESS -> c < 0;
                    case LESS_EQUAL -> c <= 0;
                    case GREATER -> c > 0;
                    default -> c >= 0;
                };
            }
            case EQUALS_NONE:
                // x <> v and x NOT IN (...): NULL on either side makes the condition NULL, not true
                if (value == null) {
                    return false;
                }
                for (ValueSource source : values) {
                    Object unwanted = SearchValues.normalize(column, source.resolve(args));
                    if (unwanted == null || (unwanted != SearchValues.NO_MATCH && db.values().equal(column, value, unwanted))) {
                        return false;
                    }
                }
                return true;
            default:
                for (ValueSource source : values) {
                    Object wanted = SearchValues.normalize(column, source.resolve(args));
                    if (wanted != SearchValues.NO_MATCH && db.values().equal(column, value, wanted)) {
                        return true;
                    }
                }
                return false;
        }
    }

    /** Normalizes search values the way a comparison with the column would. */
    public static final class SearchValues {
        /** A value no stored value can equal (too long for the column, say). */
        public static final Object NO_MATCH = new Object();

        private SearchValues() {
        }

        public static Object normalize(ColumnInfo column, Object value) throws SQLException {
            if (value == null) {
                return null;
            }
            if (column.type().isText() && value instanceof Number) {
                // MySQL compares a string with a number as numbers ('12abc' = 12); a blind index cannot
                throw new java.sql.SQLFeatureNotSupportedException("splitdb does not support comparing protected text column "
                        + column.name() + " with a number (MySQL compares them as numbers); compare it with a string", "0A000");
            }
            try {
                return ValueCodec.normalize(column.type(), value, column.name());
            } catch (SQLException e) {
                // a string too long for the column cannot equal anything stored in it
                if ("22001".equals(e.getSQLState())) {
                    return NO_MATCH;
                }
                if ("01000".equals(e.getSQLState()) && column.type().isNumeric() && value instanceof String) {
                    // MySQL compares a number column with text like '7abc' as numbers (7); refuse rather than err
                    throw new java.sql.SQLFeatureNotSupportedException("splitdb does not support comparing protected numeric column "
                            + column.name() + " with text that is not a number; compare it with a number", "0A000");
                }
                throw e;
            }
        }
    }
}
