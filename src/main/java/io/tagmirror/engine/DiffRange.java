package io.tagmirror.engine;

import java.util.List;
import java.util.UUID;

/**
 * A run of blocks with one verdict. {@code source} is the device to copy from (for a conflict: the one
 * the newest-sequence policy would pick), {@code targets} the devices whose data differs from it;
 * {@code sourceVerified} says whether the source's data matched the newest entry's checksum.
 */
public record DiffRange(String objectId, long firstBlock, long blockCount, Verdict verdict, UUID source,
                        List<UUID> targets, Tag newest, boolean sourceVerified, List<ConflictSide> sides) {
    public DiffRange {
        targets = List.copyOf(targets);
        sides = List.copyOf(sides);
    }

    public BlockRange range() {
        return new BlockRange(firstBlock, blockCount);
    }

    public long endBlock() {
        return firstBlock + blockCount;
    }
}
