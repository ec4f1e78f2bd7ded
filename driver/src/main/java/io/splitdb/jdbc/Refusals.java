package io.splitdb.jdbc;

import java.sql.SQLFeatureNotSupportedException;

/** The JDBC features the driver refuses, in one place. */
final class Refusals {

    private Refusals() {
    }

    static SQLFeatureNotSupportedException notSupported(String feature) {
        return new SQLFeatureNotSupportedException("splitdb does not support " + feature, "0A000");
    }

    static SQLFeatureNotSupportedException readOnlyResult() {
        return notSupported("updatable result sets");
    }
}
