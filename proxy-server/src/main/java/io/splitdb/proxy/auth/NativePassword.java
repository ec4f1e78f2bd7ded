package io.splitdb.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code mysql_native_password}: the client sends SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))).
 * The server keeps only SHA1(SHA1(password)) (MySQL's {@code *<40 hex>} hash), recovers SHA1(password)
 * from the answer and checks that hashing it again gives the stored hash.
 */
public final class NativePassword {
    /** The plugin name sent in the handshake. */
    public static final String PLUGIN = "mysql_native_password";

    private NativePassword() {
    }

    /** MySQL's hash of {@code password}: {@code *} and SHA1(SHA1(password)) in upper-case hex. */
    public static String hash(String password) {
        return "*" + HexFormat.of().withUpperCase().formatHex(doubleSha1(password));
    }

    /** SHA1(SHA1(password)), the 20 bytes a stored hash stands for. */
    public static byte[] doubleSha1(String password) {
        return sha1(sha1(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** The 20 bytes of a {@code *<40 hex>} hash; anything else is an IllegalArgumentException. */
    public static byte[] parseHash(String hash) {
        if (hash == null || !hash.matches("\\*[0-9A-Fa-f]{40}")) {
            throw new IllegalArgumentException("not a MySQL native password hash (expected '*' and 40 hex digits)");
        }
        return HexFormat.of().parseHex(hash.substring(1).toLowerCase(Locale.ROOT));
    }

    /** What a client sends for {@code password} and {@code scramble} (used by tests and by nobody else). */
    public static byte[] scramble(String password, byte[] scramble) {
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1(stage1);
        byte[] mask = sha1(Bytes.concat(scramble, stage2));
        return Bytes.xor(stage1, mask);
    }

    /** Whether {@code response} proves knowledge of the password whose double SHA1 is {@code stored}. Empty response = empty password. */
    public static boolean matches(byte[] response, byte[] scramble, byte[] stored) {
        if (response.length == 0) {
            return false;
        }
        if (response.length != 20) {
            return false;
        }
        byte[] mask = sha1(Bytes.concat(scramble, stored));
        byte[] stage1 = Bytes.xor(response, mask);
        return MessageDigest.isEqual(sha1(stage1), stored);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
