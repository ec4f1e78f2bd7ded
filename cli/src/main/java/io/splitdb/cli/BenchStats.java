package io.splitdb.cli;

import java.util.Arrays;

/**
 * What one system did for one operation: throughput, latency percentiles, client CPU and allocation
 * per operation, and the statements the backend servers ran per operation.
 */
record BenchStats(long operations, double seconds, long p50Nanos, long p99Nanos, double cpuNanosPerOp, double bytesPerOp,
                  double backendStatementsPerOp) {

    double opsPerSecond() {
        return operations / seconds;
    }

    /** From the latencies of all threads (nanoseconds; only the first {@code count} entries are used). */
    static BenchStats of(long[] latencies, int count, double seconds, long cpuNanos, long bytes, double backendStatementsPerOp) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new BenchStats(count, seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                count == 0 ? 0 : (double) cpuNanos / count, count == 0 ? 0 : (double) bytes / count,
                backendStatementsPerOp);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
