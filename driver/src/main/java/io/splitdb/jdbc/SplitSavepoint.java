package io.splitdb.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A savepoint of a {@link SplitConnection}: named by the application, or numbered. */
record SplitSavepoint(int id, String name) implements Savepoint {

    static SplitSavepoint of(Savepoint savepoint) throws SQLException {
        if (savepoint instanceof SplitSavepoint s) {
            return s;
        }
        throw new SQLException("not a savepoint of this connection", "3B001");
    }

    /** The name the backends know it by. */
    String backendName() {
        return name != null ? name : "splitdb_savepoint_" + id;
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw new SQLException("a named savepoint has no id", "S1009");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw new SQLException("an unnamed savepoint has no name", "S1009");
        }
        return name;
    }
}
