package io.splitdb.exec;

/**
 * What an operator watches over JMX ({@code io.splitdb:type=SplitDatabase,name=<database>}): which
 * backends are in service, which served shares that do not authenticate, and what recovery did.
 * Counts and backend numbers only, never a value.
 */
public interface HealthMXBean {

    /** Per backend (index 0..2): true if in service. */
    boolean[] getBackendsInService();

    /** Per backend: shares it served that did not authenticate while the other two did. */
    long[] getTamperedShares();

    /** In-doubt transactions recovery committed since start. */
    long getInDoubtCommitted();

    /** In-doubt transactions recovery rolled back since start. */
    long getInDoubtRolledBack();

    /** Rows written to backends that had missed them, since start. */
    long getRowsRepaired();
}
