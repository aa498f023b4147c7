package io.tagmirror.console.blockmap;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workspace.index.MatchState;
import java.util.Arrays;

/**
 * A mirror's blocks at the finest detail the map keeps: each cell covers {@link #blocksPerCell()}
 * blocks and holds the worst state of the entries naming them, and of the last compare's ranges.
 *
 * <p>At most {@link #MAX_CELLS} cells (a megabyte), whatever the volume's size; coarser levels for
 * zooming out are made from it in memory.
 */
public final class BlockMapData {

    /** Cells kept at the finest level. */
    public static final int MAX_CELLS = 1 << 20;

    /** No entry names these blocks. */
    public static final byte CLEAN = 0;
    /** Entries name these blocks, and every device holds them alike (writes in flight or not yet trimmed). */
    public static final byte MATCHED = 1;
    /** Some device lacks an entry naming these blocks: they may differ. */
    public static final byte DIVERGED = 2;
    /** Devices hold different newest writes for these blocks. */
    public static final byte CONFLICT = 3;

    private final long volumeBlocks;
    private final long blocksPerCell;
    private final byte[] entries;
    private final byte[] compared;

    private BlockMapData(long volumeBlocks, long blocksPerCell, byte[] entries, byte[] compared) {
        this.volumeBlocks = volumeBlocks;
        this.blocksPerCell = blocksPerCell;
        this.entries = entries;
        this.compared = compared;
    }

    /** An empty map of a volume of {@code volumeBlocks}. */
    public static BlockMapData empty(long volumeBlocks) {
        long blocks = Math.max(1, volumeBlocks);
        long perCell = Math.max(1, (blocks + MAX_CELLS - 1) / MAX_CELLS);
        int cells = (int) ((blocks + perCell - 1) / perCell);
        return new BlockMapData(blocks, perCell, new byte[cells], null);
    }

    /** Marks the cells of {@code firstBlock}+{@code blockCount} with {@code state} where it is worse than theirs. */
    public void mark(long firstBlock, int blockCount, MatchState state) {
        byte code = switch (state) {
            case MATCHED -> MATCHED;
            case ONLY_SOME -> DIVERGED;
            case CONFLICT -> CONFLICT;
        };
        markInto(entries, firstBlock, blockCount, code);
    }

    private void markInto(byte[] cells, long firstBlock, long blockCount, byte code) {
        if (blockCount <= 0 || firstBlock >= volumeBlocks) {
            return;
        }
        int from = (int) (firstBlock / blocksPerCell);
        long last = Math.min(volumeBlocks, firstBlock + blockCount) - 1;
        int to = (int) (last / blocksPerCell);
        for (int c = from; c <= to && c < cells.length; c++) {
            if (cells[c] < code) {
                cells[c] = code;
            }
        }
    }

    /** A copy of this map with the divergent ranges of {@code report} drawn over it. */
    public BlockMapData withCompare(CompareReport report) {
        byte[] cells = new byte[entries.length];
        for (DiffRange range : report.ranges()) {
            if (range.verdict() == Verdict.IN_SYNC) {
                continue;
            }
            markInto(cells, range.firstBlock(), range.blockCount(),
                    range.verdict() == Verdict.CONFLICT ? CONFLICT : DIVERGED);
        }
        return new BlockMapData(volumeBlocks, blocksPerCell, entries, cells);
    }

    public long volumeBlocks() {
        return volumeBlocks;
    }

    /** Blocks per cell at the finest level. */
    public long blocksPerCell() {
        return blocksPerCell;
    }

    /** Whether a compare was drawn over the entries. */
    public boolean hasCompare() {
        return compared != null;
    }

    /** How many times the cells can be doubled before the whole volume is a handful of cells. */
    public int maxZoomOut() {
        int zoom = 0;
        long cells = entries.length;
        while (cells > 64) {
            cells = (cells + 1) / 2;
            zoom++;
        }
        return zoom;
    }

    /** The zoom-out level whose cell count is at most {@code cells}, for a first view that fits. */
    public int zoomFor(int cells) {
        int zoom = 0;
        long n = entries.length;
        while (n > cells && zoom < maxZoomOut()) {
            n = (n + 1) / 2;
            zoom++;
        }
        return zoom;
    }

    /** The map with cells {@code 2^zoomOut} times as large as the finest. */
    public BlockMapLevel level(int zoomOut) {
        int factor = 1 << Math.max(0, Math.min(zoomOut, 30));
        int cells = (entries.length + factor - 1) / factor;
        byte[] states = new byte[cells];
        for (int i = 0; i < entries.length; i++) {
            byte s = entries[i];
            if (compared != null && compared[i] > s) {
                s = compared[i];
            }
            int c = i / factor;
            if (states[c] < s) {
                states[c] = s;
            }
        }
        return new BlockMapLevel(volumeBlocks, blocksPerCell * factor, states);
    }

    /** The blocks of finest cell {@code cell}. */
    BlockRange rangeOfFinest(int cell) {
        long first = cell * blocksPerCell;
        return new BlockRange(first, Math.min(blocksPerCell, volumeBlocks - first));
    }

    @Override
    public String toString() {
        return "BlockMapData[" + volumeBlocks + " blocks, " + blocksPerCell + " per cell, "
                + Arrays.hashCode(entries) + "]";
    }
}
