package io.splitdb.proxy.protocol;

/** A packet that is truncated or does not follow the MySQL client/server protocol; the session that sent it is closed. */
public final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A malformed packet, {@code message} saying what was wrong (never the packet's bytes: they may hold a password). */
    public MalformedPacketException(String message) {
        super(message);
    }
}
