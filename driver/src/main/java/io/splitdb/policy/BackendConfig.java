package io.splitdb.policy;

/**
 * One of the three MySQL-protocol endpoints.
 *
 * @param url      a {@code jdbc:mysql:} (or {@code jdbc:mariadb:}) URL
 * @param user     may be null: then the user given to {@code DriverManager.getConnection} applies
 * @param password may be null, likewise
 */
public record BackendConfig(String url, String user, String password) {

    /** The database this backend's URL names ("" if none). */
    public String database() {
        return databaseOf(url);
    }

    /** The database a {@code jdbc:mysql://host:port/db?...} URL names ("" if none). */
    public static String databaseOf(String url) {
        int hosts = url.indexOf("//");
        int slash = url.indexOf('/', hosts < 0 ? 0 : hosts + 2);
        if (slash < 0) {
            return "";
        }
        int end = url.indexOf('?', slash);
        return url.substring(slash + 1, end < 0 ? url.length() : end);
    }

    @Override
    public String toString() {
        return "BackendConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "null" : "<masked>") + "]";
    }
}
