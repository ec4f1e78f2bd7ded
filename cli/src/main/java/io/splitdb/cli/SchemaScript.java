package io.splitdb.cli;

import io.splitdb.catalog.TableInfo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a schema script creates, read before anything runs, so that {@code splitdb init} can refuse a
 * script that would stop halfway (a table that exists already, a policy entry the script does not
 * create) instead of leaving some of its tables created.
 */
final class SchemaScript {
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^CREATE\\s+(?:TEMPORARY\\s+)?TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(?:(?:`[^`]+`|\\w+)\\s*\\.\\s*)?(`[^`]+`|\\w+)",
            Pattern.CASE_INSENSITIVE);

    /** A CREATE TABLE of the script: its statement, table, whether it says IF NOT EXISTS, and its columns (lower case; empty if unknown). */
    private static final Pattern DROP_TABLE = Pattern.compile("^DROP\\s+(?:TEMPORARY\\s+)?TABLES?\\s+(?:IF\\s+EXISTS\\s+)?(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    record CreatedTable(SqlScript.Statement statement, String name, boolean ifNotExists, Set<String> columns) {
    }

    final List<SqlScript.Statement> statements;
    /** Lower-cased table name to its CREATE TABLE. */
    final Map<String, CreatedTable> created = new LinkedHashMap<>();

    private SchemaScript(List<SqlScript.Statement> statements) {
        this.statements = statements;
    }

    static SchemaScript of(List<SqlScript.Statement> statements) {
        SchemaScript script = new SchemaScript(statements);
        for (SqlScript.Statement s : statements) {
            CreatedTable t = createdTable(s);
            if (t != null) {
                script.created.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t);
            }
        }
        return script;
    }

    /** The table a statement creates, or null if it is no CREATE TABLE. */
    /** True if a DROP TABLE before statement {@code before} drops {@code table} (as mysqldump writes before each CREATE TABLE). */
    boolean dropsBefore(String table, int before) {
        for (SqlScript.Statement s : statements) {
            if (s.number() >= before) {
                return false;
            }
            Matcher m = DROP_TABLE.matcher(s.sql());
            if (m.find()) {
                for (String name : m.group(1).split(",")) {
                    String n = name.trim();
                    int dot = n.lastIndexOf('.');
                    n = dot >= 0 ? n.substring(dot + 1) : n;
                    if (TableInfo.unquote(n.replaceAll("\\s+(CASCADE|RESTRICT)$", "")).equalsIgnoreCase(table)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static CreatedTable createdTable(SqlScript.Statement s) {
        Matcher m = CREATE_TABLE.matcher(s.sql());
        if (!m.find()) {
            return null;
        }
        String name = TableInfo.unquote(m.group(2));
        return new CreatedTable(s, name, m.group(1) != null, columns(s.sql()));
    }

    /** The columns a CREATE TABLE declares, or an empty set when JSqlParser cannot read it (the driver will say why). */
    private static Set<String> columns(String sql) {
        Set<String> columns = new LinkedHashSet<>();
        try {
            if (CCJSqlParserUtil.parse(sql) instanceof CreateTable create && create.getColumnDefinitions() != null) {
                for (ColumnDefinition d : create.getColumnDefinitions()) {
                    columns.add(TableInfo.unquote(d.getColumnName()).toLowerCase(Locale.ROOT));
                }
            }
        } catch (Exception | StackOverflowError e) {
            // the driver parses it again when it runs and reports what it cannot read
        }
        return columns;
    }
}
