package io.splitdb.proxy;

import io.splitdb.proxy.auth.NativePassword;
import io.splitdb.proxy.auth.ProxyUser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional {@code proxy:} section of the splitdb YAML: port, users, connection limit. The driver
 * ignores this section; the proxy reads it here. A user's password is either a MySQL native hash
 * ({@code password-hash: "*<40 hex>"}) or {@code password: ${ENV}}; a literal password is refused so
 * none is ever written into the file.
 */
public record ProxyConfig(int port, Map<String, ProxyUser> users, int maxConnections, int maxPacketSize, int idleTimeoutSeconds,
                          ProxyTls tls) {
    /** Port when the section gives none. */
    public static final int DEFAULT_PORT = 3307;
    /** Connection limit when the section gives none. */
    public static final int DEFAULT_MAX_CONNECTIONS = 500;
    /** Largest packet accepted from a client when the section gives none: 64 MiB. */
    public static final int DEFAULT_MAX_PACKET = 64 << 20;
    /** Seconds a session may sit idle between commands when the section gives none: 8 hours, MySQL's wait_timeout. */
    public static final int DEFAULT_IDLE_TIMEOUT = 28_800;

    private static final Set<String> PROXY_KEYS = Set.of("port", "users", "max-connections", "max-packet-size", "idle-timeout-s", "tls");
    private static final Set<String> TLS_KEYS = Set.of("certificate", "private-key", "require");

    /** A configuration without TLS. */
    public ProxyConfig(int port, Map<String, ProxyUser> users, int maxConnections, int maxPacketSize, int idleTimeoutSeconds) {
        this(port, users, maxConnections, maxPacketSize, idleTimeoutSeconds, null);
    }
    private static final Set<String> USER_KEYS = Set.of("name", "password", "password-hash");
    private static final Pattern WHOLE_ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Reads the {@code proxy:} section of {@code file}, expanding {@code ${ENV}} from the process environment. */
    public static ProxyConfig load(Path file) throws ProxyConfigException {
        return load(file, System::getenv);
    }

    /** Reads the {@code proxy:} section of {@code file} with its own environment (tests). */
    public static ProxyConfig load(Path file, Function<String, String> env) throws ProxyConfigException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Path dir = file.toAbsolutePath().getParent();
            return parse(reader, file.toString(), dir, env);
        } catch (IOException e) {
            throw new ProxyConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parses YAML text; {@code source} names it in messages; relative TLS file names resolve against the working directory. */
    public static ProxyConfig parse(Reader yaml, String source, Function<String, String> env) throws ProxyConfigException {
        return parse(yaml, source, Path.of("").toAbsolutePath(), env);
    }

    /** Parses YAML text; {@code source} names it in messages; relative TLS file names resolve against {@code baseDir}. */
    public static ProxyConfig parse(Reader yaml, String source, Path baseDir, Function<String, String> env) throws ProxyConfigException {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new ProxyConfigException(source + ": not valid YAML");
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new ProxyConfigException(source + ": not a YAML mapping");
        }
        Object section = top.get("proxy");
        if (section == null) {
            throw new ProxyConfigException(source + ": no 'proxy:' section (the proxy needs at least one user)");
        }
        Map<String, Object> proxy = map(section, "proxy", source);
        checkKeys(proxy, PROXY_KEYS, "proxy", source);
        int port = integer(proxy, "port", DEFAULT_PORT, 0, 65535, source);
        int maxConnections = integer(proxy, "max-connections", DEFAULT_MAX_CONNECTIONS, 1, 100_000, source);
        int maxPacket = integer(proxy, "max-packet-size", DEFAULT_MAX_PACKET, 1024, Integer.MAX_VALUE, source);
        int idle = integer(proxy, "idle-timeout-s", DEFAULT_IDLE_TIMEOUT, 0, Integer.MAX_VALUE, source);
        if (!(proxy.get("users") instanceof List<?> list) || list.isEmpty()) {
            throw new ProxyConfigException(source + ": 'proxy.users' must be a non-empty list of users");
        }
        Map<String, ProxyUser> users = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "proxy.users[" + i + "]";
            Map<String, Object> u = map(list.get(i), path, source);
            checkKeys(u, USER_KEYS, path, source);
            if (!(u.get("name") instanceof String name) || name.isBlank()) {
                throw new ProxyConfigException(source + ": '" + path + ".name' is required");
            }
            if (users.containsKey(name)) {
                throw new ProxyConfigException(source + ": user '" + name + "' is listed twice in proxy.users");
            }
            users.put(name, user(u, path, name, source, env));
        }
        return new ProxyConfig(port, Map.copyOf(users), maxConnections, maxPacket, idle, tls(proxy.get("tls"), baseDir, source));
    }

    private static ProxyTls tls(Object section, Path baseDir, String source) throws ProxyConfigException {
        if (section == null) {
            return null;
        }
        Map<String, Object> t = map(section, "proxy.tls", source);
        checkKeys(t, TLS_KEYS, "proxy.tls", source);
        if (!(t.get("certificate") instanceof String cert) || !(t.get("private-key") instanceof String key)) {
            throw new ProxyConfigException(source + ": 'proxy.tls' needs 'certificate' and 'private-key' (PEM files)");
        }
        Object require = t.getOrDefault("require", Boolean.FALSE);
        if (!(require instanceof Boolean r)) {
            throw new ProxyConfigException(source + ": 'proxy.tls.require' must be true or false");
        }
        return ProxyTls.load(baseDir.resolve(cert), baseDir.resolve(key), r, source);
    }

    /** The same configuration with another connection limit and idle timeout (tests, tools). */
    public ProxyConfig withLimits(int newMaxConnections, int newIdleTimeoutSeconds) {
        return new ProxyConfig(port, users, newMaxConnections, maxPacketSize, newIdleTimeoutSeconds, tls);
    }

    /** The same configuration listening on {@code newPort} ({@code --port} overrides the file). */
    public ProxyConfig withPort(int newPort) {
        return new ProxyConfig(newPort, users, maxConnections, maxPacketSize, idleTimeoutSeconds, tls);
    }

    private static ProxyUser user(Map<String, Object> u, String path, String name, String source,
                                  Function<String, String> env) throws ProxyConfigException {
        Object password = u.get("password");
        Object hash = u.get("password-hash");
        if ((password == null) == (hash == null)) {
            throw new ProxyConfigException(source + ": user '" + name + "' (" + path + ") needs exactly one of 'password' (as ${ENV}) or 'password-hash'");
        }
        if (hash != null) {
            try {
                return new ProxyUser(name, NativePassword.parseHash(String.valueOf(hash)));
            } catch (IllegalArgumentException e) {
                throw new ProxyConfigException(source + ": '" + path + ".password-hash' of user '" + name + "' is " + e.getMessage());
            }
        }
        Matcher m = WHOLE_ENV.matcher(String.valueOf(password));
        if (!m.matches()) {
            throw new ProxyConfigException(source + ": '" + path + ".password' of user '" + name
                    + "' must be an environment reference like ${APP_DB_PASSWORD} or be given as 'password-hash'; plaintext passwords are not allowed in the file");
        }
        String value = env.apply(m.group(1));
        if (value == null || value.isEmpty()) {
            throw new ProxyConfigException(source + ": environment variable " + m.group(1) + " for user '" + name + "' is not set");
        }
        return ProxyUser.withPassword(name, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String path, String source) throws ProxyConfigException {
        if (!(node instanceof Map<?, ?> m)) {
            throw new ProxyConfigException(source + ": '" + path + "' must be a mapping");
        }
        return (Map<String, Object>) m;
    }

    private static void checkKeys(Map<String, Object> m, Set<String> allowed, String path, String source) throws ProxyConfigException {
        for (Object key : m.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new ProxyConfigException(source + ": unknown key '" + path + "." + key + "' (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static int integer(Map<String, Object> m, String key, int dflt, int min, int max, String source) throws ProxyConfigException {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer i) || i < min || i > max) {
            throw new ProxyConfigException(source + ": 'proxy." + key + "' must be an integer from " + min + " to " + max);
        }
        return i;
    }

    @Override
    public String toString() {
        return "ProxyConfig[port=" + port + ", users=" + new ArrayList<>(users.keySet()) + ", max-connections=" + maxConnections
                + (tls == null ? "" : ", " + tls) + "]";
    }
}
