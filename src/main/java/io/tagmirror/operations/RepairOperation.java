package io.tagmirror.operations;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Reports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Repair: copies what a compare found different, settling the ranges that wait for a choice of data
 * either by one policy for all (the command line's {@code --policy}) or range by range (the console's
 * wizard), and records the repair in the history.
 */
public final class RepairOperation {

    private RepairOperation() {
    }

    /**
     * A repair's result.
     *
     * @param report the engine's report
     * @param entriesBefore each member's tag table size for this mirror just before the repair, by uuid
     *                      (-1: the device is not open)
     * @param entriesAfter the same just after it: what is left for a later repair
     * @param figures its JSON shape, as {@code --json} prints it and the history keeps it, the entry counts
     *                included by where each device is
     */
    public record Repaired(RepairReport report, Map<UUID, Long> entriesBefore, Map<UUID, Long> entriesAfter,
                           Map<String, Object> figures) {
        public Repaired {
            entriesBefore = Collections.unmodifiableMap(new LinkedHashMap<>(entriesBefore));
            entriesAfter = Collections.unmodifiableMap(new LinkedHashMap<>(entriesAfter));
        }
    }

    /** Repairs by {@code compared} with one policy for every conflict and torn newest write. */
    public static Repaired run(AssembledMirror on, CompareOperation.Compared compared, RepairPolicy policy,
                               TaskMonitor monitor) throws IOException {
        return run(on, compared, policy, Map.of(), monitor);
    }

    /**
     * As {@link #run(AssembledMirror, CompareOperation.Compared, RepairPolicy, TaskMonitor)}, the history
     * entry also holding {@code earlier}: what the same repair did before its compare (rebuilds).
     */
    public static Repaired run(AssembledMirror on, CompareOperation.Compared compared, RepairPolicy policy,
                               Map<String, Object> earlier, TaskMonitor monitor) throws IOException {
        checkMember(on, policy.kind() == RepairPolicy.Kind.PREFER_DEVICE ? policy.preferDevice() : null);
        return repair(on, compared, compared.report(), policy, earlier, Map.of(), monitor);
    }

    /**
     * Repairs by {@code compared} with a choice per range, keyed by the range's index in the report's
     * {@link CompareReport#ranges()}; a range to decide without a choice is left, its entries kept.
     */
    public static Repaired run(AssembledMirror on, CompareOperation.Compared compared, Map<Integer, RangeChoice> choices,
                               TaskMonitor monitor) throws IOException {
        List<DiffRange> ranges = compared.report().ranges();
        Map<String, Object> decisions = new LinkedHashMap<>();
        for (Map.Entry<Integer, RangeChoice> e : choices.entrySet()) {
            int index = e.getKey();
            if (index < 0 || index >= ranges.size() || !ranges.get(index).verdict().needsDecision()) {
                throw new IllegalArgumentException("range " + index + " of the compare waits for no choice");
            }
            checkMember(on, e.getValue().device());
            decisions.put(ranges.get(index).range().toString(), e.getValue().describe(on.locationNames()));
        }
        return repair(on, compared, settled(compared.report(), choices), RepairPolicy.NONE, Map.of(), decisions, monitor);
    }

    /**
     * The report the engine's repair is given for per-range choices: each chosen range becomes a plain copy
     * from the chosen device; the rest stay to decide, and {@link RepairPolicy#NONE} keeps their entries.
     */
    public static CompareReport settled(CompareReport report, Map<Integer, RangeChoice> choices) {
        List<DiffRange> ranges = new ArrayList<>(report.ranges());
        for (Map.Entry<Integer, RangeChoice> e : choices.entrySet()) {
            DiffRange r = ranges.get(e.getKey());
            if (!r.verdict().needsDecision()) {
                continue;
            }
            UUID source;
            List<UUID> targets;
            if (e.getValue().kind() == RangeChoice.Kind.NEWEST_SEQUENCE) {
                source = r.source();
                targets = r.targets();
            } else {
                UUID kept = e.getValue().device();
                source = kept;
                targets = report.devices().stream().filter(d -> !d.equals(kept)).toList();
            }
            ranges.set(e.getKey(), new DiffRange(r.objectId(), r.firstBlock(), r.blockCount(), Verdict.COPY, source,
                    targets, r.newest(), r.sourceVerified(), r.sides()));
        }
        return new CompareReport(report.mirror(), report.mirrorUuid(), report.blockSize(), report.devices(), ranges,
                report.entriesPerDevice(), report.matchedEntries(), report.blocksExamined(), report.bytesRead(),
                report.seconds(), report.epoch(), report.snapshotBatch(), report.unscrubbed(), report.phases(),
                report.intents());
    }

    private static Repaired repair(AssembledMirror on, CompareOperation.Compared compared, CompareReport effective,
                                   RepairPolicy policy, Map<String, Object> earlier, Map<String, Object> decisions,
                                   TaskMonitor monitor)
            throws IOException {
        if (compared.mirror() != on.mirror()) {
            // a report names the devices and batches of the mirror object it was made on
            throw new TagMirrorException("mirror " + on.name() + " was assembled again since the compare; compare again");
        }
        Map<UUID, Long> before = entries(on);
        RepairReport r = on.mirror().repair(effective, policy, monitor);
        Map<UUID, Long> after = entries(on);
        Map<String, Object> figures = new LinkedHashMap<>(earlier);
        figures.putAll(Reports.repair(r, on.locationNames()));
        figures.put("entriesBefore", byLocation(before, on.locationNames()));
        figures.put("entriesAfter", byLocation(after, on.locationNames()));
        if (!decisions.isEmpty()) {
            figures.put("decisions", decisions);
        }
        on.workspace().recordHistory(HistoryKind.REPAIR, on.name(), Reports.repairOutcome(r), figures);
        MemberOutageOperation.settleReturning(on);
        return new Repaired(r, before, after, figures);
    }

    /** Each member's entries for this mirror, in member order; what a repair settles it deletes from them. */
    private static Map<UUID, Long> entries(AssembledMirror on) throws IOException {
        Map<UUID, Long> out = new LinkedHashMap<>();
        for (MemberStatus s : on.mirror().status()) {
            out.put(s.device(), s.entries());
        }
        return out;
    }

    private static Map<String, Long> byLocation(Map<UUID, Long> counts, Map<UUID, String> locations) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((uuid, n) -> out.put(locations.getOrDefault(uuid, uuid.toString()), n));
        return out;
    }

    private static void checkMember(AssembledMirror on, UUID device) throws TagMirrorException {
        if (device != null && !on.mirror().definition().devices().contains(device)) {
            throw new TagMirrorException(on.locationNames().getOrDefault(device, device.toString())
                    + " is not a member of mirror " + on.name() + "; keep the data of one of its members");
        }
    }
}
