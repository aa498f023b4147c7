package io.tagmirror.engine;

import java.util.List;

/**
 * What a compare read beside what the entries name (DESIGN §3, "After a power cut"): the intent
 * extents the online devices kept from before a power cut ({@code extents}, merged), the blocks of
 * them no entry names and the bytes read to compare those blocks on every device, and how many of
 * those blocks differed (each is in a range of verdict {@link Verdict#INTENT}). When a device's tag
 * table is incomplete ({@code incompleteTables}: its log filled while a member was away), the whole
 * volume is read this way, as one extent, and the blocks no entry names that differ are in ranges of
 * verdict {@link Verdict#WHOLE_VOLUME}.
 */
public record IntentFigures(List<BlockRange> extents, long blocksCompared, long bytesRead, long blocksDiffering,
                           List<java.util.UUID> incompleteTables) {
    /** A compare that found no intent extent to read. */
    public static final IntentFigures NONE = new IntentFigures(List.of(), 0, 0, 0);

    public IntentFigures {
        extents = List.copyOf(extents);
        incompleteTables = List.copyOf(incompleteTables);
    }

    /** Figures of a compare whose tables were all complete. */
    public IntentFigures(List<BlockRange> extents, long blocksCompared, long bytesRead, long blocksDiffering) {
        this(extents, blocksCompared, bytesRead, blocksDiffering, List.of());
    }

    /** Whether the whole volume was compared, block by block, because a table was incomplete. */
    public boolean wholeVolume() {
        return !incompleteTables.isEmpty();
    }

    /** Blocks in the extents, named by entries or not. */
    public long extentBlocks() {
        return extents.stream().mapToLong(BlockRange::blockCount).sum();
    }
}
