package io.splitdb.audit;

/**
 * Who ran a statement: the JDBC user, the application's name (client info {@code ApplicationName})
 * and the host the driver runs on. Cut to the lengths of {@code _split_audit}'s columns.
 */
public record AuditWho(String user, String app, String host) {
    static final int MAX = 255;

    public AuditWho {
        user = AuditEvent.cut(user, MAX);
        app = AuditEvent.cut(app, MAX);
        host = AuditEvent.cut(host, MAX);
    }
}
