package io.splitdb.exec;

import java.sql.SQLTransientException;

/**
 * A write found a row at another version than the one it read (a concurrent writer, or a
 * {@code splitdb rotate-keys}/{@code reshare} batch, re-sealed it in between). Nothing was
 * written; in auto-commit the driver runs the statement again, as MySQL would have waited for the
 * row lock and then applied the statement to the new row.
 */
public final class RowChanged extends SQLTransientException {
    private static final long serialVersionUID = 1L;

    RowChanged(String message) {
        super(message, "40001");
    }
}
