package io.splitdb.policy;

/**
 * One of the three MySQL-protocol endpoints.
 *
 * @param url      a {@code jdbc:mysql:} (or {@code jdbc:mariadb:}) URL
 * @param user     may be null: then the user given to {@code DriverManager.getConnection} applies
 * @param password may be null, likewise
 */
public record BackendConfig(String url, String user, String password) {

    @Override
    public String toString() {
        return "BackendConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "null" : "<masked>") + "]";
    }
}
