package io.splitdb.cli;

/** Ends a command with a message for stderr and an exit code (1: could not finish, 2: usage or configuration). */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The work could not be done or finished (a backend down, a repair that failed). */
    static final int FAILED = 1;
    /** The command line or the configuration is wrong. */
    static final int USAGE = 2;

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
