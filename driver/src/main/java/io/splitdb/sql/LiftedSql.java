package io.splitdb.sql;

import java.util.List;

/**
 * A statement with its value literals lifted out: {@code sql} has a {@code ?} for each slot, in
 * order. A slot is either the application's own parameter (its 1-based index) or a lifted
 * literal's value, so {@code "... WHERE id = " + id} and {@code "... WHERE id = ?"} share a plan.
 *
 * @param sql   the statement shape, the plan cache key
 * @param slots one per {@code ?} in {@code sql}
 */
public record LiftedSql(String sql, List<Slot> slots) {

    public LiftedSql {
        slots = List.copyOf(slots);
    }

    /** How many {@code ?} the application wrote (its parameter count). */
    public int userParameterCount() {
        return (int) slots.stream().filter(s -> s instanceof UserParameter).count();
    }

    /** Builds the argument array for one execution: user values by index, literals as lifted. */
    public Object[] arguments(Object[] userValues) {
        Object[] args = new Object[slots.size()];
        for (int i = 0; i < args.length; i++) {
            Slot slot = slots.get(i);
            args[i] = slot instanceof UserParameter p ? userValues[p.index() - 1] : ((Literal) slot).value();
        }
        return args;
    }

    /** A {@code ?} position. */
    public sealed interface Slot permits UserParameter, Literal {
    }

    /** The application's {@code ?} number {@code index} (1-based). */
    public record UserParameter(int index) implements Slot {
    }

    /** A literal from the statement text: a String, Long, BigDecimal or Double. */
    public record Literal(Object value) implements Slot {
    }
}
