package io.splitdb.exec;

import java.sql.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The session state one logical connection asked for (session variables, user variables,
 * isolation level, read-only, default database), which every backend connection its statements
 * borrow must carry. Immutable: a SET makes a new one. {@link #DEFAULT} is the state of a fresh
 * backend connection: nothing set.
 */
public final class SessionSettings {
    /** Nothing set: the backends' own defaults. */
    public static final SessionSettings DEFAULT = new SessionSettings(Map.of(), null, false, null, false);

    private final Map<String, String> variables;
    private final Integer isolation;
    private final boolean readOnly;
    private final String database;
    private final boolean discardAfterUse;

    private SessionSettings(Map<String, String> variables, Integer isolation, boolean readOnly, String database, boolean discardAfterUse) {
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        this.isolation = isolation;
        this.readOnly = readOnly;
        this.database = database;
        this.discardAfterUse = discardAfterUse;
    }

    private SessionSettings(Map<String, String> variables, Integer isolation, boolean readOnly, String database) {
        this(variables, isolation, readOnly, database, false);
    }

    /**
     * The same settings for a statement that changes session state on the backends itself
     * ({@code SELECT @n := ...}, {@code SELECT ... INTO @x}, {@code CALL}, {@code GET_LOCK}): the
     * backend connections it borrows are closed after it instead of going back to the pool, since
     * what they then carry is not known. Not part of the state ({@link #equals}).
     */
    public SessionSettings discardingAfterUse() {
        return new SessionSettings(variables, isolation, readOnly, database, true);
    }

    public boolean discardAfterUse() {
        return discardAfterUse;
    }

    /**
     * The settings with one more variable: a session system variable ({@code time_zone}) or a
     * user variable ({@code @x}), and its value as a SQL literal (one that means the same on every
     * backend each time it is applied).
     */
    public SessionSettings withVariable(String name, String valueSql) {
        Map<String, String> v = new LinkedHashMap<>(variables);
        v.put(name, valueSql);
        return new SessionSettings(v, isolation, readOnly, database);
    }

    /** The settings with a variable back to its default (a user variable back to NULL). */
    public SessionSettings withoutVariable(String name) {
        Map<String, String> v = new LinkedHashMap<>(variables);
        v.remove(name);
        return new SessionSettings(v, isolation, readOnly, database);
    }

    /** @param level a JDBC isolation level, or null for the server's default */
    public SessionSettings withIsolation(Integer level) {
        return new SessionSettings(variables, level, readOnly, database);
    }

    public SessionSettings withReadOnly(boolean on) {
        return new SessionSettings(variables, isolation, on, database);
    }

    /** @param name the default database, or null for the one the backend URLs name */
    public SessionSettings withDatabase(String name) {
        return new SessionSettings(variables, isolation, readOnly, name);
    }

    /** The variables set, by lower-case name (user variables start with {@code @}). */
    public Map<String, String> variables() {
        return variables;
    }

    /** The isolation level asked for, or null for the server's default. */
    public Integer isolation() {
        return isolation;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** The default database asked for, or null for the one the backend URLs name. */
    public String database() {
        return database;
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /**
     * The one SET statement that brings a backend connection in state {@code from} to this state
     * (the default database aside), or null if none is needed. Every variable {@code from} set and
     * this state does not is put back to its default ({@code DEFAULT}, or NULL for a user
     * variable), and this state's values are assigned. Values are literals (see
     * {@link #withVariable}), so the result never depends on what {@code from} held.
     *
     * @param mariaDb the backend is MariaDB (whose isolation and read-only variables are
     *                {@code tx_isolation} and {@code tx_read_only}; MySQL 8 knows only the
     *                {@code transaction_} names)
     */
    String setStatementFrom(SessionSettings from, boolean mariaDb) {
        if (from.variables.equals(variables) && Objects.equals(from.isolation, isolation) && from.readOnly == readOnly) {
            return null;
        }
        StringBuilder sql = new StringBuilder("SET ");
        for (String name : from.variables.keySet()) {
            if (!variables.containsKey(name)) {
                assign(sql, name, name.startsWith("@") ? "NULL" : "DEFAULT");
            }
        }
        variables.forEach((name, value) -> assign(sql, name, value));
        assign(sql, mariaDb ? "tx_isolation" : "transaction_isolation", isolation == null ? "DEFAULT" : "'" + levelName(isolation) + "'");
        assign(sql, mariaDb ? "tx_read_only" : "transaction_read_only", readOnly ? "1" : "DEFAULT");
        return sql.toString();
    }

    private static void assign(StringBuilder sql, String name, String value) {
        if (sql.length() > 4) {
            sql.append(", ");
        }
        sql.append(name.startsWith("@") ? name : "@@SESSION." + name).append(" = ").append(value);
    }

    /** MySQL's name of a JDBC isolation level, as {@code tx_isolation} spells it. */
    public static String levelName(int level) {
        switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED: return "READ-UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED: return "READ-COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ: return "REPEATABLE-READ";
            case Connection.TRANSACTION_SERIALIZABLE: return "SERIALIZABLE";
            default: throw new IllegalArgumentException("not a JDBC isolation level: " + level);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionSettings s && s.variables.equals(variables) && Objects.equals(s.isolation, isolation)
                && s.readOnly == readOnly && Objects.equals(s.database, database);
    }

    @Override
    public int hashCode() {
        return Objects.hash(variables, isolation, readOnly, database);
    }

    /** Names what is set, never a value (a user variable may hold application data). */
    @Override
    public String toString() {
        return "SessionSettings" + variables.keySet() + (isolation != null ? " isolation " + levelName(isolation) : "")
                + (readOnly ? " read-only" : "") + (database != null ? " database " + database : "");
    }
}
