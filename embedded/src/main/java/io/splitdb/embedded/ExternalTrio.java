package io.splitdb.embedded;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Three servers the test run did not start, named by environment variable
 * {@value #BACKENDS_ENV} (three JDBC server URLs, separated by commas or spaces), with
 * {@value #USER_ENV} and {@value #PASSWORD_ENV} (default root and empty).
 */
public final class ExternalTrio implements BackendTrio {
    public static final String BACKENDS_ENV = "SPLITDB_TEST_BACKENDS";
    public static final String USER_ENV = "SPLITDB_TEST_USER";
    public static final String PASSWORD_ENV = "SPLITDB_TEST_PASSWORD";

    private final List<String> servers;
    private final String user;
    private final String password;

    public ExternalTrio(List<String> servers, String user, String password) {
        if (servers.size() != 3) {
            throw new IllegalArgumentException(BACKENDS_ENV + " must name exactly three JDBC URLs, found " + servers.size());
        }
        this.servers = List.copyOf(servers);
        this.user = user;
        this.password = password;
    }

    /** The trio the environment names, if it names one. */
    public static Optional<ExternalTrio> fromEnvironment() {
        String spec = System.getenv(BACKENDS_ENV);
        if (spec == null || spec.isBlank()) {
            return Optional.empty();
        }
        List<String> urls = new ArrayList<>();
        for (String u : spec.trim().split("[,\\s]+")) {
            urls.add(u.trim());
        }
        String user = System.getenv(USER_ENV);
        String password = System.getenv(PASSWORD_ENV);
        return Optional.of(new ExternalTrio(urls, user == null ? "root" : user, password == null ? "" : password));
    }

    @Override
    public List<String> jdbcUrls(String database) {
        List<String> urls = new ArrayList<>();
        for (String server : servers) {
            urls.add(withDatabase(server, database));
        }
        return urls;
    }

    /** Puts {@code database} in the path of a server URL, keeping its query parameters. */
    static String withDatabase(String serverUrl, String database) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        int hostStart = base.indexOf("//") + 2;
        int slash = base.indexOf('/', hostStart);
        String hostPart = slash < 0 ? base : base.substring(0, slash);
        return hostPart + "/" + database + params;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public void createDatabase(String name) throws SQLException {
        for (String s : servers) {
            Databases.create(withDatabase(s, ""), user, password, name, null);
        }
    }

    @Override
    public void dropDatabase(String name) throws SQLException {
        for (String s : servers) {
            Databases.drop(withDatabase(s, ""), user, password, name);
        }
    }

    @Override
    public boolean controllable() {
        return false;
    }

    @Override
    public void stop(int i) {
        throw new UnsupportedOperationException("external servers are not controlled by the tests");
    }

    @Override
    public void start(int i) {
        throw new UnsupportedOperationException("external servers are not controlled by the tests");
    }

    @Override
    public void kill(int i) {
        throw new UnsupportedOperationException("external servers are not controlled by the tests");
    }

    @Override
    public boolean isRunning(int i) {
        return true;
    }

    @Override
    public Optional<Path> clientBin(String tool) {
        return Optional.empty();
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
