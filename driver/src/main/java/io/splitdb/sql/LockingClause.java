package io.splitdb.sql;

import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The locking clause of a SELECT, as the backends' reads repeat it: {@code FOR UPDATE} or
 * {@code FOR SHARE}, with {@code OF t}, {@code WAIT n}, {@code NOWAIT} and {@code SKIP LOCKED}
 * kept (dropping {@code NOWAIT} would make a read wait that the application asked not to).
 */
final class LockingClause {

    private LockingClause() {
    }

    /** The clause, or null if the SELECT has none. */
    static String of(PlainSelect select) {
        if (select.getForMode() == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("FOR ").append(select.getForMode().getValue());
        if (select.getForUpdateTable() != null) {
            sb.append(" OF ").append(select.getForUpdateTable());
        }
        if (select.getWait() != null) {
            sb.append(' ').append(select.getWait().toString().trim());
        }
        if (select.isNoWait()) {
            sb.append(" NOWAIT");
        }
        if (select.isSkipLocked()) {
            sb.append(" SKIP LOCKED");
        }
        return sb.toString();
    }
}
