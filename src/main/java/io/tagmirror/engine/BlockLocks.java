package io.tagmirror.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over block numbers, so writes to the same block take effect in one order on every
 * device and a read-modify-write of a partial block never interleaves with another write of it.
 */
final class BlockLocks {
    private static final int STRIPES = 4096;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    BlockLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** A held set of stripes covering a block range; stripes are always taken in index order, so no deadlock. */
    final class Held implements AutoCloseable {
        private final int from;
        private final int count;

        private Held(int from, int count) {
            this.from = from;
            this.count = count;
        }

        @Override
        public void close() {
            for (int i = count - 1; i >= 0; i--) {
                stripes[(from + i) % STRIPES].unlock();
            }
        }
    }

    Held lock(long firstBlock, long blockCount) {
        int count = (int) Math.min(blockCount, STRIPES);
        int from = (int) Math.floorMod(firstBlock, (long) STRIPES);
        // Consecutive blocks map to consecutive stripes; taking them in ascending index order from the
        // lowest index keeps every thread's acquisition order consistent.
        if (from + count <= STRIPES) {
            for (int i = 0; i < count; i++) {
                stripes[from + i].lock();
            }
            return new Held(from, count);
        }
        int wrapped = from + count - STRIPES;
        for (int i = 0; i < wrapped; i++) {
            stripes[i].lock();
        }
        for (int i = from; i < STRIPES; i++) {
            stripes[i].lock();
        }
        return new Held(from, count);
    }
}
