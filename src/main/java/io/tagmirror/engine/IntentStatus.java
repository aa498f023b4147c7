package io.tagmirror.engine;

/**
 * One device's intent set for one mirror, as {@code mirror status} shows it: the extents in the
 * durable set now ({@code extents}, of at most {@code capacity} in steady state), how many of them are
 * left from before a power cut until a repair settles them ({@code pinned}), and the writes that
 * found their extent outside the set ({@code misses}, each one a sync) since the device opened
 * {@code seconds} ago.
 */
public record IntentStatus(int extents, int capacity, int pinned, long misses, double seconds) {
    /** A device that keeps no intent set. */
    public static final IntentStatus NONE = new IntentStatus(0, 0, 0, 0, 0);

    /** Misses per second since the device opened. */
    public double missesPerSecond() {
        return seconds <= 0 ? 0 : misses / seconds;
    }
}
