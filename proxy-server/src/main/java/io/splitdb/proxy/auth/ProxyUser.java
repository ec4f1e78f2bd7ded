package io.splitdb.proxy.auth;

/** A user the proxy accepts: a name and SHA1(SHA1(password)), however the configuration gave it. */
public record ProxyUser(String name, byte[] doubleSha1) {
    @Override
    public String toString() {
        return "ProxyUser[" + name + "]"; // never the hash
    }
}
