package io.splitdb.exec;

import io.splitdb.types.JdbcValues;
import io.splitdb.types.LogicalType;
import io.splitdb.types.ServerText;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A row value the driver holds (canonical, see {@link LogicalType}) as a parameter Connector/J
 * sends to a backend so that the server reads the same value: most canonical classes bind as they
 * are; a TIME's {@link Duration} and a zero date go as the server's own text.
 */
final class BackendValues {

    private BackendValues() {
    }

    static Object parameter(Object canonical, LogicalType type) throws SQLException {
        if (canonical instanceof Duration) {
            return JdbcValues.getString(canonical, type);
        }
        if (canonical instanceof ServerText t) {
            return new String(t.bytes(), StandardCharsets.ISO_8859_1);
        }
        return canonical;
    }
}
