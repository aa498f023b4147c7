package io.tagmirror.engine;

import java.util.List;
import java.util.UUID;

/** A range a repair copied, from where to where. */
public record CopiedRange(long firstBlock, long blockCount, Verdict verdict, UUID source, List<UUID> targets) {
    public CopiedRange {
        targets = List.copyOf(targets);
    }
}
