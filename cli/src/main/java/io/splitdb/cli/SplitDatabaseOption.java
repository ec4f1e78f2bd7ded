package io.splitdb.cli;

import io.splitdb.exec.SplitDatabase;
import io.splitdb.jdbc.SplitConnection;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * {@code --config FILE}: the YAML file the driver reads, opened exactly as an application opens it
 * ({@code jdbc:split:FILE}), so the command sees the backends, keys and catalog the driver does.
 */
final class SplitDatabaseOption {

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "the splitdb configuration (the YAML file of the application's jdbc:split: URL)")
    Path config;

    /** An open connection and its database; closing it closes the connection, not the shared database. */
    record Opened(Connection connection, SplitDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing to do about it on the way out
            }
        }
    }

    Opened open() throws CommandFailure {
        if (!Files.isRegularFile(config)) {
            throw new CommandFailure(CommandFailure.USAGE, "no configuration file " + config);
        }
        String url = "jdbc:split:" + config.toAbsolutePath();
        Connection c;
        try {
            c = DriverManager.getConnection(url);
        } catch (SQLException e) {
            // backends that do not answer: worth retrying; anything else (YAML, keys, policy) needs the configuration fixed
            int code = e instanceof SQLTransientException ? CommandFailure.FAILED : CommandFailure.USAGE;
            throw new CommandFailure(code, "cannot open " + config + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
        try {
            return new Opened(c, c.unwrap(SplitConnection.class).database());
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new CommandFailure(CommandFailure.FAILED, "cannot open " + config + ": " + e.getMessage(), e);
        }
    }
}
