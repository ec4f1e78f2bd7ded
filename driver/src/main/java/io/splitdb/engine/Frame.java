package io.splitdb.engine;

import java.util.List;

/**
 * The row an expression is evaluated on: its values in the layout of its {@link Scope}, the rows
 * of its group when the query aggregates (null otherwise), and the frame of the enclosing query's
 * current row, for correlated subqueries.
 */
record Frame(Object[] row, List<Object[]> group, Frame outer) {

    static final Frame EMPTY = new Frame(new Object[0], null, null);

    Frame up(int depth) {
        Frame f = this;
        for (int i = 0; i < depth; i++) {
            f = f.outer;
        }
        return f;
    }
}
