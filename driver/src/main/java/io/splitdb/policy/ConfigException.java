package io.splitdb.policy;

import java.sql.SQLNonTransientConnectionException;

/**
 * The configuration file cannot be used. The message names the file and the key at fault, never a
 * secret. SQLState 08001: the driver cannot establish a connection with this configuration.
 */
public final class ConfigException extends SQLNonTransientConnectionException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, "08001");
    }

    public ConfigException(String message, Throwable cause) {
        super(message, "08001", cause);
    }
}
