package io.tagmirror.engine;

import io.tagmirror.engine.compare.Verifier;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The result of a full comparison of every block of the online devices, independent of tags.
 * {@code differingRanges} lists at most the first {@link Verifier#MAX_LISTED_RANGES} ranges.
 */
public record VerifyReport(boolean identical, long blocksCompared, long differingBlocks,
                           List<BlockRange> differingRanges, Map<UUID, Long> lengthBlocks, long bytesRead,
                           double seconds, boolean cancelled) {
    public VerifyReport {
        differingRanges = List.copyOf(differingRanges);
    }
}
