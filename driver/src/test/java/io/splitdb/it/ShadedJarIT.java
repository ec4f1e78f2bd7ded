package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-contained jar a DBA drops into Tomcat's lib/: loaded alone (no other class on its
 * class path), it connects, creates, writes and reads split data.
 */
@ExtendWith(SplitBackendsExtension.class)
class ShadedJarIT {

    @Test
    void theAllJarWorksOnItsOwn(BackendTrio trio) throws Exception {
        Path jar = allJar();
        SplitFixture db = SplitFixture.create(trio, "shaded", "tables:\n  t:\n    secret: { protect: shared, search: equality }\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> driverClass = Class.forName("io.splitdb.jdbc.SplitDriver", true, loader);
            assertThat(driverClass.getClassLoader()).isSameAs(loader);
            assertThat(loader.loadClass("io.splitdb.shaded.jsqlparser.parser.CCJSqlParserUtil")).isNotNull();
            Driver driver = (Driver) driverClass.getDeclaredConstructor().newInstance();
            try (Connection c = driver.connect(db.url, new Properties()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, secret VARCHAR(20))");
                s.executeUpdate("INSERT INTO t VALUES (1, 'alpha'), (2, 'beta')");
                try (ResultSet rs = s.executeQuery("SELECT id FROM t WHERE secret = 'BETA'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
        }
    }

    private static Path allJar() throws Exception {
        Path target = Path.of(System.getProperty("splitdb.test.base", "target"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "splitdb-driver-*-all.jar")) {
            for (Path p : jars) {
                return p;
            }
        }
        throw new AssertionError("no splitdb-driver-*-all.jar in " + target + ": run mvn verify (the jar is built in package)");
    }
}
