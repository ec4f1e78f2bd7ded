package io.splitdb.proxy.protocol;

/** Status flags carried by OK and EOF packets. */
public final class ServerStatus {
    public static final int IN_TRANS = 1;
    public static final int AUTOCOMMIT = 2;
    /** More results of a multi-statement query follow this one. */
    public static final int MORE_RESULTS_EXISTS = 8;

    private ServerStatus() {
    }
}
