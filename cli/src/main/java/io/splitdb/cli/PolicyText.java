package io.splitdb.cli;

import io.splitdb.policy.ColumnPolicy;
import io.splitdb.policy.Protection;
import io.splitdb.policy.Search;

/** How the commands describe a column's protection: the policy's own words. */
final class PolicyText {
    private PolicyText() {
    }

    /** {@code plain}, {@code shared}, {@code shared, search: equality (24 bits)}, {@code encrypted on backend 1}. */
    static String describe(ColumnPolicy p) {
        if (p.protect() == Protection.PLAIN) {
            return "plain";
        }
        StringBuilder s = new StringBuilder(p.protect().yamlName());
        if (p.protect() == Protection.ENCRYPTED && p.holder() >= 0) {
            s.append(" on backend ").append(p.holder());
        }
        if (p.search() == Search.EQUALITY) {
            s.append(", search: equality (").append(p.bits()).append(" bits)");
        }
        return s.toString();
    }
}
