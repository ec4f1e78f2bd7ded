package io.splitdb.exec;

import java.util.List;

/**
 * A fully read result: its columns and rows of Java values as MySQL Connector/J's
 * {@code getObject} returns them.
 */
public record RowSet(List<ResultColumn> columns, List<Object[]> rows) {

    public RowSet {
        columns = List.copyOf(columns);
    }
}
