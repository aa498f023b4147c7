package io.tagmirror.serve;

import java.util.concurrent.Semaphore;

/**
 * Bytes that requests read and not yet answered may hold: a request takes its share before its data is
 * read from the socket or from the mirror and gives it back once its reply is written, so a client
 * that sends faster than the mirror writes, or never reads its replies, waits instead of filling the
 * heap. Each request counts at least {@link #MIN_COST} bytes, so a flood of requests without data is
 * bounded too.
 */
final class InFlightBudget {
    static final int MIN_COST = 4096;
    private static final int UNIT = 1024;

    private final Semaphore units;
    private final long bytes;

    InFlightBudget(long bytes) {
        this.bytes = bytes;
        this.units = new Semaphore((int) (bytes / UNIT), true);
    }

    /** The share a request with {@code payload} bytes of data takes. */
    static int cost(long payload) {
        long b = Math.max(MIN_COST, payload + 64);
        return (int) ((b + UNIT - 1) / UNIT);
    }

    void acquire(int cost) throws InterruptedException {
        units.acquire(cost);
    }

    void release(int cost) {
        units.release(cost);
    }

    /** Bytes held by requests now. */
    long held() {
        return bytes - (long) units.availablePermits() * UNIT;
    }

    /** The whole budget in the units {@link #cost} counts. */
    int units() {
        return (int) (bytes / UNIT);
    }
}
