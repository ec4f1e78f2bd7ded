package io.splitdb.sql;

import io.splitdb.exec.Plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plans by statement shape (SQL with literals lifted), least recently used first out. Parsing a
 * statement costs as much as several backend round trips, so each shape is parsed once.
 */
public final class PlanCache {
    private final int capacity;
    private final Map<String, Plan> plans;
    private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder misses = new java.util.concurrent.atomic.LongAdder();

    public PlanCache(int capacity) {
        this.capacity = capacity;
        this.plans = new LinkedHashMap<>(capacity, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Plan> eldest) {
                return size() > PlanCache.this.capacity;
            }
        };
    }

    public synchronized Plan get(String shape) {
        Plan plan = plans.get(shape);
        (plan == null ? misses : hits).increment();
        return plan;
    }

    /** Lookups that found a plan, since the start. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that found none (the statement was parsed and planned), since the start. */
    public long misses() {
        return misses.sum();
    }

    public synchronized void put(String shape, Plan plan) {
        plans.put(shape, plan);
    }

    /** Forgets every plan: the schema they were made against has changed. */
    public synchronized void clear() {
        plans.clear();
    }

    public synchronized int size() {
        return plans.size();
    }
}
