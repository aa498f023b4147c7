package io.tagmirror.engine;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The result of a compare: the verdict of every block range named by an entry, and, per device, the
 * newest entry batch it covered ({@code snapshotBatch}): a repair based on it settles entries up to there.
 * {@code unscrubbed} lists the compared devices whose data no entry describes (a recreated table, a
 * replacement, a restored object): the tables cannot vouch for them, so the mirror is not in sync
 * until the volume has been copied onto them. {@code intents} says what was read beside the entries:
 * the intent extents left from before a power cut.
 */
public record CompareReport(String mirror, UUID mirrorUuid, int blockSize, List<UUID> devices,
                            List<DiffRange> ranges, Map<UUID, Long> entriesPerDevice, long matchedEntries,
                            long blocksExamined, long bytesRead, double seconds, long epoch,
                            Map<UUID, Long> snapshotBatch, List<UUID> unscrubbed, PhaseTimings phases,
                            IntentFigures intents) {

    public CompareReport {
        intents = intents == null ? IntentFigures.NONE : intents;
    }

    /** A report that read no intent extent. */
    public CompareReport(String mirror, UUID mirrorUuid, int blockSize, List<UUID> devices,
                         List<DiffRange> ranges, Map<UUID, Long> entriesPerDevice, long matchedEntries,
                         long blocksExamined, long bytesRead, double seconds, long epoch,
                         Map<UUID, Long> snapshotBatch, List<UUID> unscrubbed, PhaseTimings phases) {
        this(mirror, mirrorUuid, blockSize, devices, ranges, entriesPerDevice, matchedEntries, blocksExamined,
                bytesRead, seconds, epoch, snapshotBatch, unscrubbed, phases, IntentFigures.NONE);
    }

    /** Bytes read for the blocks the entries name (the rest of {@code bytesRead} went to intent extents). */
    public long entryBytesRead() {
        return bytesRead - intents.bytesRead();
    }

    /** A report without phase timings. */
    public CompareReport(String mirror, UUID mirrorUuid, int blockSize, List<UUID> devices,
                         List<DiffRange> ranges, Map<UUID, Long> entriesPerDevice, long matchedEntries,
                         long blocksExamined, long bytesRead, double seconds, long epoch,
                         Map<UUID, Long> snapshotBatch, List<UUID> unscrubbed) {
        this(mirror, mirrorUuid, blockSize, devices, ranges, entriesPerDevice, matchedEntries, blocksExamined,
                bytesRead, seconds, epoch, snapshotBatch, unscrubbed, PhaseTimings.NONE);
    }

    /** A report in which every compared device's data is described by its entries. */
    public CompareReport(String mirror, UUID mirrorUuid, int blockSize, List<UUID> devices,
                         List<DiffRange> ranges, Map<UUID, Long> entriesPerDevice, long matchedEntries,
                         long blocksExamined, long bytesRead, double seconds, long epoch,
                         Map<UUID, Long> snapshotBatch) {
        this(mirror, mirrorUuid, blockSize, devices, ranges, entriesPerDevice, matchedEntries, blocksExamined,
                bytesRead, seconds, epoch, snapshotBatch, List.of());
    }

    /** Bytes a repair would write: a range copied to two targets counts twice; ranges that need a decision are not counted. */
    public long bytesToCopy() {
        long bytes = 0;
        for (DiffRange r : ranges) {
            if (r.verdict().copies()) {
                bytes += r.blockCount() * blockSize * r.targets().size();
            }
        }
        return bytes;
    }

    /** Bytes in ranges that differ between devices (each counted once). */
    public long divergentBytes() {
        long bytes = 0;
        for (DiffRange r : ranges) {
            if (r.verdict() != Verdict.IN_SYNC) {
                bytes += r.blockCount() * blockSize;
            }
        }
        return bytes;
    }

    public List<DiffRange> divergent() {
        return ranges.stream().filter(r -> r.verdict() != Verdict.IN_SYNC).toList();
    }

    public int conflicts() {
        return (int) ranges.stream().filter(r -> r.verdict() == Verdict.CONFLICT).count();
    }

    /** Ranges whose newest write matches no device's data (torn everywhere it went). */
    public int tornNewest() {
        return (int) ranges.stream().filter(r -> r.verdict() == Verdict.TORN_NEWEST).count();
    }

    /** Ranges a repair leaves alone until a policy or the administrator chooses: conflicts and torn newest writes. */
    public int undecided() {
        return (int) ranges.stream().filter(r -> r.verdict().needsDecision()).count();
    }

    public long totalEntries() {
        return entriesPerDevice.values().stream().mapToLong(Long::longValue).sum();
    }

    /** No range differs and every device's data is described by its entries. */
    public boolean inSync() {
        return unscrubbed.isEmpty() && ranges.stream().allMatch(r -> r.verdict() == Verdict.IN_SYNC);
    }
}
