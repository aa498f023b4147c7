package io.tagmirror.operations;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private long bytesPerSecond;
    /** Counts the changes of the rate, so each run starts its count again at a change. */
    private long changes;

    ResyncPace(long bytesPerSecond) {
        this.bytesPerSecond = positive(bytesPerSecond);
    }

    long bytesPerSecond() {
        synchronized (lock) {
            return bytesPerSecond;
        }
    }

    /** Sets the rate from now on, also for the resyncs waiting now (they are woken to count again). */
    void set(long rate) {
        synchronized (lock) {
            bytesPerSecond = positive(rate);
            changes++;
            lock.notifyAll();
        }
    }

    /** The pace of one resync, starting now. */
    Run start() {
        return new Run();
    }

    /** One resync's count of bytes against the shared rate. */
    final class Run {
        private long sinceNanos = System.nanoTime();
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
                    long now = System.nanoTime();
                    if (seenChanges != changes) {
                        // what went through before the change was paced at the old rate; count anew from here
                        seenChanges = changes;
                        sinceNanos = now;
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
