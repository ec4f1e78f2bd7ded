package io.splitdb.exec;

import io.splitdb.audit.AuditLog;
import io.splitdb.audit.AuditTable;
import io.splitdb.catalog.Catalog;
import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.crypto.Keyring;
import io.splitdb.policy.ColumnPolicy;
import io.splitdb.policy.SplitConfig;
import io.splitdb.sql.PlanCache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One split database as the driver sees it: its configuration, the three backends, the logical
 * catalog, the keys and the plan cache. Shared by every connection opened with the same
 * configuration; it keeps no state another driver instance cannot read from the backends.
 */
public final class SplitDatabase implements AutoCloseable {
    private final SplitConfig config;
    private final Backends backends;
    private final Catalog catalog = new Catalog();
    private final ProtectedValues values;
    private final PlanCache plans = new PlanCache(4096);
    private final Keyring keys;
    private final Recovery recovery = new Recovery(this);
    private final String databaseTag;
    private AuditLog audit;

    private SplitDatabase(SplitConfig config, Backends backends, Keyring keys) {
        this.config = config;
        this.backends = backends;
        this.values = new ProtectedValues(keys);
        this.keys = keys;
        this.databaseTag = Decisions.databaseTag(config.backends().stream().map(b -> b.url()).toList());
    }

    /** Names this split database in its XA transaction ids (see {@link Decisions#databaseTag}). */
    public String databaseTag() {
        return databaseTag;
    }

