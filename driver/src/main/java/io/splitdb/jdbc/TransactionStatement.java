package io.splitdb.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL forms of transaction control (what the {@code mysql} client, PHP and the proxy send as
 * text): each maps to the matching {@link java.sql.Connection} call.
 */
record TransactionStatement(Kind kind, String savepoint, boolean readOnly) {

    enum Kind { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO, RELEASE, AUTOCOMMIT_ON, AUTOCOMMIT_OFF }

    private static final String LEAD = "(?is)(?:\\s|/\\*.*?\\*/)*";
    private static final String END = "\\s*;?\\s*";
    private static final String NAME = "`?([A-Za-z0-9_$]+)`?";
    private static final Pattern BEGIN = Pattern.compile(LEAD + "(?:BEGIN(?:\\s+WORK)?|START\\s+TRANSACTION((?:\\s*,?\\s*(?:READ\\s+ONLY|READ\\s+WRITE|WITH\\s+CONSISTENT\\s+SNAPSHOT))*))" + END);
    private static final Pattern COMMIT = Pattern.compile(LEAD + "COMMIT(?:\\s+WORK)?(?:\\s+AND\\s+NO\\s+CHAIN|\\s+NO\\s+RELEASE)*" + END);
    private static final Pattern ROLLBACK = Pattern.compile(LEAD + "ROLLBACK(?:\\s+WORK)?(?:\\s+AND\\s+NO\\s+CHAIN|\\s+NO\\s+RELEASE)*" + END);
    private static final Pattern SAVEPOINT = Pattern.compile(LEAD + "SAVEPOINT\\s+" + NAME + END);
    private static final Pattern ROLLBACK_TO = Pattern.compile(LEAD + "ROLLBACK(?:\\s+WORK)?\\s+TO\\s+(?:SAVEPOINT\\s+)?" + NAME + END);
    private static final Pattern RELEASE = Pattern.compile(LEAD + "RELEASE\\s+SAVEPOINT\\s+" + NAME + END);
    private static final Pattern AUTOCOMMIT = Pattern.compile(
            LEAD + "SET\\s+(?:SESSION\\s+|LOCAL\\s+|@@SESSION\\.|@@LOCAL\\.|@@)?autocommit\\s*(?:=|:=)\\s*'?(0|1|ON|OFF|TRUE|FALSE)'?" + END);

    /** The statement as transaction control, or null if it is something else. */
    static TransactionStatement parse(String sql) {
        if (sql.length() > 200) {
            return null;
        }
        sql = ExecutableComments.unwrap(sql); // mysqldump: START TRANSACTION /*!40100 WITH CONSISTENT SNAPSHOT */
        Matcher m = BEGIN.matcher(sql);
        if (m.matches()) {
            return new TransactionStatement(Kind.BEGIN, null, m.group(1) != null && m.group(1).toUpperCase(java.util.Locale.ROOT).contains("READ ONLY"));
        }
        if (COMMIT.matcher(sql).matches()) {
            return new TransactionStatement(Kind.COMMIT, null, false);
        }
        if (ROLLBACK.matcher(sql).matches()) {
            return new TransactionStatement(Kind.ROLLBACK, null, false);
        }
        if ((m = SAVEPOINT.matcher(sql)).matches()) {
            return new TransactionStatement(Kind.SAVEPOINT, m.group(1), false);
        }
        if ((m = ROLLBACK_TO.matcher(sql)).matches()) {
            return new TransactionStatement(Kind.ROLLBACK_TO, m.group(1), false);
        }
        if ((m = RELEASE.matcher(sql)).matches()) {
            return new TransactionStatement(Kind.RELEASE, m.group(1), false);
        }
        if ((m = AUTOCOMMIT.matcher(sql)).matches()) {
            String v = m.group(1).toUpperCase(java.util.Locale.ROOT);
            boolean on = v.equals("1") || v.equals("ON") || v.equals("TRUE");
            return new TransactionStatement(on ? Kind.AUTOCOMMIT_ON : Kind.AUTOCOMMIT_OFF, null, false);
        }
        return null;
    }
}
