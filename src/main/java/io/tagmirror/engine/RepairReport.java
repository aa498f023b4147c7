package io.tagmirror.engine;

import java.util.List;

/** What a repair did. A cancelled repair copied some ranges and deleted no entry. */
public record RepairReport(long bytesCopied, int rangesCopied, long entriesDeleted, int conflictsLeft,
                           boolean cancelled, double seconds, List<CopiedRange> copied) {
    public RepairReport {
        copied = List.copyOf(copied);
    }
}
