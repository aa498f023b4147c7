package io.tagmirror.console.blockmap;

import io.tagmirror.engine.BlockRange;

/**
 * The block map at one zoom level: the volume cut into cells of {@link #blocksPerCell()} blocks,
 * each with a state of {@link BlockMapData}.
 */
public final class BlockMapLevel {

    private final long volumeBlocks;
    private final long blocksPerCell;
    private final byte[] states;

    BlockMapLevel(long volumeBlocks, long blocksPerCell, byte[] states) {
        this.volumeBlocks = volumeBlocks;
        this.blocksPerCell = blocksPerCell;
        this.states = states;
    }

    public int cells() {
        return states.length;
    }

    public long blocksPerCell() {
        return blocksPerCell;
    }

    public long volumeBlocks() {
        return volumeBlocks;
    }

    /** The state of cell {@code cell}: {@link BlockMapData#CLEAN} … {@link BlockMapData#CONFLICT}. */
    public byte state(int cell) {
        return states[cell];
    }

    /** The blocks cell {@code cell} covers. */
    public BlockRange rangeOf(int cell) {
        long first = cell * blocksPerCell;
        return new BlockRange(first, Math.max(1, Math.min(blocksPerCell, volumeBlocks - first)));
    }

    /** The cell holding {@code block}. */
    public int cellOf(long block) {
        return (int) Math.min(states.length - 1, block / blocksPerCell);
    }

    /** How many cells have each state, indexed by state. */
    public long[] counts() {
        long[] counts = new long[4];
        for (byte s : states) {
            counts[s]++;
        }
        return counts;
    }
}
