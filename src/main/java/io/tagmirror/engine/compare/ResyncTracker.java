package io.tagmirror.engine.compare;

import io.tagmirror.engine.ResyncProgress;
import java.util.Map;
import java.util.UUID;

/**
 * The state of one member's background resync that the mirror reads while it runs: how far the member
 * is in sync (its watermark), the progress figures, and whether it still stands.
 *
 * <p>Threading: the resync's own thread advances it; readers and status take it from any thread (the
 * fields are volatile). The watermark only grows, and is raised while the resync holds the block locks
 * of the blocks below it, so a read that takes those locks sees the member's copy complete.
 */
public final class ResyncTracker {
    private final long rateLimit;
    private final int blockSize;
    private final long started = System.nanoTime();
    private volatile long syncedUpTo;
    private volatile long blocksDone;
    private volatile long blocksTotal;
    private volatile long blocksCopied;
    private volatile boolean superseded;
    /** Per member, the last entry batch the resync took the named ranges from. */
    private volatile Map<UUID, Long> snapshot = Map.of();

    public ResyncTracker(long rateLimit, int blockSize) {
        this.rateLimit = rateLimit;
        this.blockSize = blockSize;
    }

    /**
     * Whether blocks {@code [firstBlock, firstBlock + blockCount)} are in sync on the member: every one
     * lies below the watermark.
     */
    public boolean covers(long firstBlock, long blockCount) {
        return !superseded && firstBlock + blockCount <= syncedUpTo;
    }

    /** Blocks below this are in sync on the member. */
    public long syncedUpTo() {
        return syncedUpTo;
    }

    void snapshot(Map<UUID, Long> batches) {
        snapshot = Map.copyOf(batches);
    }

    /**
     * Per member, the last entry batch whose entries' ranges the resync went through: once it has gone
     * through them all, those entries name nothing the member it resynchronised lacks.
     */
    public Map<UUID, Long> snapshot() {
        return snapshot;
    }

    void total(long blocks) {
        blocksTotal = blocks;
    }

    /** Raises the watermark; call holding the block locks of the blocks just made in sync. */
    void syncedUpTo(long block) {
        if (block > syncedUpTo) {
            syncedUpTo = block;
        }
    }

    void done(long blocks, long copied) {
        blocksDone += blocks;
        blocksCopied += copied;
    }

    /**
     * The member went offline, failed, was found to have missed writes again, or another resync took
     * over: this one stops at its next step and its watermark no longer counts.
     */
    public void supersede() {
        superseded = true;
    }

    public boolean superseded() {
        return superseded;
    }

    long blocksDone() {
        return blocksDone;
    }

    long blocksCopied() {
        return blocksCopied;
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** The figures as they are now. */
    public ResyncProgress progress() {
        double seconds = seconds();
        long done = blocksDone;
        double rate = seconds > 0 && done > 0 ? done * (double) blockSize / seconds : 0;
        return new ResyncProgress(done, blocksTotal, blocksCopied, rate, rateLimit, seconds, blockSize);
    }
}
