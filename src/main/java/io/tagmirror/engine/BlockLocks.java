package io.tagmirror.engine;

import io.tagmirror.engine.compare.MirrorAccess;
import java.util.concurrent.Semaphore;

/**
 * Striped locks over block numbers, so writes to the same block take effect in one order on every
 * device and a read-modify-write of a partial block never interleaves with another write of it.
 *
 * <p>Semaphores rather than thread-owned locks: a write takes its stripes on the submitting thread
 * and the device pipeline that completes it last gives them back.
 */
final class BlockLocks {
    private static final int STRIPES = 4096;
    private final Semaphore[] stripes = new Semaphore[STRIPES];

    BlockLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Semaphore(1);
        }
    }

    /** A held set of stripes covering a block range; release it exactly once, from any thread. */
    final class Held implements MirrorAccess.HeldBlocks {
        private final int from;
        private final int count;
        private boolean released;

        private Held(int from, int count) {
            this.from = from;
            this.count = count;
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            for (int i = count - 1; i >= 0; i--) {
                stripes[(from + i) % STRIPES].release();
            }
        }
    }

    /** Takes the stripes of a range in ascending stripe index, the one order every taker uses: no deadlock. */
    Held lock(long firstBlock, long blockCount) {
        int count = (int) Math.min(blockCount, STRIPES);
        int from = (int) Math.floorMod(firstBlock, (long) STRIPES);
        if (from + count <= STRIPES) {
            for (int i = 0; i < count; i++) {
                stripes[from + i].acquireUninterruptibly();
            }
            return new Held(from, count);
        }
        int wrapped = from + count - STRIPES;
        for (int i = 0; i < wrapped; i++) {
            stripes[i].acquireUninterruptibly();
        }
        for (int i = from; i < STRIPES; i++) {
            stripes[i].acquireUninterruptibly();
        }
        return new Held(from, count);
    }
}
