package io.splitdb.exec;

import java.util.List;

/**
 * One row ready to be written: the SQL of each plain cell (in the order of the plain targets),
 * the values of their {@code ?} in order, and the value of every protected column of the table,
 * normalized, in {@link io.splitdb.catalog.TableInfo#protectedColumns()} order.
 *
 * @param cells           one per plain target
 * @param plainValues     the values of the cells' parameters, in order
 * @param protectedValues normalized values, one per protected column
 * @param generated       true if the AUTO_INCREMENT column asks the leader for a key (NULL, 0, DEFAULT, omitted)
 */
record NewRow(List<InsertPlan.Cell> cells, Object[] plainValues, Object[] protectedValues, boolean generated) {

    /** The value the row gives plain target {@code target}: its parameter's value, or null for NULL/DEFAULT. */
    Object plainValue(int target) {
        int p = 0;
        for (int j = 0; j < target; j++) {
            p += cells.get(j).params().size();
        }
        return cells.get(target).isParameter() ? plainValues[p] : null;
    }
}
