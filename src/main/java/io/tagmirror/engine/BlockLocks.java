package io.tagmirror.engine;

import io.tagmirror.engine.compare.MirrorAccess;

/**
 * Locks over block ranges, so writes to the same block take effect in one order on every device and a
 * read-modify-write of a partial block never interleaves with another write of it. Only ranges that
 * share a block wait for each other: the 4,096 striped locks this replaces made two writes 16 MiB apart
 * (4 KiB blocks) wait for each other, and cost a 1 MiB write 256 lock operations (about 10 µs) and a
 * 16 MiB one every stripe, stopping every other write (figures in docs/architecture.md).
 *
 * <p>A range waits only for the overlapping ranges that asked before it, held or still waiting, so a
 * large range is not starved by small ones that keep arriving, and no two ranges wait for each other.
 * The ranges held or waiting are as many as the writes in flight (an NBD client's queue depth), so a
 * list scanned under one monitor is enough: about 0.1–0.3 µs a write of any size, measured on a busy
 * machine, beside the tens of microseconds a write takes.
 *
 * <p>Threads: any thread locks; a range is given back exactly once, from any thread (a write takes its
 * range on the submitting thread and the device pipeline that completes it last gives it back).
 */
final class BlockLocks {
    /**
     * The newest of the ranges held or waiting, linked to the older ones in the order they asked.
     * Guarded by {@code this}.
     */
    private Held newest;
    /** Threads waiting in {@link #lock}; release wakes them only when there are some. Guarded by {@code this}. */
    private int waiting;

    /** A held block range; release it exactly once, from any thread (a second close does nothing). */
    final class Held implements MirrorAccess.HeldBlocks {
        private final long first;
        private final long end;
        private Held older;
        private Held newer;
        private boolean released;

        private Held(long first, long end) {
            this.first = first;
            this.end = end;
        }

        private boolean overlaps(Held other) {
            return first < other.end && other.first < end;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    /**
     * Takes blocks {@code firstBlock} to {@code firstBlock + blockCount - 1}, waiting (uninterruptibly, as
     * a device write that has begun must end) until no overlapping range that asked earlier is held.
     */
    Held lock(long firstBlock, long blockCount) {
        long count = Math.max(0, blockCount);
        Held range = new Held(firstBlock, firstBlock > Long.MAX_VALUE - count ? Long.MAX_VALUE : firstBlock + count);
        boolean interrupted = false;
        synchronized (this) {
            range.older = newest;
            if (newest != null) {
                newest.newer = range;
            }
            newest = range;
            while (overlapsAnOlder(range)) {
                waiting++;
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                } finally {
                    waiting--;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return range;
    }

    private boolean overlapsAnOlder(Held range) {
        for (Held h = range.older; h != null; h = h.older) {
            if (h.overlaps(range)) {
                return true;
            }
        }
        return false;
    }

    private synchronized void release(Held range) {
        if (range.released) {
            return;
        }
        range.released = true;
        if (range.older != null) {
            range.older.newer = range.newer;
        }
        if (range.newer == null) {
            newest = range.older;
        } else {
            range.newer.older = range.older;
        }
        if (waiting > 0) {
            notifyAll();
        }
    }

    /** How many threads wait for a range now: for tests that must know a taker is blocked. */
    synchronized int waiting() {
        return waiting;
    }
}
