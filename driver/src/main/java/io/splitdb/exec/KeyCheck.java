package io.splitdb.exec;

import io.splitdb.crypto.ColumnKeys;
import io.splitdb.crypto.Keyring;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * A key check value per master key version, stored on each backend, so a wrong key is refused at
 * connect time with a clear message instead of surfacing later as rows that do not decrypt. The
 * value is an HMAC under a derived key: it reveals nothing about the master key.
 */
final class KeyCheck {
    static final String TABLE = "_split_meta";

    private KeyCheck() {
    }

    static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR(64) NOT NULL PRIMARY KEY, value VARBINARY(255)) "
                    + "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    static void verify(Connection c, Keyring keys, int backend) throws SQLException {
        for (int version : keys.versions()) {
            byte[] expected = checkValue(keys, version);
            String name = "keycheck-v" + version;
            byte[] stored = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + TABLE + " WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        stored = rs.getBytes(1);
                    }
                }
            }
            if (stored == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO " + TABLE + " (name, value) VALUES (?, ?)")) {
                    ps.setString(1, name);
                    ps.setBytes(2, expected);
                    ps.executeUpdate();
                }
            } else if (!MessageDigest.isEqual(stored, expected)) {
                throw new SQLInvalidAuthorizationSpecException("the master key (version " + version + ") does not match the key "
                        + "this database was written with (checked on backend " + backend + "); check keys: in the configuration", "28000");
            }
        }
    }

    private static byte[] checkValue(Keyring keys, int version) throws SQLException {
        byte[] key = ColumnKeys.derive(keys.master(version), "_split", "_keycheck", ColumnKeys.INDEX, version);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal("splitdb key check".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new SQLException("cannot compute the key check: " + e.getClass().getSimpleName(), "HY000", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
