package io.tagmirror.engine.compare;

import io.tagmirror.engine.TaskMonitor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Holds a background copy to a rate in bytes per second, as md's {@code sync_speed_max} and DRBD's
 * {@code resync-rate} hold theirs, so the client writing meanwhile keeps most of the devices' bandwidth.
 *
 * <p>Each step asks before it starts; a step waits until the bytes done so far fit the rate since the
 * start. It never waits while holding block locks: the caller asks before it takes them.
 */
public final class Pacer {
    /** Waits are cut into slices this long so a cancel is seen quickly. */
    private static final long SLICE_NANOS = 50_000_000L;

    /** Lets time pass: the real one parks the thread; a test's records the wait and moves its clock. */
    public interface Clock {
        long nanoTime();

        void pause(long nanos);
    }

    /** The system clock. */
    public static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };

    private final long bytesPerSecond;
    private final Clock clock;
    private final long start;
    private long bytes;

    public Pacer(long bytesPerSecond, Clock clock) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a rate of " + bytesPerSecond + " bytes per second");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.start = clock.nanoTime();
    }

    /** A pacer that never waits, for copies that may take the whole bandwidth. */
    public static Pacer unbounded() {
        return new Pacer(Long.MAX_VALUE, SYSTEM);
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Waits until {@code nextBytes} more may go through without the total exceeding the rate since the
     * start; returns false when {@code monitor} was cancelled meanwhile.
     */
    public boolean await(long nextBytes, TaskMonitor monitor) {
        // the step may start when the bytes before it would have taken this long at the rate
        long due = start + (long) (bytes * 1e9 / bytesPerSecond);
        bytes += nextBytes;
        for (long now = clock.nanoTime(); now < due; now = clock.nanoTime()) {
            if (monitor.isCancelled()) {
                return false;
            }
            clock.pause(Math.min(SLICE_NANOS, due - now));
        }
        return !monitor.isCancelled();
    }
}
