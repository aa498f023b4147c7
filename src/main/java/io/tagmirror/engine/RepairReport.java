package io.tagmirror.engine;

import java.util.List;

/**
 * What a repair did. A cancelled repair copied some ranges and deleted no entry. Ranges left for a
 * decision are counted by kind: conflicts, and torn newest writes ({@link Verdict#TORN_NEWEST}).
 */
public record RepairReport(long bytesCopied, int rangesCopied, long entriesDeleted, int conflictsLeft,
                           int tornNewestLeft, boolean cancelled, double seconds, List<CopiedRange> copied,
                           PhaseTimings phases) {
    public RepairReport {
        copied = List.copyOf(copied);
    }

    /** A report without phase timings. */
    public RepairReport(long bytesCopied, int rangesCopied, long entriesDeleted, int conflictsLeft, int tornNewestLeft,
                        boolean cancelled, double seconds, List<CopiedRange> copied) {
        this(bytesCopied, rangesCopied, entriesDeleted, conflictsLeft, tornNewestLeft, cancelled, seconds, copied,
                PhaseTimings.NONE);
    }

    /** Ranges the repair left for a policy or the administrator to decide. */
    public int undecided() {
        return conflictsLeft + tornNewestLeft;
    }
}
