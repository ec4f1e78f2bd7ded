package io.splitdb.exec;

import java.sql.SQLException;

/** Where the value of one backend {@code ?} comes from at execution time. */
@FunctionalInterface
public interface ValueSource {

    Object resolve(Object[] args) throws SQLException;

    /** The statement's argument {@code index} (0-based, in the order of its {@code ?}). */
    static ValueSource arg(int index) {
        return new Arg(index);
    }

    /** A fixed value. */
    static ValueSource constant(Object value) {
        return args -> value;
    }

    /** An argument; a record so plans can recognise it. */
    record Arg(int index) implements ValueSource {
        @Override
        public Object resolve(Object[] args) throws SQLException {
            if (index >= args.length) {
                throw new SQLException("No value specified for parameter " + (index + 1), "07001");
            }
            return args[index];
        }
    }
}
