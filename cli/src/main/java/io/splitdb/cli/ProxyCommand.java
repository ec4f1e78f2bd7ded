package io.splitdb.cli;

import io.splitdb.proxy.ProxyConfig;
import io.splitdb.proxy.ProxyConfigException;
import io.splitdb.proxy.ProxyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code splitdb proxy}: serves the split database to any MySQL client over the MySQL protocol. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Serve the split database to any MySQL client (mysql/mariadb command line, PHP, Python, ...) "
                + "over the MySQL client/server protocol.",
                "Every client session gets its own jdbc:split: connection to --config; users come from the 'proxy:' section "
                        + "of the same file (see docs/proxy.md). Prints 'splitdb proxy ready on port N' once it accepts clients, "
                        + "then runs until stopped (Ctrl-C / SIGTERM).",
                "So far: mysql_native_password, COM_QUERY with text results, COM_INIT_DB, COM_PING, COM_QUIT, COM_FIELD_LIST; no TLS, "
                        + "no prepared statements (COM_STMT_*), no multi-statements.",
                "Exit codes: 0 stopped, 1 the split database or the port could not be opened, 2 usage or configuration error."})
final class ProxyCommand implements Callable<Integer> {
    @Mixin
    SplitDatabaseOption database;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "the TCP port to listen on (default: proxy.port of the file, else 3307; 0 = any free port)")
    Integer port;

    @Override
    public Integer call() {
        try {
            ProxyConfig config;
            try {
                config = ProxyConfig.load(database.config);
            } catch (ProxyConfigException e) {
                throw new CommandFailure(CommandFailure.USAGE, e.getMessage());
            }
            if (port != null) {
                if (port < 0 || port > 65535) {
                    throw new CommandFailure(CommandFailure.USAGE, "--port must be from 0 to 65535, not " + port);
                }
                config = config.withPort(port);
            }
            // open the split database once before accepting clients: a bad key or policy fails here, not in every session
            database.open().close(); // closes the connection; the driver keeps the database for the sessions to come
            ProxyServer server = new ProxyServer(database.config, config);
            int bound;
            try {
                bound = server.start();
            } catch (Exception e) {
                throw new CommandFailure(CommandFailure.FAILED, "cannot listen on port " + config.port() + ": " + e.getMessage(), e);
            }
            Thread hook = new Thread(server::close, "splitdb-proxy-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            // picocli's out writer (System.out unless a caller set another), so a script or a test can wait for this line
            spec.commandLine().getOut().println("splitdb proxy ready on port " + bound);
            spec.commandLine().getOut().flush();
            try {
                server.awaitClose();
            } finally {
                server.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running: nothing to remove
                }
            }
            return 0;
        } catch (CommandFailure e) {
            System.err.println("splitdb proxy: " + e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
