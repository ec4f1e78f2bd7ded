package io.splitdb.sql;

import io.splitdb.exec.Fragment;

import java.sql.SQLFeatureNotSupportedException;

/** The one place that says what the driver does not do (yet): SQLState 0A000, naming the construct. */
public final class Unsupported {

    private Unsupported() {
    }

    public static SQLFeatureNotSupportedException of(String what, String statement) {
        return new SQLFeatureNotSupportedException("splitdb does not support " + what + " (in: " + Fragment.of(statement) + ")", "0A000");
    }
}
