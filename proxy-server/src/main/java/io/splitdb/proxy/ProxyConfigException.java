package io.splitdb.proxy;

/** The {@code proxy:} section of the configuration is missing something or holds a bad value. */
public final class ProxyConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A configuration problem, {@code message} naming the key (never a password). */
    public ProxyConfigException(String message) {
        super(message);
    }
}
