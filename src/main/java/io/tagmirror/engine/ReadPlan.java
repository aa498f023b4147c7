package io.tagmirror.engine;

import java.util.List;
import java.util.UUID;

/**
 * Where each block of a read comes from: for every run of the blocks asked for, an online member that
 * is known to hold their current data (never one that missed writes). Made by
 * {@link Mirror#planRead(BlockRange, TaskMonitor)}; {@code degraded} says some member was offline, so
 * the blocks could not be compared with its copy.
 */
public record ReadPlan(String mirror, BlockRange blocks, List<Source> sources, boolean degraded) {
    public ReadPlan {
        sources = List.copyOf(sources);
    }

    /** A run of blocks and the member they are read from. */
    public record Source(long firstBlock, long blockCount, UUID device) {
        public long endBlock() {
            return firstBlock + blockCount;
        }
    }

    /** The members the plan reads from, each once, in block order. */
    public List<UUID> devices() {
        return sources.stream().map(Source::device).distinct().toList();
    }
}
