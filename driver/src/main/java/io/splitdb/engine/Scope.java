package io.splitdb.engine;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names an expression can see: the columns of its FROM clause (in the layout of a
 * {@link Frame}'s row), the enclosing query's scope for correlated references, and, in HAVING and
 * ORDER BY, the select list's aliases. Remembers whether anything was found outside, so that a
 * subquery that needs no outer value is run once.
 */
final class Scope {
    final Execution exec;
    final List<Relation.Column> columns;
    final Scope outer;
    /** True where the query aggregates: column values come from the group's first row. */
    final boolean aggregating;
    private final Map<String, Node> aliases = new HashMap<>();
    /** Shared by a scope and its row-by-row copy. */
    private final boolean[] usesOuter;

    Scope(Execution exec, List<Relation.Column> columns, Scope outer, boolean aggregating) {
        this(exec, columns, outer, aggregating, new boolean[1]);
    }

    private Scope(Execution exec, List<Relation.Column> columns, Scope outer, boolean aggregating, boolean[] usesOuter) {
        this.exec = exec;
        this.columns = columns;
        this.outer = outer;
        this.aggregating = aggregating;
        this.usesOuter = usesOuter;
    }

    /** The same columns, evaluated row by row (inside an aggregate's argument). */
    Scope rowByRow() {
        Scope s = new Scope(exec, columns, outer, false, usesOuter);
        s.aliases.putAll(aliases);
        return s;
    }

    void alias(String name, Node node) {
        aliases.putIfAbsent(name.toLowerCase(Locale.ROOT), node);
    }

    Node alias(String name) {
        return aliases.get(name.toLowerCase(Locale.ROOT));
    }

    boolean usesOuter() {
        return usesOuter[0];
    }

    /** Where a column reference points: {@code depth} scopes out, at {@code index} of that row. */
    record Ref(int depth, int index, Relation.Column column) {
    }

    Ref resolve(String qualifier, String name, String clause) throws SQLException {
        int depth = 0;
        for (Scope s = this; s != null; s = s.outer, depth++) {
            int found = -1;
            for (int i = 0; i < s.columns.size(); i++) {
                Relation.Column c = s.columns.get(i);
                if (c.label() != null && c.label().equalsIgnoreCase(name)
                        && (qualifier == null || qualifier.equalsIgnoreCase(c.qualifier()))) {
                    if (found >= 0) {
                        throw new SQLException("Column '" + name + "' in " + clause + " is ambiguous", "23000");
                    }
                    found = i;
                }
            }
            if (found >= 0) {
                if (depth > 0) {
                    for (Scope t = this; t != s; t = t.outer) {
                        t.usesOuter[0] = true;
                    }
                }
                return new Ref(depth, found, s.columns.get(found));
            }
        }
        throw new SQLSyntaxErrorException("Unknown column '" + (qualifier == null ? "" : qualifier + ".") + name + "' in '" + clause + "'",
                "42S22");
    }
}
