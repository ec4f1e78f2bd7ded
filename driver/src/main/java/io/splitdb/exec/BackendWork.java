package io.splitdb.exec;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one backend's physical connection. */
@FunctionalInterface
public interface BackendWork<T> {
    T run(Connection connection, int backend) throws SQLException;
}
