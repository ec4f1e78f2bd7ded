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
     * @param downRetryMillis      how long a failed backend is skipped before it is probed again
     */
    public record Options(int connectTimeoutMillis, int poolSize, int maxBufferedRows, int downRetryMillis) {
        public static final Options DEFAULTS = new Options(2000, 10, 1_000_000, 5000);
    }
}
