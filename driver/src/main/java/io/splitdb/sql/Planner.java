package io.splitdb.sql;

import io.splitdb.catalog.TableInfo;
import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.BroadcastPlan;
import io.splitdb.exec.DropTablePlan;
import io.splitdb.exec.Plan;
import io.splitdb.exec.ReadOnePlan;
import io.splitdb.exec.SplitDatabase;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one statement into a {@link Plan}: statements that touch no protected value go to the
 * backends as written (one for reads, all three for writes); the rest are planned by the
 * statement's kind; what the driver cannot do fails with SQLState 0A000.
 */
public final class Planner {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_$]+");
    private static final Pattern DROP_TABLES = Pattern.compile(
            "\\s*DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?((?:`?[A-Za-z0-9_$]+`?\\s*,\\s*)*`?[A-Za-z0-9_$]+`?)\\s*(?:RESTRICT|CASCADE)?\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE);

    private Planner() {
    }

    /**
     * Plans a statement. {@code lifted.sql()} is parsed; if it does not parse (a literal that
     * should have stayed put), {@code original} is tried before giving up.
     *
     * @return the plan, and the slots its arguments come from
     */
    public static Planned plan(SplitDatabase db, LiftedSql lifted, String original) throws SQLException {
        Statement statement;
        LiftedSql used = lifted;
        try {
            statement = SqlParser.parse(lifted.sql());
        } catch (JSQLParserException first) {
            LiftedSql unlifted = unlifted(original);
            try {
                statement = SqlParser.parse(original);
                used = unlifted;
            } catch (JSQLParserException second) {
                return new Planned(unparsed(db, unlifted), unlifted, false);
            }
        }
        boolean known = References.of(statement).tables.stream().allMatch(t -> db.catalog().table(t.getName()) != null);
        return new Planned(plan(db, statement, used), used, known);
    }

    /**
     * A plan and the slots (user parameters and lifted literals) its {@code ?} are filled from.
     * Plans that name a table the catalog does not know are not cached: the table may be created
     * by another driver instance later, and must then not be treated as plain.
     */
    public record Planned(Plan plan, LiftedSql slots, boolean cacheable) {
        public Planned(Plan plan, LiftedSql slots) {
            this(plan, slots, true);
        }
    }

    static Plan plan(SplitDatabase db, Statement statement, LiftedSql lifted) throws SQLException {
        String sql = lifted.sql();
        BackendQuery asWritten = asWritten(lifted);
        Plan logical = logicalShow(db, sql, asWritten);
        if (logical != null) {
            return logical;
        }
        if (statement instanceof Select select && InformationSchemaColumns.mentions(sql)
                && InformationSchemaColumns.rewrite(db, select)) {
            return new ReadOnePlan(BackendSqlWriter.write(select));
        }
        if (LISTS_TABLES.matcher(sql).matches()) {
            return new ReadOnePlan(asWritten, true);  // JSqlParser reads SHOW TABLE STATUS as an UnsupportedStatement
        }
        if (statement instanceof CreateTable create) {
            return CreateTablePlanner.plan(db, create, sql);
        }
        if (statement instanceof Drop drop && "TABLE".equalsIgnoreCase(drop.getType())) {
            return dropTable(db, drop, sql);
        }
        References refs = References.of(statement);
        db.refreshIfManaged(refs.tables.stream().map(t -> TableInfo.unquote(t.getName()))
                .filter(n -> db.catalog().table(n) == null).distinct().toList());
        boolean touchesProtected = refs.touchesProtected(db.catalog(), sql);
        if (statement instanceof Insert insert) {
            TableInfo target = db.catalog().table(insert.getTable().getName());
            if (needsDriver(target, touchesProtected, insert.getSelect())) {
                return InsertPlanner.insert(db, insert, target, sql, lifted.slots().size());
            }
            return plainWrite(asWritten, touchesProtected, sql);
        }
        if (statement instanceof Upsert upsert) {
            TableInfo target = db.catalog().table(upsert.getTable().getName());
            if (needsDriver(target, touchesProtected, upsert.getSelect())) {
                return InsertPlanner.replace(db, upsert, target, sql, lifted.slots().size());
            }
            return plainWrite(asWritten, touchesProtected, sql);
        }
        if (statement instanceof Select select) {
            return query(db, select, sql, touchesProtected ? null : asWritten);
        }
        if (statement instanceof Update update) {
            return touchesProtected ? WritePlanner.update(db, update, sql) : plainWrite(asWritten, false, sql);
        }
        if (statement instanceof Delete delete) {
            return touchesProtected ? WritePlanner.delete(db, delete, sql) : plainWrite(asWritten, false, sql);
        }
        if (statement instanceof ShowStatement || statement instanceof ShowTablesStatement || statement instanceof ShowColumnsStatement
                || statement instanceof DescribeStatement || statement instanceof ExplainStatement) {
            if (!refs.protectedTables(db.catalog()).isEmpty()) {
                throw Unsupported.of("SHOW/DESCRIBE/EXPLAIN of a table with protected columns (use DatabaseMetaData)", sql);
            }
            return new ReadOnePlan(asWritten, statement instanceof ShowTablesStatement);
        }
        if (statement instanceof CreateIndex createIndex && db.catalog().table(createIndex.getTable().getName()) != null
                && lifted.slots().isEmpty()) {
            return IndexPlanner.createIndex(createIndex, db.catalog().table(createIndex.getTable().getName()), sql);
        }
        if (statement instanceof Drop drop && "INDEX".equalsIgnoreCase(drop.getType()) && lifted.slots().isEmpty()) {
            return new BroadcastPlan(asWritten, false);  // index names are the same on every backend
        }
        if (statement instanceof Alter alter && alter.getTable() != null && db.catalog().table(alter.getTable().getName()) != null) {
            return AlterTablePlanner.plan(db, alter, db.catalog().table(alter.getTable().getName()), sql);
        }
        if (statement instanceof Alter || statement instanceof CreateIndex) {
            if (!refs.protectedTables(db.catalog()).isEmpty() || managed(db, refs)) {
                throw Unsupported.of("ALTER TABLE / CREATE INDEX on a table splitdb manages (not yet)", sql);
            }
            return new BroadcastPlan(asWritten, false);
        }
        if (statement instanceof Truncate) {
            return new BroadcastPlan(asWritten, false);
        }
        if (!refs.protectedTables(db.catalog()).isEmpty()) {
            throw Unsupported.of("this kind of statement on a table with protected columns", sql);
        }
        return new BroadcastPlan(asWritten, false);
    }

    /**
     * True if an INSERT or REPLACE must go through the driver: its target has protected columns or
     * AUTO_INCREMENT keys the leader hands out, or it copies rows from a SELECT that reads
     * protected columns into a table splitdb knows.
     */
    private static boolean needsDriver(TableInfo target, boolean touchesProtected, Select source) {
        if (target == null) {
            return false;
        }
        return target.hasProtectedColumns() || target.autoIncrementColumn() != null
                || (touchesProtected && source != null && !(source instanceof net.sf.jsqlparser.statement.select.Values));
    }

    /** Plans a query on its own (also the SELECT of INSERT ... SELECT). */
    static Plan query(SplitDatabase db, Select select, String sql) throws SQLException {
        boolean touchesProtected = References.of((Statement) select).touchesProtected(db.catalog(), select.toString());
        return query(db, select, sql, touchesProtected ? null : BackendSqlWriter.write(select));
    }

    /** @param asWritten the query's backend text if it reads no protected column, else null */
    private static Plan query(SplitDatabase db, Select select, String sql, BackendQuery asWritten) throws SQLException {
        if (asWritten != null) {
            return new ReadOnePlan(asWritten);
        }
        try {
            return SelectPlanner.plan(db, select, sql);
        } catch (java.sql.SQLFeatureNotSupportedException pushdownCannot) {
            // what the backends cannot answer over shares, the driver evaluates on decrypted rows
            return EnginePlanner.plan(db, select, sql);
        }
    }

    /** SHOW [FULL] TABLES and SHOW TABLE STATUS: rows naming splitdb's own tables are left out. */
    private static final Pattern LISTS_TABLES = Pattern.compile("(?is)(?:\\s|/\\*.*?\\*/)*SHOW\\s+(?:FULL\\s+)?(?:TABLES|TABLE\\s+STATUS)\\b.*");
    private static final Pattern SHOW_TABLE = Pattern.compile(
            "(?is)(?:\\s|/\\*.*?\\*/)*(?:(DESCRIBE|DESC|EXPLAIN)\\s+|SHOW\\s+(?:FULL\\s+)?(?:COLUMNS|FIELDS)\\s+(?:FROM|IN)\\s+"
                    + "|SHOW\\s+(?:EXTENDED\\s+)?(INDEX|INDEXES|KEYS)\\s+(?:FROM|IN)\\s+|SHOW\\s+(CREATE)\\s+TABLE\\s+)"
                    + "`?([A-Za-z0-9_$]+)`?(\\s.*)?;?\\s*");

    /** DESCRIBE / SHOW COLUMNS / SHOW INDEX / SHOW CREATE TABLE of a table with protected columns: its logical schema. */
    private static Plan logicalShow(SplitDatabase db, String sql, BackendQuery asWritten) {
        Matcher m = SHOW_TABLE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        TableInfo table = db.catalog().table(m.group(4));
        if (table == null || !table.hasProtectedColumns()) {
            return null;
        }
        if (m.group(1) != null && m.group(5) != null && !m.group(5).isBlank() && !m.group(5).trim().matches("(?i)`?[A-Za-z0-9_$]+`?;?")) {
            return null;  // EXPLAIN SELECT ..., not EXPLAIN t
        }
        return new io.splitdb.exec.LogicalShowPlan(asWritten, table, m.group(2) != null ? io.splitdb.exec.LogicalShowPlan.Kind.INDEXES
                : m.group(3) != null ? io.splitdb.exec.LogicalShowPlan.Kind.CREATE : io.splitdb.exec.LogicalShowPlan.Kind.COLUMNS);
    }

    private static boolean managed(SplitDatabase db, References refs) {
        return refs.tables.stream().anyMatch(t -> db.catalog().table(t.getName()) != null);
    }

    private static Plan plainWrite(BackendQuery asWritten, boolean touchesProtected, String sql) throws SQLException {
        if (touchesProtected) {
            throw Unsupported.of("reading protected columns inside this write", sql);
        }
        return new BroadcastPlan(asWritten, false);
    }

    /** The statement text as the application wrote it (literals lifted), each ? taking its argument in turn. */
    private static BackendQuery asWritten(LiftedSql lifted) {
        List<io.splitdb.exec.ValueSource> sources = new ArrayList<>();
        for (int i = 0; i < lifted.slots().size(); i++) {
            sources.add(io.splitdb.exec.ValueSource.arg(i));
        }
        return new BackendQuery(lifted.sql(), sources);
    }

    private static Plan dropTable(SplitDatabase db, Drop drop, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        List<Table> tables = drop.getNames() != null && !drop.getNames().isEmpty() ? drop.getNames() : List.of(drop.getName());
        for (Table t : tables) {
            names.add(nameOf(db, t));
        }
        return new DropTablePlan(names, drop.isIfExists(), "");
    }

    private static String nameOf(SplitDatabase db, Table t) {
        TableInfo info = db.catalog().table(t.getName());
        return info != null ? info.name() : TableInfo.unquote(t.getName());
    }

    /**
     * A statement JSqlParser cannot read passes through only if a plain token scan shows it names
     * no table with protected columns; otherwise it fails closed.
     */
    private static Plan unparsed(SplitDatabase db, LiftedSql lifted) throws SQLException {
        String sql = lifted.sql();
        Plan logical = logicalShow(db, sql, asWritten(lifted));
        if (logical != null) {
            return logical;
        }
        Matcher drop = DROP_TABLES.matcher(sql);
        if (drop.matches()) {
            // JSqlParser 5.3 reads only one table per DROP TABLE
            List<String> names = new ArrayList<>();
            for (String name : drop.group(2).split(",")) {
                names.add(nameOf(db, new Table(name.trim())));
            }
            return new DropTablePlan(names, drop.group(1) != null, "");
        }
        Matcher m = WORD.matcher(sql.replace("`", ""));
        while (m.find()) {
            TableInfo t = db.catalog().table(m.group());
            if (t != null && t.hasProtectedColumns()) {
                throw Unsupported.of("a statement the SQL parser cannot read, on table " + t.name() + " with protected columns", sql);
            }
        }
        String first = sql.stripLeading().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        boolean read = List.of("SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "WITH", "(").contains(first);
        return read ? new ReadOnePlan(asWritten(lifted), LISTS_TABLES.matcher(sql).matches()) : new BroadcastPlan(asWritten(lifted), false);
    }

    private static LiftedSql unlifted(String original) {
        return LiteralLifter.parametersOnly(original);
    }
}
