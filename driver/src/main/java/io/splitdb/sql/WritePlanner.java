package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.engine.EngineWritePlan;
import io.splitdb.exec.InsertPlan;
import io.splitdb.exec.Plan;
import io.splitdb.exec.ProtectedWritePlan;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Plans UPDATE and DELETE on one table where protected columns are set or tested. */
final class WritePlanner {

    private WritePlanner() {
    }

    static Plan update(SplitDatabase db, Update update, String sql) throws SQLException {
        try {
            return updateByKeys(db, update, sql);
        } catch (java.sql.SQLFeatureNotSupportedException backendsCannot) {
            TableInfo table = db.catalog().table(update.getTable().getName());
            if (table == null || !table.hasProtectedColumns() || !single(update.getJoins(), update.getStartJoins()) || update.getFromItem() != null) {
                throw backendsCannot;
            }
            List<Column> columns = new ArrayList<>();
            List<Expression> values = new ArrayList<>();
            for (UpdateSet set : update.getUpdateSets()) {
                if (set.getColumns().size() != set.getValues().size()) {
                    throw backendsCannot;
                }
                for (int i = 0; i < set.getColumns().size(); i++) {
                    if (ValueExpressions.isDefault((Expression) set.getValues().get(i))) {
                        throw backendsCannot;
                    }
                    columns.add(set.getColumns().get(i));
                    values.add((Expression) set.getValues().get(i));
                }
            }
            return new EngineWritePlan(table, qualifier(update.getTable()), EnginePlanner.scanForWrite(db, update.getTable(), update.getWhere(), sql),
                    update.getWhere(), columns, values, update.getOrderByElements(), update.getLimit(), sql);
        }
    }

    private static Plan updateByKeys(SplitDatabase db, Update update, String sql) throws SQLException {
        Table tableNode = update.getTable();
        TableInfo table = db.catalog().table(tableNode.getName());
        if (table == null || (update.getJoins() != null && !update.getJoins().isEmpty())
                || (update.getStartJoins() != null && !update.getStartJoins().isEmpty()) || update.getFromItem() != null) {
            throw Unsupported.of("multi-table UPDATE involving protected columns", sql);
        }
        List<ColumnInfo> protectedColumns = table.protectedColumns();
        List<ColumnInfo> plainColumns = new ArrayList<>();
        List<InsertPlan.Cell> plainCells = new ArrayList<>();
        Map<Integer, ValueSource> protectedSets = new HashMap<>();
        for (UpdateSet set : update.getUpdateSets()) {
            if (set.getColumns().size() != set.getValues().size()) {
                throw Unsupported.of("UPDATE SET (a, b) = (subquery)", sql);
            }
            for (int i = 0; i < set.getColumns().size(); i++) {
                Column column = set.getColumns().get(i);
                Expression value = (Expression) set.getValues().get(i);
                ColumnInfo info = table.column(column.getColumnName());
                if (info == null) {
                    throw new SQLSyntaxErrorException("Unknown column '" + TableInfo.unquote(column.getColumnName()) + "' in 'field list'", "42S22", 1054);
                }
                if (info.isProtected()) {
                    ValueSource v = ValueExpressions.isDefault(value) ? InsertPlanner.defaultOf(table, info, sql) : ValueExpressions.source(value);
                    if (v == null) {
                        throw Unsupported.of("setting protected column " + table.name() + "." + info.name() + " to the expression '" + value
                                + "' (use a literal or a parameter)", sql);
                    }
                    protectedSets.put(protectedColumns.indexOf(info), v);
                } else {
                    ColumnInfo inside = Conditions.protectedIn(db, table, value);
                    if (inside != null) {
                        throw Unsupported.of("an expression over protected column " + table.name() + "." + inside.name() + " in SET", sql);
                    }
                    List<ValueSource> sources = new ArrayList<>();
                    plainCells.add(new InsertPlan.Cell(BackendSqlWriter.write(value, sources), sources));
                    plainColumns.add(info);
                }
            }
        }
        ReadBuilder read = new ReadBuilder(table, tableNode);
        // an UPDATE re-seals every protected value of the row under its new version
        protectedColumns.forEach(read::decrypt);
        read.where(Conditions.analyse(db, table, update.getWhere(), sql))
                .orderBy(update.getOrderByElements())
                .limit(update.getLimit(), null);
        return ProtectedWritePlan.update(read.build(), plainColumns, plainCells, protectedSets);
    }

    static Plan delete(SplitDatabase db, Delete delete, String sql) throws SQLException {
        try {
            return deleteByKeys(db, delete, sql);
        } catch (java.sql.SQLFeatureNotSupportedException backendsCannot) {
            Table tableNode = delete.getTable();
            TableInfo table = tableNode == null ? null : db.catalog().table(tableNode.getName());
            if (table == null || !table.hasProtectedColumns() || (delete.getTables() != null && !delete.getTables().isEmpty()) || !single(delete.getJoins(), null)
                    || (delete.getUsingList() != null && !delete.getUsingList().isEmpty())) {
                throw backendsCannot;
            }
            return new EngineWritePlan(table, qualifier(tableNode), EnginePlanner.scanForWrite(db, tableNode, delete.getWhere(), sql),
                    delete.getWhere(), List.of(), List.of(), delete.getOrderByElements(), delete.getLimit(), sql);
        }
    }

    private static boolean single(List<?> joins, List<?> startJoins) {
        return (joins == null || joins.isEmpty()) && (startJoins == null || startJoins.isEmpty());
    }

    private static String qualifier(Table t) {
        return TableInfo.unquote(t.getAlias() != null ? t.getAlias().getName() : t.getName());
    }

    private static Plan deleteByKeys(SplitDatabase db, Delete delete, String sql) throws SQLException {
        Table tableNode = delete.getTable();
        TableInfo table = tableNode == null ? null : db.catalog().table(tableNode.getName());
        if (table == null || (delete.getTables() != null && !delete.getTables().isEmpty())
                || (delete.getJoins() != null && !delete.getJoins().isEmpty())
                || (delete.getUsingList() != null && !delete.getUsingList().isEmpty())) {
            throw Unsupported.of("multi-table DELETE involving protected columns", sql);
        }
        ReadBuilder read = new ReadBuilder(table, tableNode);
        read.where(Conditions.analyse(db, table, delete.getWhere(), sql))
                .orderBy(delete.getOrderByElements())
                .limit(delete.getLimit(), null);
        return ProtectedWritePlan.delete(read.build());
    }
}
