package io.splitdb.engine;

import java.util.List;

/**
 * Rows computed in the driver and the columns that describe them.
 *
 * @param columns one per value of each row
 * @param rows    the rows; each array has {@code columns.size()} values
 */
record Relation(List<Column> columns, List<Object[]> rows) {

    /**
     * One column: its label (alias or the expression as written), the qualifier that names it
     * in an enclosing query (table alias), its type, and the table column it comes from, if any.
     */
    record Column(String label, String qualifier, Ty ty, Node.Origin origin) {
    }
}