    /**
     * Connects to the backends, creates the driver's own tables where missing, checks the keys
     * against the database and the policy against the catalog.
     */
    public static SplitDatabase open(SplitConfig config, Keyring keys, String user, String password) throws SQLException {
        Backends backends = new Backends(config, user, password);
        SplitDatabase db = new SplitDatabase(config, backends, keys);
        try {
            db.start(keys);
            return db;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private void start(Keyring keys) throws SQLException {
        List<Integer> up = new ArrayList<>();
        SQLException lastFailure = null;
        for (Backend b : backends.all()) {
            try (Connection c = b.connection()) {
                b.home(c.getCatalog());
                ensureOwnTables(c);
                up.add(b.index());
            } catch (SQLException e) {
                if (!Backend.isConnectionFailure(e)) {
                    throw new SQLNonTransientConnectionException("cannot prepare " + b + ": " + e.getMessage(), "08001", e);
                }
                b.markDown();
                lastFailure = e;
            }
        }
        if (up.size() < 2) {
            throw new SQLTransientConnectionException("only " + up.size() + " of the 3 backends answer; splitdb needs at least two",
                    "08001", lastFailure);
        }
        for (int i : up) {
            try (Connection c = backends.get(i).connection()) {
                KeyCheck.verify(c, keys, i);
            }
        }
        try (Connection c = backends.get(up.get(0)).connection()) {
            catalog.reload(c);
            checkPolicy(c);
        }
        // before the first statement: no in-doubt branch left, no backend that missed writes read from
        recovery.atStart();
        recovery.start(config.options().downRetryMillis());
        audit = AuditLog.start(config, backends, keys, databaseTag);
        registerHealth(up.get(0));
    }

    /** The audit log this driver instance writes (see {@link AuditLog}). */
    public AuditLog audit() {
        return audit;
    }

    private javax.management.ObjectName healthName;

    /** Publishes {@link HealthMXBean} over JMX; a second instance for the same database (another configuration file) is numbered. */
    private void registerHealth(int anyUp) {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            String base = "io.splitdb:type=SplitDatabase,name=" + javax.management.ObjectName.quote(String.valueOf(backends.get(anyUp).home()));
            javax.management.ObjectName name = new javax.management.ObjectName(base);
            for (int n = 2; server.isRegistered(name); n++) {
                name = new javax.management.ObjectName(base + ",instance=" + n);
            }
            server.registerMBean(new javax.management.StandardMBean(health(), HealthMXBean.class, true), name);
            healthName = name;
        } catch (javax.management.JMException e) {
            POLICY_LOG.fine("JMX health not published: " + e);
        }
    }

    /** The numbers an operator watches (also published over JMX). */
    public HealthMXBean health() {
        return new HealthMXBean() {
            @Override
            public boolean[] getBackendsInService() {
                boolean[] up = new boolean[3];
                for (int i = 0; i < 3; i++) {
                    up[i] = backends.get(i).isUp();
                }
                return up;
            }

            @Override
            public long[] getTamperedShares() {
                long[] counts = new long[3];
                values.tamperCounts().forEach((b, n) -> counts[b] = n);
                return counts;
            }

            @Override
            public long getInDoubtCommitted() {
                return recovery.totals()[0];
            }

            @Override
            public long getInDoubtRolledBack() {
                return recovery.totals()[1];
            }

            @Override
            public long getRowsRepaired() {
                return recovery.totals()[2];
            }
        };
    }

    /**
     * Makes a backend that was down ready to serve again: splitdb's own tables, and the check that
     * it belongs to this database and key.
     */
    void prepareBackend(Connection c, int index) throws SQLException {
        backends.get(index).home(c.getCatalog());
        ensureOwnTables(c);
        KeyCheck.verify(c, keys, index);
    }

    /** Creates splitdb's own tables where missing. */
    private static void ensureOwnTables(Connection c) throws SQLException {
        Catalog.ensureTable(c);
        KeyCheck.ensureTable(c);
        Decisions.ensureTable(c);
        PendingRepairs.ensureTable(c);
        Jobs.ensureTable(c);
        AuditTable.ensureTable(c);
    }

    /** Resolves in-doubt transactions and repairs backends: in the background, or now. */
    public Recovery recovery() {
        return recovery;
    }

    /**
     * Refuses a policy that no longer matches how tables are stored: a column the DBA marks
     * protected but that is stored in clear must be migrated, not silently served as is.
     */
    private static final java.util.logging.Logger POLICY_LOG = java.util.logging.Logger.getLogger(SplitDatabase.class.getName());

    private void checkPolicy(Connection c) throws SQLException {
        for (Map.Entry<String, Map<String, ColumnPolicy>> t : config.tables().entrySet()) {
            TableInfo table = catalog.table(t.getKey());
            boolean wantsProtection = t.getValue().values().stream().anyMatch(p -> p.protect().isProtected());
            if (table == null) {
                if (wantsProtection && physicallyExists(c, t.getKey())) {
                    throw new SQLNonTransientConnectionException("table " + t.getKey() + " exists on the backends but splitdb does not manage it, "
                            + "so its columns are stored in clear although " + config.source() + " protects some of them; "
                            + "migrate it first (splitdb migrate)", "08001");
                }
                continue;
            }
            for (Map.Entry<String, ColumnPolicy> col : t.getValue().entrySet()) {
                ColumnInfo info = table.column(col.getKey());
                if (info == null) {
                    // allowed, so a DBA can write the policy first and then ALTER TABLE ... ADD the column, which it protects
                    POLICY_LOG.warning(config.source() + ": tables." + t.getKey() + "." + col.getKey() + " names a column that table "
                            + table.name() + " does not have (yet); ALTER TABLE ... ADD COLUMN " + col.getKey() + " will protect it");
                    continue;
                }
                if (info.protect() != col.getValue().protect()) {
                    throw new SQLNonTransientConnectionException(config.source() + ": tables." + t.getKey() + "." + col.getKey()
                            + " says '" + col.getValue().protect().yamlName() + "' but the column is stored as '"
                            + info.protect().yamlName() + "'; migrate the column (splitdb migrate) or restore the policy", "08001");
                }
            }
        }
    }

    static boolean physicallyExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    public SplitConfig config() {
        return config;
    }

    public Backends backends() {
        return backends;
    }

    public Catalog catalog() {
        return catalog;
    }

    public ProtectedValues values() {
        return values;
    }

    public PlanCache plans() {
        return plans;
    }

    /**
     * Re-reads the catalog if one of {@code names}, unknown to this instance, is in the backends'
     * catalog: another driver instance or proxy created it, and treating a protected table as a
     * plain one would be wrong. One indexed lookup per statement that names unknown tables.
     */
    public void refreshIfManaged(java.util.Collection<String> names) throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        boolean managed = Reads.one(this, (c, b) -> {
            String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + Catalog.TABLE + " WHERE table_name IN (" + marks + ") LIMIT 1")) {
                int i = 1;
                for (String n : names) {
                    ps.setString(i++, n);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (managed) {
            reloadCatalog();
        }
    }

    /** Re-reads the catalog (after DDL by this or another driver instance) and forgets cached plans. */
    public void reloadCatalog() throws SQLException {
        boolean changed = Reads.one(this, (c, b) -> catalog.reload(c));
        if (changed) {
            plans.clear();
        }
    }

    @Override
    public void close() {
        if (healthName != null) {
            try {
                java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(healthName);
            } catch (Exception ignored) {
                // already gone
            }
        }
        if (audit != null) {
            audit.close();  // before the backends: it writes what it buffered
        }
        recovery.close();
        backends.close();
    }
}
