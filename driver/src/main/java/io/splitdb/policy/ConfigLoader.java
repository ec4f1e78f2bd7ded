package io.splitdb.policy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration of DESIGN.md: three backends, keys, per-table column policies.
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} from the environment, and rejects unknown
 * keys and bad values with a message naming the key path, so a typo never silently leaves a
 * column unprotected.
 */
public final class ConfigLoader {
    public static final String CLASSPATH_PREFIX = "classpath:";

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Set<String> TOP_KEYS = Set.of("backends", "keys", "tables", "options", "proxy");
    private static final Set<String> BACKEND_KEYS = Set.of("url", "user", "password");
    private static final Set<String> KEY_KEYS = Set.of("keystore", "password", "master-key-env");
    private static final Set<String> COLUMN_KEYS = Set.of("protect", "search", "bits", "backend");
    private static final Set<String> OPTION_KEYS =
            Set.of("connect-timeout-ms", "pool-size", "max-buffered-rows", "down-retry-ms", "writes", "statement-timeout-ms", "audit", "audit-buffer");

    private final Function<String, String> env;

    /** A loader that expands variables from {@link System#getenv(String)}. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** A loader with its own environment, for tests and for tools that pass variables explicitly. */
    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** Loads {@code location}: a file path, or {@code classpath:name} from the context class loader. */
    public SplitConfig load(String location) throws ConfigException {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String name = location.substring(CLASSPATH_PREFIX.length());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = ConfigLoader.class.getClassLoader();
            }
            try (InputStream in = loader.getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
                if (in == null) {
                    throw new ConfigException("splitdb configuration " + location + " not found on the classpath");
                }
                return parse(new InputStreamReader(in, StandardCharsets.UTF_8), location, Path.of("").toAbsolutePath());
            } catch (IOException e) {
                throw new ConfigException("cannot read splitdb configuration " + location + ": " + e.getMessage(), e);
            }
        }
        Path path = Path.of(location).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("splitdb configuration file " + path + " does not exist");
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(reader, path.toString(), path.getParent());
        } catch (IOException e) {
            throw new ConfigException("cannot read splitdb configuration " + path + ": " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code source} names it in messages, {@code baseDir} anchors relative paths. */
    public SplitConfig parse(Reader yaml, String source, Path baseDir) throws ConfigException {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            // line and column, never the offending text: it may be a password
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1);
            throw new ConfigException(source + ": not valid YAML" + where + ": " + e.getProblem()
                    + " (a value with { } or ${...} inside a { } mapping needs quotes)");
        } catch (YAMLException e) {
            throw new ConfigException(source + ": not valid YAML");
        }
        Map<String, Object> top = map(root, "", source);
        checkKeys(top, TOP_KEYS, "", source);

        List<BackendConfig> backends = backends(top.get("backends"), source);
        KeysConfig keys = keys(top.get("keys"), source, baseDir);
        Map<String, Map<String, ColumnPolicy>> tables = tables(top.get("tables"), source);
        SplitConfig.Options options = options(top.get("options"), source);
        return new SplitConfig(source, baseDir, List.copyOf(backends), keys, tables, options);
    }

    private List<BackendConfig> backends(Object node, String source) throws ConfigException {
        if (!(node instanceof List<?> list)) {
            throw new ConfigException(source + ": 'backends' must be a list of exactly three backends");
        }
        if (list.size() != 3) {
            throw new ConfigException(source + ": 'backends' must list exactly three backends, found " + list.size());
        }
        List<BackendConfig> result = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String path = "backends[" + i + "]";
            Map<String, Object> b = map(list.get(i), path, source);
            checkKeys(b, BACKEND_KEYS, path, source);
            String url = string(b, "url", path, source, true);
            if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
                throw new ConfigException(source + ": " + path + ".url must be a jdbc:mysql: or jdbc:mariadb: URL, was '" + url + "'");
            }
            result.add(new BackendConfig(url, string(b, "user", path, source, false), string(b, "password", path, source, false)));
        }
        return result;
    }

    private KeysConfig keys(Object node, String source, Path baseDir) throws ConfigException {
        Map<String, Object> k = map(node, "keys", source);
        checkKeys(k, KEY_KEYS, "keys", source);
        String keystore = string(k, "keystore", "keys", source, false);
        String envName = string(k, "master-key-env", "keys", source, false);
        if ((keystore == null) == (envName == null)) {
            throw new ConfigException(source + ": 'keys' needs exactly one of 'keystore' or 'master-key-env'");
        }
        if (keystore != null) {
            String password = string(k, "password", "keys", source, true);
            return new KeysConfig(baseDir.resolve(keystore).normalize(), password.toCharArray(), null);
        }
        return new KeysConfig(null, null, envName);
    }

    private Map<String, Map<String, ColumnPolicy>> tables(Object node, String source) throws ConfigException {
        if (node == null) {
            return Map.of();
        }
        Map<String, Object> t = map(node, "tables", source);
        Map<String, Map<String, ColumnPolicy>> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> table : t.entrySet()) {
            String tablePath = "tables." + table.getKey();
            Map<String, Object> columns = table.getValue() == null ? Map.of() : map(table.getValue(), tablePath, source);
            Map<String, ColumnPolicy> policies = new LinkedHashMap<>();
            for (Map.Entry<String, Object> column : columns.entrySet()) {
                String columnPath = tablePath + "." + column.getKey();
                policies.put(column.getKey().toLowerCase(Locale.ROOT), column(column.getValue(), columnPath, source));
            }
            result.put(table.getKey().toLowerCase(Locale.ROOT), Collections.unmodifiableMap(policies));
        }
        return Collections.unmodifiableMap(result);
    }

    private ColumnPolicy column(Object node, String path, String source) throws ConfigException {
        Map<String, Object> c = map(node, path, source);
        checkKeys(c, COLUMN_KEYS, path, source);
        Protection protect = choice(Protection.class, string(c, "protect", path, source, false), Protection.PLAIN, path + ".protect", source);
        Search search = choice(Search.class, string(c, "search", path, source, false), Search.NONE, path + ".search", source);
        Integer bits = integer(c, "bits", path, source);
        Integer backend = integer(c, "backend", path, source);
        if (!protect.isProtected() && (search != Search.NONE || bits != null || backend != null)) {
            throw new ConfigException(source + ": " + path + ": 'search', 'bits' and 'backend' need 'protect: shared' or 'protect: encrypted'");
        }
        if (bits != null && (bits < 1 || bits > 64)) {
            throw new ConfigException(source + ": " + path + ".bits must be between 1 and 64, was " + bits);
        }
        if (bits != null && search != Search.EQUALITY) {
            throw new ConfigException(source + ": " + path + ".bits needs 'search: equality'");
        }
        if (backend != null && protect != Protection.ENCRYPTED) {
            throw new ConfigException(source + ": " + path + ".backend applies only to 'protect: encrypted'");
        }
        if (backend != null && (backend < 0 || backend > 2)) {
            throw new ConfigException(source + ": " + path + ".backend must be 0, 1 or 2, was " + backend);
        }
        int effectiveBits = search == Search.EQUALITY ? (bits == null ? ColumnPolicy.DEFAULT_BITS : bits) : 0;
        return new ColumnPolicy(protect, search, effectiveBits, backend == null ? -1 : backend);
    }

    private SplitConfig.Options options(Object node, String source) throws ConfigException {
        SplitConfig.Options d = SplitConfig.Options.DEFAULTS;
        if (node == null) {
            return d;
        }
        Map<String, Object> o = map(node, "options", source);
        checkKeys(o, OPTION_KEYS, "options", source);
        return new SplitConfig.Options(
                positive(o, "connect-timeout-ms", d.connectTimeoutMillis(), source),
                positive(o, "pool-size", d.poolSize(), source),
                positive(o, "max-buffered-rows", d.maxBufferedRows(), source),
                positive(o, "down-retry-ms", d.downRetryMillis(), source),
                choice(SplitConfig.Writes.class, o.get("writes") == null ? null : String.valueOf(o.get("writes")), d.writes(),
                        "options.writes", source),
                notNegative(o, "statement-timeout-ms", d.statementTimeoutMillis(), source),
                audit(o.get("audit"), d.audit(), source),
                positive(o, "audit-buffer", d.auditBuffer(), source));
    }

    private static SplitConfig.Audit audit(Object value, SplitConfig.Audit fallback, String source) throws ConfigException {
        if (value == null) {
            return fallback;
        }
        if (Boolean.FALSE.equals(value)) {
            return SplitConfig.Audit.OFF;  // YAML 1.1 reads an unquoted off as false
        }
        for (SplitConfig.Audit a : SplitConfig.Audit.values()) {
            if (a.yamlName().equalsIgnoreCase(String.valueOf(value).trim())) {
                return a;
            }
        }
        throw new ConfigException(source + ": options.audit must be one of required, best-effort, off, was '" + value + "'");
    }

    private int positive(Map<String, Object> o, String key, int fallback, String source) throws ConfigException {
        Integer value = integer(o, key, "options", source);
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            throw new ConfigException(source + ": options." + key + " must be positive, was " + value);
        }
        return value;
    }

    private int notNegative(Map<String, Object> o, String key, int fallback, String source) throws ConfigException {
        Integer value = integer(o, key, "options", source);
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw new ConfigException(source + ": options." + key + " must be 0 (no limit) or positive, was " + value);
        }
        return value;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, E fallback, String path, String source)
            throws ConfigException {
        if (value == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(source + ": " + path + " must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String path, String source) throws ConfigException {
        if (node instanceof Map<?, ?> m) {
            for (Object key : m.keySet()) {
                if (!(key instanceof String)) {
                    throw new ConfigException(source + ": " + (path.isEmpty() ? "" : path + ": ") + "key '" + key + "' must be a name");
                }
            }
            return (Map<String, Object>) m;
        }
        throw new ConfigException(source + ": " + (path.isEmpty() ? "the file" : "'" + path + "'") + " must be a mapping of keys to values");
    }

    private static void checkKeys(Map<String, Object> m, Set<String> allowed, String path, String source) throws ConfigException {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                String where = path.isEmpty() ? key : path + "." + key;
                throw new ConfigException(source + ": unknown key '" + where + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private String string(Map<String, Object> m, String key, String path, String source, boolean required) throws ConfigException {
        Object value = m.get(key);
        if (value == null) {
            if (required) {
                throw new ConfigException(source + ": " + path + "." + key + " is required");
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new ConfigException(source + ": " + path + "." + key + " must be a single value");
        }
        return expand(String.valueOf(value), path + "." + key, source);
    }

    private Integer integer(Map<String, Object> m, String key, String path, String source) throws ConfigException {
        String text = string(m, key, path, source, false);
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(source + ": " + path + "." + key + " must be a whole number, was '" + text + "'");
        }
    }

    /** Expands {@code ${NAME}} and {@code ${NAME:-default}}; an unset variable without default is an error. */
    String expand(String value, String path, String source) throws ConfigException {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = env.apply(m.group(1));
            if (replacement == null) {
                replacement = m.group(2);
            }
            if (replacement == null) {
                throw new ConfigException(source + ": " + path + " refers to environment variable " + m.group(1) + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
