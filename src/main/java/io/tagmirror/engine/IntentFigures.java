package io.tagmirror.engine;

import java.util.List;

/**
 * What a compare read beside what the entries name (DESIGN §3, "After a power cut"): the intent
 * extents the online devices kept from before a power cut ({@code extents}, merged), the blocks of
 * them no entry names and the bytes read to compare those blocks on every device, and how many of
 * those blocks differed (each is in a range of verdict {@link Verdict#INTENT}).
 */
public record IntentFigures(List<BlockRange> extents, long blocksCompared, long bytesRead, long blocksDiffering) {
    /** A compare that found no intent extent to read. */
    public static final IntentFigures NONE = new IntentFigures(List.of(), 0, 0, 0);

    public IntentFigures {
        extents = List.copyOf(extents);
    }

    /** Blocks in the extents, named by entries or not. */
    public long extentBlocks() {
        return extents.stream().mapToLong(BlockRange::blockCount).sum();
    }
}
