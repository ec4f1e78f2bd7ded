package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.ProtectedRead;
import io.splitdb.exec.Residual;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the backend query of a {@link ProtectedRead}: plain outputs, the stored column of
 * each value to decrypt, the hidden row id and version; pushed-down conditions; ORDER BY; and
 * LIMIT where the backends can apply it (no residual check can drop rows after them).
 */
final class ReadBuilder {
    private final TableInfo table;
    private final Table tableNode;
    private final List<String> plainOutputs = new ArrayList<>();
    private final List<ValueSource> plainSources = new ArrayList<>();
    private final List<ColumnInfo> decrypt = new ArrayList<>();
    private Conditions conditions = new Conditions();
    private List<OrderByElement> orderBy = List.of();
    private Limit limit;
    private Offset offset;
    private String suffix = "";

    ReadBuilder(TableInfo table, Table tableNode) {
        this.table = table;
        this.tableNode = tableNode;
    }

    /** Adds a plain output; returns its index among plain outputs. */
    int plain(Expression e, String alias) {
        String sql = BackendSqlWriter.write(e, plainSources);
        plainOutputs.add(alias == null ? sql : sql + " AS " + alias);
        return plainOutputs.size() - 1;
    }

    /** Adds a column to decrypt (once); returns its index among decrypted values. */
    int decrypt(ColumnInfo c) {
        int i = decrypt.indexOf(c);
        if (i >= 0) {
            return i;
        }
        decrypt.add(c);
        return decrypt.size() - 1;
    }

    ReadBuilder where(Conditions c) {
        this.conditions = c;
        return this;
    }

    ReadBuilder orderBy(List<OrderByElement> elements) {
        this.orderBy = elements == null ? List.of() : elements;
        return this;
    }

    ReadBuilder limit(Limit limit, Offset offset) {
        this.limit = limit;
        this.offset = offset;
        return this;
    }

    /** Text after everything else, such as FOR UPDATE. */
    ReadBuilder suffix(String suffix) {
        this.suffix = suffix == null ? "" : suffix;
        return this;
    }

    ProtectedRead build() {
        List<Residual> residuals = new ArrayList<>();
        for (Conditions.Pending p : conditions.residuals) {
            residuals.add(new Residual(p.column(), decrypt(p.column()), p.kind(), p.values()));
        }
        List<ValueSource> sources = new ArrayList<>(plainSources);
        String alias = tableNode.getAlias() != null ? tableNode.getAlias().getName() : null;
        String qualifier = alias != null ? alias + "." : "";
        List<String> items = new ArrayList<>(plainOutputs);
        for (ColumnInfo c : decrypt) {
            items.add(qualifier + quote(c.name()));
        }
        items.add(qualifier + TableInfo.ROWID);
        items.add(qualifier + TableInfo.VERSION);
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", items))
                .append(" FROM ").append(quote(table.name())).append(alias != null ? " " + alias : "");
        Expression where = Conditions.and(conditions.pushed);
        if (where != null) {
            sql.append(" WHERE ").append(BackendSqlWriter.write(where, sources));
        }
        boolean pushLimit = residuals.isEmpty() && (limit != null || offset != null);
        List<String> order = new ArrayList<>();
        for (OrderByElement o : orderBy) {
            String text = BackendSqlWriter.write(o.getExpression(), sources);
            order.add(text + (o.isAscDescPresent() ? (o.isAsc() ? " ASC" : " DESC") : ""));
        }
        if (pushLimit) {
            // both readers must cut the same rows: break ties the same way on each
            order.add(qualifier + TableInfo.ROWID);
        }
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        ValueSource driverLimit = null;
        ValueSource driverOffset = null;
        Expression rowCount = limit == null ? null : limit.getRowCount();
        Expression skip = offset != null ? offset.getOffset() : (limit == null ? null : limit.getOffset());
        if (pushLimit) {
            if (rowCount != null) {
                sql.append(" LIMIT ").append(BackendSqlWriter.write(rowCount, sources));
            } else {
                sql.append(" LIMIT ").append(Long.MAX_VALUE);
            }
            if (skip != null) {
                sql.append(" OFFSET ").append(BackendSqlWriter.write(skip, sources));
            }
        } else {
            driverLimit = rowCount == null ? null : sourceOf(rowCount);
            driverOffset = skip == null ? null : sourceOf(skip);
        }
        if (!suffix.isEmpty()) {
            sql.append(' ').append(suffix);
        }
        return new ProtectedRead(table, new BackendQuery(sql.toString(), sources), plainOutputs.size(), decrypt, residuals,
                driverLimit, driverOffset);
    }

    /** The value of a LIMIT or OFFSET operand. */
    static ValueSource sourceOf(Expression e) {
        if (e instanceof LongValue l) {
            return ValueSource.constant(l.getValue());
        }
        ValueSource s = ValueExpressions.source(e);
        return s != null ? s : ValueSource.constant(Long.MAX_VALUE);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
