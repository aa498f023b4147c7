package io.tagmirror.workload.replay;

/**
 * The time a replay paces itself and reports progress by; tests pass a clock that moves only when
 * slept on, so timing is checked without waiting.
 */
public interface ReplayClock {

    /** The system's monotonic clock and real sleeping. */
    ReplayClock SYSTEM = new ReplayClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };

    /** A monotonic time in nanoseconds. */
    long nanoTime();

    /** Waits about {@code nanos}. */
    void sleep(long nanos) throws InterruptedException;
}
