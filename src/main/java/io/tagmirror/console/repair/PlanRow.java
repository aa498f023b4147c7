package io.tagmirror.console.repair;

import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Verdict;
import java.util.List;
import java.util.UUID;

/**
 * One divergent range of a compare as the repair will treat it.
 *
 * @param index the range's position in the compare report, which keys its conflict choice
 * @param range the range as compare found it
 * @param choice for a range that needs a decision (a conflict, a torn newest write), how it is settled; {@link ConflictChoice#UNDECIDED} for other verdicts
 * @param source the device copied from, or null when nothing is copied
 * @param targets the devices overwritten; empty when nothing is copied
 * @param bytes bytes written, summed over the targets
 */
public record PlanRow(int index, DiffRange range, ConflictChoice choice, UUID source, List<UUID> targets, long bytes) {

    public PlanRow {
        targets = List.copyOf(targets);
    }

    public long firstBlock() {
        return range.firstBlock();
    }

    public long blockCount() {
        return range.blockCount();
    }

    public Verdict verdict() {
        return range.verdict();
    }

    /** Whether the range waits for a choice of data: a conflict, or a torn newest write. */
    public boolean needsDecision() {
        return range.verdict().needsDecision();
    }

    /** Whether the repair copies this range. */
    public boolean copies() {
        return source != null && !targets.isEmpty();
    }
}
