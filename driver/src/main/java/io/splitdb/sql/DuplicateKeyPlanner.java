package io.splitdb.sql;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.InsertPlan;
import io.splitdb.exec.OnDuplicateKey;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.UniqueKeys;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans {@code ON DUPLICATE KEY UPDATE} on a managed table (executed by {@link OnDuplicateKey}).
 *
 * <p>Duplicates are found through the table's PRIMARY KEY and UNIQUE keys, which hold plain
 * columns only: CREATE TABLE refuses UNIQUE on a protected column, since a truncated blind index
 * cannot back a unique index and the driver cannot enforce uniqueness on its own without locking
 * every write. The new row's value of each key column must therefore be known to the driver (a
 * literal, a parameter, NULL or DEFAULT).
 *
 * <p>Protected columns may be set to {@code VALUES(col)}, a literal, a parameter or DEFAULT; plain
 * columns to any expression over plain columns (run by the backends as written), or to
 * {@code VALUES(protected col)}. Other expressions over protected values fail closed.
 */
final class DuplicateKeyPlanner {

    private DuplicateKeyPlanner() {
    }

    /**
     * @param plainTargets the plain columns the INSERT writes (the AUTO_INCREMENT one included)
     * @param templates    the VALUES rows' plain cells, or empty for INSERT ... SELECT (every cell a parameter)
     * @param argCount     how many arguments the statement has
     */
    static OnDuplicateKey plan(SplitDatabase db, TableInfo table, List<ColumnInfo> plainTargets, List<List<InsertPlan.Cell>> templates,
                               List<UpdateSet> sets, String sql, int argCount) throws SQLException {
        List<List<OnDuplicateKey.KeyPart>> keys = new ArrayList<>();
        for (UniqueKeys.Key key : UniqueKeys.of(db, table)) {
            List<OnDuplicateKey.KeyPart> parts = new ArrayList<>();
            for (String name : key.columns()) {
                ColumnInfo c = table.column(name);
                if (c == null || c.isProtected() || key.prefixed()) {
                    throw Unsupported.of("ON DUPLICATE KEY UPDATE on " + table.name() + ", whose unique key " + key.name()
                            + " the driver cannot check (" + (key.prefixed() ? "a prefix key" : "column " + name) + ")", sql);
                }
                int target = plainTargets.indexOf(c);
                ValueSource omitted = InsertPlanner.literalDefault(c);
                if (omitted == null && (target < 0 || anyCell(templates, target, "DEFAULT"))) {
                    throw Unsupported.of("ON DUPLICATE KEY UPDATE on " + table.name() + " where unique key column " + c.name()
                            + " takes its non-literal DEFAULT", sql);
                }
                for (List<InsertPlan.Cell> row : target < 0 ? List.<List<InsertPlan.Cell>>of() : templates) {
                    InsertPlan.Cell cell = row.get(target);
                    if (!isValue(cell) && !"DEFAULT".equalsIgnoreCase(cell.sql())) {
                        throw Unsupported.of("ON DUPLICATE KEY UPDATE on " + table.name() + " with the expression '" + cell.sql()
                                + "' as the value of unique key column " + c.name() + " (use a literal or a parameter)", sql);
                    }
                }
                parts.add(new OnDuplicateKey.KeyPart(c, target, omitted == null ? ValueSource.constant(null) : omitted));
            }
            keys.add(parts);
        }
        List<ColumnInfo> protectedColumns = table.protectedColumns();
        List<String> plainSets = new ArrayList<>();
        List<ValueSource> plainParams = new ArrayList<>();
        List<Integer> rowRefs = new ArrayList<>();
        Map<Integer, OnDuplicateKey.Operand> protectedSets = new LinkedHashMap<>();
        for (UpdateSet set : sets) {
            if (set.getColumns().size() != set.getValues().size()) {
                throw Unsupported.of("ON DUPLICATE KEY UPDATE (a, b) = (...)", sql);
            }
            for (int i = 0; i < set.getColumns().size(); i++) {
                ColumnInfo c = InsertPlanner.column(table, set.getColumns().get(i));
                Expression value = set.getValue(i);
                ColumnInfo valuesOf = valuesArgument(table, value);
                if (c.isProtected()) {
                    protectedSets.remove(protectedColumns.indexOf(c));  // a later assignment wins
                    OnDuplicateKey.Operand operand = protectedOperand(table, c, value, valuesOf, plainTargets, templates, sql);
                    if (operand != null) {
                        protectedSets.put(protectedColumns.indexOf(c), operand);
                    }
                } else if (valuesOf != null && valuesOf.isProtected()) {
                    plainSets.add(quote(c) + " = ?");
                    plainParams.add(ValueSource.arg(argCount + rowRefs.size()));
                    rowRefs.add(protectedColumns.indexOf(valuesOf));
                } else {
                    ColumnInfo inside = Conditions.protectedIn(db, table, value);
                    if (inside != null) {
                        throw Unsupported.of("the expression '" + value + "' over protected column " + table.name() + "." + inside.name()
                                + " in ON DUPLICATE KEY UPDATE", sql);
                    }
                    plainSets.add(quote(c) + " = " + BackendSqlWriter.write(value, plainParams));
                }
            }
        }
        return new OnDuplicateKey(table, keys, String.join(", ", plainSets), plainParams, argCount, rowRefs, protectedSets);
    }

