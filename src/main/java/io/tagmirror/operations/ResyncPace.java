package io.tagmirror.operations;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The rate the background resyncs of a served mirror keep to, which the administrator may change while
 * they run (as md's {@code sync_speed_max} and {@code drbdadm adjust} change theirs): each resync, after
 * every chunk it went through, waits until its bytes fit the rate since the rate was last set, so a new
 * rate holds from the moment it is set, without starting the resync over.
 *
 * <p>Threads: {@link #set} from any thread; each {@link Run} on its resync's thread.
 */
final class ResyncPace {
    /** Waits are cut into slices this long so a request to stop is seen quickly. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Object lock = new Object();
    private final LongSupplier nanoTime;
    private long bytesPerSecond;
    /** Counts the changes of the rate, so each run starts its count again at a change. */
    private long changes;
    private long changedAtNanos;

    ResyncPace(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    /** With the clock it counts time by (a test's moves when the test says). */
    ResyncPace(long bytesPerSecond, LongSupplier nanoTime) {
        this.bytesPerSecond = positive(bytesPerSecond);
        this.nanoTime = nanoTime;
    }

    long bytesPerSecond() {
        synchronized (lock) {
            return bytesPerSecond;
        }
    }

    /**
     * Sets the rate from now on, also for the resyncs waiting now (they are woken to count again); the
     * rate they keep to already changes nothing, so a screen that shows it again does not hold them up.
     */
    void set(long rate) {
        positive(rate);
        synchronized (lock) {
            if (rate == bytesPerSecond) {
                return;
            }
            bytesPerSecond = rate;
            changes++;
            changedAtNanos = nanoTime.getAsLong();
            lock.notifyAll();
        }
    }

    /** The pace of one resync, starting now. */
    Run start() {
        return new Run();
    }

    /** One resync's count of bytes against the shared rate. */
    final class Run {
        private long sinceNanos = nanoTime.getAsLong();
        private long sinceBytes;
        private long lastBytes;
        private long seenChanges;

        private Run() {
            synchronized (lock) {
                seenChanges = changes;
            }
        }

        /**
         * Waits until {@code bytesDone} (all the resync went through so far) fits the rate; returns
         * false when {@code stop} was set meanwhile.
         */
        boolean await(long bytesDone, AtomicBoolean stop) {
            synchronized (lock) {
                while (!stop.get()) {
                    long now = nanoTime.getAsLong();
                    if (seenChanges != changes) {
                        // what went through before the change was paced at the old rate; count anew from it
                        seenChanges = changes;
                        sinceNanos = changedAtNanos;
                        sinceBytes = lastBytes;
                    }
                    long due = sinceNanos + (long) ((bytesDone - sinceBytes) * 1e9 / bytesPerSecond);
                    if (now >= due) {
                        lastBytes = bytesDone;
                        return true;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(SLICE_NANOS, due - now));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return false;
            }
        }
    }

    private static long positive(long rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("a resync rate of " + rate + " bytes per second");
        }
        return rate;
    }
}
