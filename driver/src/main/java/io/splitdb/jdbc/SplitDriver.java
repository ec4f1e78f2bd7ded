package io.splitdb.jdbc;

import io.splitdb.crypto.Keyring;
import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.policy.ConfigException;
import io.splitdb.policy.ConfigLoader;
import io.splitdb.policy.KeysConfig;
import io.splitdb.policy.SplitConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The {@code jdbc:split:} driver. The URL names the configuration: {@code jdbc:split:/etc/splitdb/hospital.yaml}
 * or {@code jdbc:split:classpath:hospital.yaml}. User and password given to
 * {@link DriverManager#getConnection(String, String, String)} apply to backends whose entry has none.
 */
public final class SplitDriver implements Driver {
    public static final String PREFIX = "jdbc:split:";
    public static final int MAJOR = 0;
    public static final int MINOR = 1;

    private static final Map<String, SplitDatabase> DATABASES = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new SplitDriver());
        } catch (SQLException e) {
            throw new IllegalStateException("could not register the splitdb JDBC driver", e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String location = url.substring(PREFIX.length());
        String user = info == null ? null : info.getProperty("user");
        String password = info == null ? null : info.getProperty("password");
        SplitDatabase db = database(location, user, password);
        return new SplitConnection(db, url, user);
    }

    /**
     * One {@link SplitDatabase} per configuration (file version) and credentials, shared by its
     * connections. A keystore file that changed since (a key version added by {@code splitdb
     * rotate-keys --new-key}) gives new connections a new instance with the new keyring; the old
     * instance stays open for the connections that use it.
     */
    private static SplitDatabase database(String location, String user, String password) throws SQLException {
        String key = location + "\u0000" + version(location) + "\u0000" + user + "\u0000" + digest(password);
        SplitDatabase db = DATABASES.get(key);
        if (db != null && keystoreVersion(db.config()).equals(KEYSTORE_VERSIONS.get(db))) {
            return db;
        }
        synchronized (DATABASES) {
            db = DATABASES.get(key);
            if (db == null || !keystoreVersion(db.config()).equals(KEYSTORE_VERSIONS.get(db))) {
                SplitConfig config = new ConfigLoader().load(location);
                String keystoreVersion = keystoreVersion(config);
                db = SplitDatabase.open(config, keyring(config), user, password);
                KEYSTORE_VERSIONS.put(db, keystoreVersion);
                DATABASES.put(key, db);
            }
            return db;
        }
    }

    /** The keystore file version each instance was opened with. */
    private static final Map<SplitDatabase, String> KEYSTORE_VERSIONS = new ConcurrentHashMap<>();

    private static String keystoreVersion(SplitConfig config) {
        Path keystore = config.keys().keystore();
        if (keystore == null) {
            return "";
        }
        try {
            return Files.getLastModifiedTime(keystore).toMillis() + "/" + Files.size(keystore);
        } catch (IOException e) {
            return "";
        }
    }

    /** Loads the master keys the configuration names. */
    public static Keyring keyring(SplitConfig config) throws SQLException {
        KeysConfig keys = config.keys();
        if (keys.keystore() != null) {
            if (!Files.isRegularFile(keys.keystore())) {
                throw new ConfigException(config.source() + ": keys.keystore " + keys.keystore() + " does not exist (create it with splitdb keygen)");
            }
            try {
                return KeystoreFile.load(keys.keystore(), keys.password());
            } catch (IOException | GeneralSecurityException e) {
                throw new SQLInvalidAuthorizationSpecException("cannot open keystore " + keys.keystore()
                        + ": wrong keys.password, or not a splitdb keystore", "28000", e);
            }
        }
        String encoded = System.getenv(keys.masterKeyEnv());
        if (encoded == null || encoded.isBlank()) {
            throw new ConfigException(config.source() + ": keys.master-key-env names environment variable " + keys.masterKeyEnv()
                    + ", which is not set");
        }
        try {
            return Keyring.single(MasterKey.fromBase64(encoded.trim()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.source() + ": environment variable " + keys.masterKeyEnv()
                    + " must hold a base64 256-bit key (make one with splitdb keygen --base64-file FILE)");
        }
    }

    /**
     * Closes the instances opened for one configuration (every credential and file version): for a
     * tool that is done with a database while other databases in the same JVM go on.
     */
    public static void close(String location) {
        synchronized (DATABASES) {
            DATABASES.entrySet().removeIf(e -> {
                if (!e.getKey().startsWith(location + "\u0000")) {
                    return false;
                }
                KEYSTORE_VERSIONS.remove(e.getValue());
                e.getValue().close();
                return true;
            });
        }
    }

    /** Closes every pool this driver opened (for application shutdown and tests). */
    public static void closeAll() {
        synchronized (DATABASES) {
            KEYSTORE_VERSIONS.keySet().forEach(SplitDatabase::close);  // every instance opened, replaced ones included
            DATABASES.clear();
            KEYSTORE_VERSIONS.clear();
        }
    }

    private static String version(String location) {
        if (location.startsWith(ConfigLoader.CLASSPATH_PREFIX)) {
            return "";
        }
        try {
            return String.valueOf(Files.getLastModifiedTime(Path.of(location)).toMillis());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String digest(String secret) {
        if (secret == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo user = new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
        user.description = "backend user for backends whose configuration entry has none";
        DriverPropertyInfo password = new DriverPropertyInfo("password", null);
        password.description = "backend password for backends whose configuration entry has none";
        return new DriverPropertyInfo[] {user, password};
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("io.splitdb");
    }
}
