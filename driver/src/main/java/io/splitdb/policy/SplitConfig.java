package io.splitdb.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole configuration of one split database, validated once and immutable afterwards.
 * Loaded by {@link ConfigLoader}; see docs/policy.md for every key.
 *
 * @param source   where it was read from (a path or {@code classpath:name}), for messages
 * @param baseDir  the folder relative keystore paths resolve against
 * @param backends exactly three
 * @param keys     where the master keys come from
 * @param tables   lower-cased table name to lower-cased column name to policy; columns not
 *                 named are plain
 * @param options  tuning knobs with defaults
 */
public record SplitConfig(String source, Path baseDir, List<BackendConfig> backends, KeysConfig keys,
                          Map<String, Map<String, ColumnPolicy>> tables, Options options) {

    /** The policy for a column; {@link ColumnPolicy#PLAIN} if the DBA named none. */
    public ColumnPolicy policy(String table, String column) {
        Map<String, ColumnPolicy> columns = tables.get(table.toLowerCase(Locale.ROOT));
        if (columns == null) {
            return ColumnPolicy.PLAIN;
        }
        return columns.getOrDefault(column.toLowerCase(Locale.ROOT), ColumnPolicy.PLAIN);
    }

    /**
     * Tuning knobs.
     *
     * @param connectTimeoutMillis how long to wait for a backend connection before failing over
     * @param poolSize             physical connections per backend
     * @param maxBufferedRows      rows the driver holds in memory for one result before it refuses
     * @param downRetryMillis      how often a down backend is probed again (and repaired when it answers)
     * @param writes               whether writes go on with two backends while the third is down
     * @param statementTimeoutMillis how long one backend may take to answer one statement before it counts as
     *                             lost (0: no limit)
     * @param audit                whether reads and writes of protected columns are recorded in the audit log, and
     *                             what happens when they cannot be
     * @param auditBuffer          audit entries held in memory until two backends have them; past it
     *                             {@code audit} decides
     */
    public record Options(int connectTimeoutMillis, int poolSize, int maxBufferedRows, int downRetryMillis, Writes writes,
                          int statementTimeoutMillis, Audit audit, int auditBuffer) {
        public static final Options DEFAULTS = new Options(2000, 20, 1_000_000, 5000, Writes.QUORUM, 60_000, Audit.REQUIRED, 10_000);
    }

    /** What a write needs: two of the three backends (the third repaired when it returns), or all three. */
    public enum Writes {
        QUORUM, ALL
    }

    /**
     * The audit log (see docs/policy.md): {@code required} refuses statements on protected columns
     * while the log cannot keep up (its buffer of entries not yet on two backends is full);
     * {@code best-effort} drops entries then, with a warning; {@code off} records nothing.
     */
    public enum Audit {
        REQUIRED, BEST_EFFORT, OFF;

        /** The spelling in the YAML file. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
