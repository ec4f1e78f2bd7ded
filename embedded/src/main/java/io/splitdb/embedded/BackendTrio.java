package io.splitdb.embedded;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Three MySQL-protocol servers to split data over: embedded MariaDB servers ({@link MariaDbTrio})
 * or external ones ({@link ExternalTrio}), so the same tests run against either.
 */
public interface BackendTrio extends AutoCloseable {

    /** Three JDBC URLs (one per server) for database {@code database}. */
    List<String> jdbcUrls(String database);

    String user();

    String password();

    /** Creates {@code name} on all three servers (utf8mb4), dropping an existing one first. */
    void createDatabase(String name) throws SQLException;

    void dropDatabase(String name) throws SQLException;

    /** True if {@link #stop}, {@link #start} and {@link #kill} work (embedded servers). */
    boolean controllable();

    /** Stops server {@code i} cleanly; its data stays. */
    void stop(int i);

    /** Starts server {@code i} again, on the same port, with its data. */
    void start(int i);

    /** Kills server {@code i} with SIGKILL, as a crash would. */
    void kill(int i);

    boolean isRunning(int i);

    /** A client tool of the server bundle ({@code mariadb-dump}, {@code mariadb}), if there is one. */
    Optional<Path> clientBin(String tool);

    @Override
    void close();
}
