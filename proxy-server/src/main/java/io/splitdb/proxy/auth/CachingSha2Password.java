package io.splitdb.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code caching_sha2_password}, MySQL 8's default: the fast path proves knowledge of the password
 * with XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) + scramble)), checked against SHA256(SHA256(pw)),
 * the digest the server caches after a full authentication (in which the client sends the password
 * itself, over TLS).
 */
public final class CachingSha2Password {
    /** The plugin name in the handshake. */
    public static final String PLUGIN = "caching_sha2_password";
    /** AuthMoreData status: the fast path succeeded, an OK follows. */
    public static final int FAST_AUTH_SUCCESS = 3;
    /** AuthMoreData status: send the password (over TLS). */
    public static final int PERFORM_FULL_AUTHENTICATION = 4;

    private CachingSha2Password() {
    }

    /** SHA256(SHA256(password)): what the fast path is checked against. */
    public static byte[] digest(String password) {
        return sha256(sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** What a client sends on the fast path for {@code password} and {@code scramble} (tests, and nobody else). */
    public static byte[] scramble(String password, byte[] scramble) {
        byte[] stage1 = sha256(password.getBytes(StandardCharsets.UTF_8));
        byte[] mask = sha256(Bytes.concat(sha256(stage1), scramble));
        return Bytes.xor(stage1, mask);
    }

    /** Whether a fast-path {@code response} proves the password whose digest is {@code digest}. */
    public static boolean matches(byte[] response, byte[] scramble, byte[] digest) {
        if (response.length != 32) {
            return false;
        }
        byte[] stage1 = Bytes.xor(response, sha256(Bytes.concat(digest, scramble)));
        return MessageDigest.isEqual(sha256(stage1), digest);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
