package io.tagmirror.workload.replay;

import java.util.List;

/**
 * One progress report of a running replay, made at a fixed interval and once at the end.
 *
 * @param elapsedNanos time since the replay started
 * @param writes data writes (and appends) completed
 * @param bytes bytes those writes carried
 * @param flushes flushes done
 * @param writesPerSecond completed writes per second over the last interval
 * @param bytesPerSecond bytes per second over the last interval
 * @param interval write latency over the last interval
 * @param overall write latency since the start
 * @param devices each device's tag table size now
 * @param paused whether the replay is paused
 * @param finished true for the last report of the run
 */
public record ReplayProgress(long elapsedNanos, long writes, long bytes, long flushes, double writesPerSecond,
                             double bytesPerSecond, LatencySummary interval, LatencySummary overall,
                             List<DeviceEntries> devices, boolean paused, boolean finished) {

    public ReplayProgress {
        devices = List.copyOf(devices);
    }

    /** Megabytes (10^6 bytes) per second over the last interval. */
    public double megabytesPerSecond() {
        return bytesPerSecond / 1e6;
    }

    /**
     * A device's tag table size at the time of a report.
     *
     * @param location the device directory
     * @param online whether the mirror sends it writes
     * @param entries entries in its tag table, or -1 when it cannot be read
     */
    public record DeviceEntries(String location, boolean online, long entries) {
    }
}
