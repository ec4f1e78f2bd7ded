package io.splitdb.demo;

import io.splitdb.demo.inspector.InspectorServlet;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.jasper.servlet.JasperInitializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the hospital web app on embedded Tomcat, as it would be deployed: its web.xml, JSPs and
 * classes, and the JDBC URL from a properties file. The demo's inspector is added beside it at
 * {@code /inspector}, outside the application.
 */
public final class DemoWebServer implements AutoCloseable {
    /**
     * Tomcat reports its start at INFO and, at stop, the driver's pool and audit threads as threads
     * "the web application started" (they belong to the driver, shared with the proxy); kept quiet.
     */
    private static final java.util.logging.Logger[] QUIET = {
            java.util.logging.Logger.getLogger("org.apache"), java.util.logging.Logger.getLogger("org.apache.catalina.loader")};

    static {
        QUIET[0].setLevel(java.util.logging.Level.WARNING);
        QUIET[1].setLevel(java.util.logging.Level.SEVERE);
    }

    private final Tomcat tomcat = new Tomcat();
    private int port;

    /**
     * Starts the server.
     *
     * @param port           the HTTP port (0: any free port)
     * @param workDir        where Tomcat keeps its work files and the unpacked web app
     * @param properties     the app's hospital.properties (jdbc.url, jdbc.user, jdbc.password)
     * @param splitConfig    the split YAML for the inspector, or null for no inspector
     */
    public DemoWebServer(int port, Path workDir, Path properties, Path splitConfig) throws LifecycleException, IOException {
        Path base = workDir.toAbsolutePath();
        Path docBase = unpackWebapp(base.resolve("webapp"));
        tomcat.setBaseDir(base.resolve("tomcat").toString());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context app = tomcat.addWebapp("", docBase.toString());
        app.addParameter("hospital.properties", properties.toAbsolutePath().toString());
        app.addServletContainerInitializer(new JasperInitializer(), null);
        // JSP compilation needs nothing from the class path scan: the JSTL descriptors are unpacked into WEB-INF
        app.getJarScanner().setJarScanFilter((type, name) -> false);
        if (splitConfig != null) {
            Tomcat.addServlet(app, "inspector", new InspectorServlet(splitConfig));
            app.addServletMappingDecoded("/inspector", "inspector");
        }
        tomcat.start();
        this.port = tomcat.getConnector().getLocalPort();
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /**
     * Copies the web app (web.xml, JSPs, CSS) out of the class path into {@code target}, whether the
     * class path is a folder (a build) or the splitdb-cli jar, and adds the JSTL tag library
     * descriptors under WEB-INF so JSPs find them without scanning jars.
     */
    static Path unpackWebapp(Path target) throws IOException {
        URL root = DemoWebServer.class.getResource("/webapp/WEB-INF/web.xml");
        if (root == null) {
            throw new IllegalStateException("the hospital web app is not on the class path");
        }
        try {
            if (root.getProtocol().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(root.toURI(), Map.of())) {
                    copyTree(jar.getPath("/webapp"), target);
                }
            } else {
                copyTree(Path.of(root.toURI()).getParent().getParent(), target);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path tld = Files.createDirectories(target.resolve("WEB-INF/tld"));
        for (String name : new String[] {"c.tld", "fn.tld", "fmt.tld"}) {
            try (InputStream in = DemoWebServer.class.getResourceAsStream("/META-INF/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("JSTL's " + name + " is not on the class path");
                }
                Files.copy(in, tld.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
