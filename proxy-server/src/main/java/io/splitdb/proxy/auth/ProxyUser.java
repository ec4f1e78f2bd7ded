package io.splitdb.proxy.auth;

/**
 * A user the proxy accepts: a name, SHA1(SHA1(password)) however the configuration gave it, and
 * SHA256(SHA256(password)) for {@code caching_sha2_password}'s fast path when the password itself is
 * known (given as {@code ${ENV}}), else null until a full authentication.
 */
public record ProxyUser(String name, byte[] doubleSha1, byte[] sha2Digest) {

    /** A user known by its native hash only. */
    public ProxyUser(String name, byte[] doubleSha1) {
        this(name, doubleSha1, null);
    }

    /** A user whose password is known. */
    public static ProxyUser withPassword(String name, String password) {
        return new ProxyUser(name, NativePassword.doubleSha1(password), CachingSha2Password.digest(password));
    }

    @Override
    public String toString() {
        return "ProxyUser[" + name + "]"; // never the hashes
    }
}