    /** Where protected column {@code c}'s new value comes from; null for {@code c = c} (no change). */
    private static OnDuplicateKey.Operand protectedOperand(TableInfo table, ColumnInfo c, Expression value, ColumnInfo valuesOf,
                                                           List<ColumnInfo> plainTargets, List<List<InsertPlan.Cell>> templates,
                                                           String sql) throws SQLException {
        if (valuesOf != null) {
            if (valuesOf.isProtected()) {
                return new OnDuplicateKey.FromRow(table.protectedColumns().indexOf(valuesOf));
            }
            int target = plainTargets.indexOf(valuesOf);
            if (target < 0 || valuesOf.autoIncrement() || templates.stream().anyMatch(row -> !isValue(row.get(target)))) {
                throw Unsupported.of("setting protected column " + table.name() + "." + c.name() + " to VALUES(" + valuesOf.name()
                        + ") where the row's " + valuesOf.name() + " is not a literal or parameter", sql);
            }
            return new OnDuplicateKey.FromTarget(target);
        }
        if (ValueExpressions.isDefault(value)) {
            return new OnDuplicateKey.FromArgs(InsertPlanner.defaultOf(table, c, sql));
        }
        if (value instanceof Column same && same.getTable() == null && c.equals(table.column(same.getColumnName()))) {
            return null;
        }
        ValueSource source = ValueExpressions.source(value);
        if (source == null) {
            throw Unsupported.of("setting protected column " + table.name() + "." + c.name() + " to the expression '" + value
                    + "' in ON DUPLICATE KEY UPDATE (use VALUES(col), a literal or a parameter)", sql);
        }
        return new OnDuplicateKey.FromArgs(source);
    }

    /** The column {@code x} of {@code VALUES(x)} (or MariaDB's {@code VALUE(x)}); null for any other expression. */
    private static ColumnInfo valuesArgument(TableInfo table, Expression e) throws SQLException {
        if (e instanceof Function f && ("VALUES".equalsIgnoreCase(f.getName()) || "VALUE".equalsIgnoreCase(f.getName()))
                && f.getParameters() != null && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column x) {
            return InsertPlanner.column(table, x);
        }
        return null;
    }

    private static boolean isValue(InsertPlan.Cell cell) {
        return ("?".equals(cell.sql()) && cell.params().size() == 1) || "NULL".equalsIgnoreCase(cell.sql());
    }

    private static boolean anyCell(List<List<InsertPlan.Cell>> templates, int target, String sql) {
        return target >= 0 && templates.stream().anyMatch(row -> sql.equalsIgnoreCase(row.get(target).sql()));
    }

    private static String quote(ColumnInfo c) {
        return ReadBuilder.quote(c.name());
    }
}
