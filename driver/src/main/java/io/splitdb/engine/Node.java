package io.splitdb.engine;

import io.splitdb.types.LogicalType;

import java.sql.SQLException;

/**
 * A compiled expression: its MySQL type and how to compute it on a {@link Frame}. A plain column
 * reference also keeps where it comes from, so a result column reports the declared type.
 */
final class Node {

    @FunctionalInterface
    interface Eval {
        Object eval(Frame f) throws SQLException;
    }

    /** A column of a table: its table and declared type, for result metadata. */
    record Origin(String table, String column, LogicalType type, boolean nullable) {
    }

    final Ty ty;
    final Eval eval;
    final Origin origin;
    /** True for a value that is the same on every row (literals and what is built from them only). */
    final boolean constant;

    Node(Ty ty, Eval eval) {
        this(ty, eval, null, false);
    }

    Node(Ty ty, Eval eval, Origin origin, boolean constant) {
        this.ty = ty;
        this.eval = eval;
        this.origin = origin;
        this.constant = constant;
    }

    static Node constant(Ty ty, Object value) {
        return new Node(ty, f -> value, null, true);
    }

    Object eval(Frame f) throws SQLException {
        return eval.eval(f);
    }
}
