package io.splitdb.cli;

import io.splitdb.audit.AuditEvent;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.SplitDatabase;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Puts what a DBA command did to protected values into the audit log, beside the application's
 * statements: erasing a row, re-encrypting or re-sharing a table decrypts values in the command's
 * process, and an auditor must see that too. The user is the operating-system account that ran the
 * command; the shape is the command's name, never its arguments.
 */
final class DbaAudit {

    private DbaAudit() {
    }

    /**
     * Records and writes one entry now (the command exits right after).
     *
     * @param kind at most 8 characters: {@code forget}, {@code reshare}, {@code rotate}
     * @param rowKeys {@code table:rowid} of the rows named, or empty for a whole table
     */
    static void record(SplitDatabase db, String kind, String command, TableInfo table, List<String> columns, long rows, String rowKeys)
            throws SQLException {
        if (!db.audit().enabled()) {
            return;
        }
        String touched = columns.stream().map(c -> table.name() + "." + c).collect(Collectors.joining(","));
        db.audit().record(db.audit().who(System.getProperty("user.name", ""), "splitdb " + command),
                new AuditEvent(kind, table.name(), touched, "splitdb " + command, rows, rowKeys));
        db.audit().flush(10_000);
    }

    /** The names of a table's protected columns. */
    static List<String> protectedColumns(TableInfo table) {
        return table.protectedColumns().stream().map(ColumnInfo::name).toList();
    }
}
