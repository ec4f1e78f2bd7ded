package io.splitdb.sql;

import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.JdbcParameter;

/** A {@code ?} the planner put into a backend statement, with where its value comes from. */
final class BoundParameter extends JdbcParameter {
    private final ValueSource source;

    BoundParameter(ValueSource source) {
        this.source = source;
    }

    ValueSource source() {
        return source;
    }
}
