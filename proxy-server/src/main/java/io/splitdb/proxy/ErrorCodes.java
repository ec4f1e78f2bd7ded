package io.splitdb.proxy;

import io.splitdb.proxy.protocol.ErrPacket;

import java.sql.SQLException;

/**
 * Turns the driver's SQLExceptions into MySQL ERR packets: the driver's vendor code when it has one
 * (a backend's MySQL error passed through), else a code chosen from the SQLState so clients that
 * switch on error numbers (duplicate key, no such table) still work.
 */
public final class ErrorCodes {
    /** ER_UNKNOWN_ERROR. */
    public static final int UNKNOWN = 1105;
    /** ER_ACCESS_DENIED_ERROR. */
    public static final int ACCESS_DENIED = 1045;
    /** ER_CON_COUNT_ERROR. */
    public static final int TOO_MANY_CONNECTIONS = 1040;
    /** ER_UNKNOWN_COM_ERROR. */
    public static final int UNKNOWN_COMMAND = 1047;
    /** ER_MALFORMED_PACKET. */
    public static final int MALFORMED_PACKET = 1835;
    /** ER_NET_PACKET_TOO_LARGE. */
    public static final int PACKET_TOO_LARGE = 1153;
    /** ER_NOT_SUPPORTED_YET. */
    public static final int NOT_SUPPORTED_YET = 1235;

    private ErrorCodes() {
    }

    private static final java.util.regex.Pattern BACKEND_URL_IN_PARENTHESES =
            java.util.regex.Pattern.compile("\\s*\\(jdbc:(?:mysql|mariadb):[^)]*\\)");
    private static final java.util.regex.Pattern BACKEND_URL = java.util.regex.Pattern.compile("jdbc:(?:mysql|mariadb):[^\\s,;]*");

    /** The ERR packet for {@code e}. */
    public static ErrPacket of(SQLException e) {
        String state = e.getSQLState() == null || e.getSQLState().length() != 5 ? "HY000" : e.getSQLState();
        int code = e.getErrorCode() > 0 && e.getErrorCode() < 65536 ? e.getErrorCode() : fromState(state);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ErrPacket(code, state, withoutBackendUrls(message));
    }

    /**
     * The driver names backends by their URL ("backend 1 (jdbc:mysql://10.0.0.7:3306/ward) is
     * down"), which helps a DBA reading a log; a proxy client learns only "backend 1": where the
     * servers are is no business of whoever can connect to the proxy.
     */
    static String withoutBackendUrls(String message) {
        String shorter = BACKEND_URL_IN_PARENTHESES.matcher(message).replaceAll("");
        return BACKEND_URL.matcher(shorter).replaceAll("(a backend)");
    }

    /** A MySQL error code for an SQLState the driver raised without a vendor code. */
    public static int fromState(String state) {
        return switch (state) {
            case "0A000" -> NOT_SUPPORTED_YET;
            case "42S02" -> 1146;   // ER_NO_SUCH_TABLE
            case "42S22" -> 1054;   // ER_BAD_FIELD_ERROR
            case "42S01" -> 1050;   // ER_TABLE_EXISTS_ERROR
            case "42000" -> 1064;   // ER_PARSE_ERROR
            case "23000" -> 1062;   // ER_DUP_ENTRY
            case "28000" -> ACCESS_DENIED;
            case "08S01" -> 2013;   // CR_SERVER_LOST
            case "40001" -> 1213;   // ER_LOCK_DEADLOCK
            case "HY008" -> 3024;   // ER_QUERY_TIMEOUT
            case "22001" -> 1406;   // ER_DATA_TOO_LONG
            case "3D000" -> 1046;   // ER_NO_DB_ERROR
            default -> state.startsWith("08") ? 2013 : UNKNOWN;
        };
    }
}
