package io.splitdb.proxy.protocol;

/** Status flags carried by OK and EOF packets. */
public final class ServerStatus {
    public static final int IN_TRANS = 1;
    public static final int AUTOCOMMIT = 2;

    private ServerStatus() {
    }
}
