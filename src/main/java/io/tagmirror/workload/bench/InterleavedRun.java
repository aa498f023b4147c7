package io.tagmirror.workload.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two ways of making the same writes, timed side by side: the writes are cut into slices, and each
 * slice is written by both, first one then the other, the order swapped every slice (A B, B A, A B, ...),
 * by the same {@code threads} threads. A run of each one after the other put each on its own stretch
 * of the machine's time: on a shared machine the kernel's write-back comes in bursts of a few hundred
 * milliseconds, as long as a whole run, and one burst moved a ratio by 0.2. Sliced, a burst falls on
 * both; a slice's second writer finds the blocks its first writer dirtied, and each is second half the
 * time.
 */
final class InterleavedRun {
    /**
     * Writes per slice, about: some 20 ms of writes at the depths measured, against a barrier's 0.1 ms.
     * The slices are made an even number of equal ones, at least two.
     */
    static final int SLICE_WRITES = 500;

    /** How one side issues a write. */
    @FunctionalInterface
    interface Writer {
        void write(long offset, ByteBuffer data) throws IOException;
    }

    private final CyclicBarrier start;
    private final CyclicBarrier end;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final long[] offsets;
    private final ByteBuffer[] data;
    // set by the timing thread before a slice starts; the barrier makes them visible to the writers
    private Writer writer;
    private int until;
    private boolean finished;

    private InterleavedRun(int threads, long[] offsets, ByteBuffer[] data) {
        this.start = new CyclicBarrier(threads + 1);
        this.end = new CyclicBarrier(threads + 1);
        this.offsets = offsets;
        this.data = data;
    }

    /**
     * Writes every offset with {@code a} and with {@code b} from {@code threads} threads, slice by
     * slice; returns the seconds each took, {@code {a, b}}.
     */
    static double[] run(int threads, long[] offsets, ByteBuffer[] data, Writer a, Writer b) throws IOException {
        return new InterleavedRun(threads, offsets, data).time(threads, a, b);
    }

    private double[] time(int threads, Writer a, Writer b) throws IOException {
        // an even number of slices, so each side goes first as often as the other (a point of fewer
        // writes than two slices is cut in two)
        int pairs = Math.max(1, Math.round(offsets.length / (2f * SLICE_WRITES)));
        int slice = Math.max(1, (offsets.length + 2 * pairs - 1) / (2 * pairs));
        List<Thread> pool = new ArrayList<>();
        double[] seconds = new double[2];
        try {
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(this::write, "tagmirror-bench-" + t);
                th.setDaemon(true); // a writer left waiting (below) never keeps the JVM alive
                th.start();
                pool.add(th);
            }
            for (int s = 0, from = 0; from < offsets.length && failure.get() == null; s++, from += slice) {
                for (int k = 0; k < 2 && failure.get() == null; k++) {
                    int side = s % 2 == 0 ? k : 1 - k;
                    writer = side == 0 ? a : b;
                    until = Math.min(from + slice, offsets.length);
                    next.set(from);
                    long began = System.nanoTime();
                    await(start);
                    await(end);
                    seconds[side] += (System.nanoTime() - began) / 1e9;
                }
            }
            finished = true;
            await(start);
            for (Thread th : pool) {
                join(th);
            }
        } finally {
            if (!finished) {
                // a writer could not be started, or this thread was interrupted: the writers waiting
                // at a barrier return; one still writing stays parked at the end of its slice
                finished = true;
                start.reset();
                end.reset();
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return seconds;
    }

    /** A writer thread: each slice, takes offsets until the slice's end. */
    private void write() {
        while (true) {
            if (!awaitOrStop(start)) {
                return;
            }
            if (finished) {
                return;
            }
            Writer w = writer;
            int limit = until;
            int i;
            while ((i = next.getAndIncrement()) < limit && failure.get() == null) {
                try {
                    w.write(offsets[i], data[i % data.length]);
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                } catch (Throwable e) {
                    // an error too reaches the end of the slice, or the timing thread would wait for ever
                    failure.compareAndSet(null, new IOException(e.toString(), e));
                }
            }
            if (!awaitOrStop(end)) {
                return;
            }
        }
    }

    /** Waits at the barrier; false when it was broken (the timing thread gave up), and the writer stops. */
    private static boolean awaitOrStop(CyclicBarrier barrier) {
        try {
            barrier.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (BrokenBarrierException e) {
            return false;
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted");
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("benchmark writers stopped: " + e, e);
        }
    }

    private static void join(Thread th) {
        try {
            th.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted");
        }
    }
}
