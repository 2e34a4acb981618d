package io.tandem.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latencies of completed exchanges, in nanoseconds, summarised as nearest-rank percentiles. Keeps at
 * most {@code capacity} samples (the first ones); the count and the maximum cover every sample.
 * Thread-safe.
 */
public final class Latencies {
    private final long[] samples;
    private int kept;
    private long count;
    private long max;

    public Latencies(int capacity) {
        samples = new long[capacity];
    }

    public synchronized void add(long nanos) {
        if (kept < samples.length) {
            samples[kept++] = nanos;
        }
        count++;
        max = Math.max(max, nanos);
    }

    public synchronized long count() {
        return count;
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100) of the kept samples, 0 when there are none. */
    public synchronized long percentile(double p) {
        if (kept == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, kept);
        Arrays.sort(sorted);
        return sorted[rank(p, kept)];
    }

    static int rank(double p, int n) {
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1));
    }

    /** p50, p90, p99 and max in milliseconds (three decimals). */
    public synchronized Map<String, Object> summaryMillis() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("p50", millis(percentile(50)));
        summary.put("p90", millis(percentile(90)));
        summary.put("p99", millis(percentile(99)));
        summary.put("max", millis(max));
        return summary;
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
