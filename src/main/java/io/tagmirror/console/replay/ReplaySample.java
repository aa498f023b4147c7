package io.tagmirror.console.replay;

import java.util.List;

/**
 * One point of the replay's live charts, from one progress report.
 *
 * @param seconds time since the replay started
 * @param writes writes completed so far
 * @param writesPerSecond writes per second over the last interval
 * @param megabytesPerSecond megabytes (10^6 bytes) per second over the last interval
 * @param p50 median write latency over the last interval, in microseconds
 * @param p99 99th percentile of it
 * @param entries each device's tag table size, in the mirror's device order (-1: offline or unreadable)
 * @param paused whether the replay was paused
 */
public record ReplaySample(double seconds, long writes, double writesPerSecond, double megabytesPerSecond, long p50,
                           long p99, List<Long> entries, boolean paused) {

    public ReplaySample {
        entries = List.copyOf(entries);
    }
}
