package io.splitdb.exec;

import io.splitdb.catalog.Catalog;

import java.sql.SQLException;
import java.util.List;

/** DROP TABLE on all three backends, and the table's catalog rows with it. */
public final class DropTablePlan implements Plan {
    private final List<String> tables;
    private final boolean ifExists;
    private final String suffix;

    /**
     * @param suffix what followed the table names (RESTRICT, CASCADE), passed through
     */
    public DropTablePlan(List<String> tables, boolean ifExists, String suffix) {
        this.tables = List.copyOf(tables);
        this.ifExists = ifExists;
        this.suffix = suffix;
    }

    @Override
    public ExecResult execute(SplitDatabase db, Object[] args) throws SQLException {
        List<String> split = tables.stream()
                .filter(t -> db.catalog().table(t) != null && db.catalog().table(t).hasProtectedColumns()).toList();
        try (WriteTransaction tx = WriteTransaction.beginSchemaChange(db)) {
            tx.onAll((c, b) -> {
                StringBuilder sql = new StringBuilder("DROP TABLE ").append(ifExists ? "IF EXISTS " : "");
                for (int i = 0; i < tables.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(InsertPlan.quote(tables.get(i)));
                }
                CreateTablePlan.run(c, sql.append(suffix).toString());
                for (String t : tables) {
                    Catalog.deleteRows(c, t);
                }
                return null;
            });
            tx.commit();
        }
        for (String t : tables) {
            db.catalog().remove(t);
        }
        db.plans().clear();
        split.forEach(io.splitdb.audit.AuditCapture::changedSchema);
        return ExecResult.update(0);
    }

    @Override
    public boolean isQuery() {
        return false;
    }
}
