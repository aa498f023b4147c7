package io.tagmirror.workload.replay;

import org.HdrHistogram.Histogram;

/**
 * Write latency percentiles in microseconds over some set of writes.
 *
 * @param count how many writes were measured
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the slowest
 */
public record LatencySummary(long count, long p50, long p99, long max) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

    /** The summary of a histogram recorded in nanoseconds. */
    static LatencySummary of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(nanos.getTotalCount(), micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(99)), micros(nanos.getMaxValue()));
    }

    private static long micros(long nanos) {
        return (nanos + 500) / 1000;
    }
}
