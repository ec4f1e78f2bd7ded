package io.splitdb.sql;

import io.splitdb.exec.ExecResult;
import io.splitdb.exec.Plan;
import io.splitdb.exec.SplitDatabase;

import java.sql.SQLException;

/**
 * Finds the plan for a statement: from the plan cache by statement shape, or by planning it
 * (and caching the result). A shape whose lifted form does not parse is remembered as such, and
 * its statements are then planned from their text as written.
 */
public final class Preparer {
    private static final String RAW = "\u0000raw\u0000";
    /** Marks a shape whose literals must stay in place. */
    private static final Plan UNLIFTABLE = new Plan() {
        @Override
        public ExecResult execute(SplitDatabase db, Object[] args) {
            throw new IllegalStateException("marker plan");
        }

        @Override
        public boolean isQuery() {
            return false;
        }
    };

    private Preparer() {
    }

    /** The plan for {@code sql}, whose lifted form is {@code lifted}. */
    public static Planner.Planned prepare(SplitDatabase db, String sql, LiftedSql lifted) throws SQLException {
        PlanCache cache = db.plans();
        Plan hit = cache.get(lifted.sql());
        if (hit != null && hit != UNLIFTABLE) {
            return new Planner.Planned(hit, lifted);
        }
        if (hit == UNLIFTABLE) {
            LiftedSql raw = LiteralLifter.parametersOnly(sql);
            Plan rawPlan = cache.get(RAW + sql);
            if (rawPlan != null) {
                return new Planner.Planned(rawPlan, raw);
            }
            Planner.Planned planned = Planner.plan(db, raw, sql);
            if (planned.cacheable()) {
                cache.put(RAW + sql, planned.plan());
            }
            return planned;
        }
        Planner.Planned planned = Planner.plan(db, lifted, sql);
        if (!planned.cacheable()) {
            return planned;
        }
        if (planned.slots() == lifted) {
            cache.put(lifted.sql(), planned.plan());
        } else {
            cache.put(lifted.sql(), UNLIFTABLE);
            cache.put(RAW + sql, planned.plan());
        }
        return planned;
    }
}
