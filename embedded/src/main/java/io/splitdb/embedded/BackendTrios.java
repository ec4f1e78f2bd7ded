package io.splitdb.embedded;

/** The one trio a test run shares: external servers if the environment names them, else embedded ones. */
public final class BackendTrios {
    private static BackendTrio shared;

    private BackendTrios() {
    }

    public static synchronized BackendTrio shared() {
        if (shared == null) {
            shared = ExternalTrio.fromEnvironment().<BackendTrio>map(t -> t).orElseGet(() -> MariaDbTrio.start(null));
            BackendTrio trio = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(trio::close, "splitdb-shared-trio"));
        }
        return shared;
    }
}
