package io.splitdb.exec;

import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * CREATE TABLE: the physical table (share and blind-index columns, hidden row id and version) on
 * all three backends, then the logical columns in the catalog. MySQL DDL is not transactional, so
 * a backend that fails makes the driver drop what the others created.
 */
public final class CreateTablePlan implements Plan {
    private final TableInfo table;
    private final String physicalDdl;
    private final boolean ifNotExists;

    public CreateTablePlan(TableInfo table, String physicalDdl, boolean ifNotExists) {
        this.table = table;
        this.physicalDdl = physicalDdl;
        this.ifNotExists = ifNotExists;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        if (ifNotExists && db.catalog().table(table.name()) != null) {
            return ExecResult.update(0);
        }
        List<Integer> created = new ArrayList<>();
        try (WriteTransaction tx = WriteTransaction.beginSchemaChange(db)) {
            try {
                tx.onAll((c, b) -> {
                    run(c, physicalDdl);
                    synchronized (created) {
                        created.add(b);
                    }
                    return null;
                });
                tx.onAll((c, b) -> {
                    Catalog.deleteRows(c, table.name());
                    Catalog.insertRows(c, table);
                    return null;
                });
                tx.commit();
            } catch (SQLException e) {
                for (int b : created) {
                    try {
                        tx.on(b, (c, i) -> {
                            run(c, "DROP TABLE IF EXISTS " + InsertPlan.quote(table.name()));
                            return null;
                        });
                    } catch (SQLException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
        db.catalog().put(table);
        db.plans().clear();
        if (table.hasProtectedColumns()) {
            io.splitdb.audit.AuditCapture.changedSchema(table.name());
        }
        return ExecResult.update(0);
    }

    static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The DDL sent to each backend (for tests and {@code EXPLAIN}-like tooling). */
    public String physicalDdl() {
        return physicalDdl;
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
