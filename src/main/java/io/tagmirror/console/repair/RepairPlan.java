package io.tagmirror.console.repair;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Verdict;
import io.tagmirror.operations.RangeChoice;
import io.tagmirror.operations.RepairOperation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a repair will do with a compare report once the administrator has settled its conflicts: which
 * ranges are copied from where to where, and the bytes per device.
 *
 * <p>How a choice settles a range (from which device onto which) is the repair operation's
 * {@link RepairOperation#settled}: the plan reads its rows from the report that operation makes, so what
 * the review shows is what the repair is given.
 */
public final class RepairPlan {

    private final CompareReport report;
    private final Map<Integer, RangeChoice> choices;
    private final List<PlanRow> rows;
    private final CompareReport effective;

    private RepairPlan(CompareReport report, Map<Integer, RangeChoice> choices, List<PlanRow> rows,
                       CompareReport effective) {
        this.report = report;
        // in range order, as the history lists the decisions
        this.choices = Collections.unmodifiableMap(new TreeMap<>(choices));
        this.rows = List.copyOf(rows);
        this.effective = effective;
    }

    /** The plan for {@code report} with the conflicts settled by {@code choices}, keyed by range index. */
    public static RepairPlan of(CompareReport report, Map<Integer, ConflictChoice> choices) {
        Map<Integer, RangeChoice> settling = new TreeMap<>();
        for (int i = 0; i < report.ranges().size(); i++) {
            if (report.ranges().get(i).verdict().needsDecision()) {
                int index = i;
                choices.getOrDefault(i, ConflictChoice.UNDECIDED).rangeChoice().ifPresent(c -> settling.put(index, c));
            }
        }
        CompareReport effective = RepairOperation.settled(report, settling);
        List<PlanRow> rows = new ArrayList<>();
        long bs = report.blockSize();
        for (int i = 0; i < report.ranges().size(); i++) {
            DiffRange found = report.ranges().get(i);
            if (found.verdict() == Verdict.IN_SYNC) {
                continue;
            }
            ConflictChoice choice = found.verdict().needsDecision()
                    ? choices.getOrDefault(i, ConflictChoice.UNDECIDED) : ConflictChoice.UNDECIDED;
            // a range still to decide in the settled report is left: nothing copied there
            DiffRange settled = effective.ranges().get(i);
            boolean copies = !settled.verdict().needsDecision();
            rows.add(new PlanRow(i, found, choice, copies ? settled.source() : null,
                    copies ? settled.targets() : List.of(),
                    copies ? found.blockCount() * bs * settled.targets().size() : 0));
        }
        return new RepairPlan(report, settling, rows, effective);
    }

    /** The compare report as compare made it. */
    public CompareReport report() {
        return report;
    }

    /** The divergent ranges in block order. */
    public List<PlanRow> rows() {
        return rows;
    }

    /** The report the repair works from, the decided conflicts turned into copies. */
    public CompareReport effectiveReport() {
        return effective;
    }

    /** The choices to give the repair operation, by range index; a range to decide without one is left. */
    public Map<Integer, RangeChoice> choices() {
        return choices;
    }

    /** The ranges that wait for a choice of data: conflicts and torn newest writes. */
    public List<PlanRow> toDecide() {
        return rows.stream().filter(PlanRow::needsDecision).toList();
    }

    /** Ranges to decide with no decision yet. */
    public int undecided() {
        return (int) rows.stream().filter(r -> r.needsDecision() && r.choice().kind() == ConflictChoice.Kind.UNDECIDED)
                .count();
    }

    /** Conflicts this repair leaves, undecided or left on purpose. */
    public int conflictsLeft() {
        return left(Verdict.CONFLICT);
    }

    /** Torn newest writes this repair leaves, undecided or left on purpose. */
    public int tornNewestLeft() {
        return left(Verdict.TORN_NEWEST);
    }

    private int left(Verdict verdict) {
        return (int) rows.stream().filter(r -> r.verdict() == verdict && !r.choice().decides()).count();
    }

    /** Ranges whose data is identical everywhere: the repair only deletes their entries. */
    public int inSyncRanges() {
        return (int) report.ranges().stream().filter(r -> r.verdict() == Verdict.IN_SYNC).count();
    }

    /** Bytes the repair writes, over all targets. */
    public long bytesToWrite() {
        return rows.stream().mapToLong(PlanRow::bytes).sum();
    }

    /** Ranges the repair copies. */
    public int rangesToCopy() {
        return (int) rows.stream().filter(PlanRow::copies).count();
    }

    /** Blocks the repair reads from sources, each range once. */
    public long blocksToCopy() {
        return rows.stream().filter(PlanRow::copies).mapToLong(PlanRow::blockCount).sum();
    }

    /** Whether a repair would change anything: copy a range or delete entries. */
    public boolean hasWork() {
        return rangesToCopy() > 0 || inSyncRanges() > 0 || report.totalEntries() > 0;
    }

    /** Bytes written onto each device, for the devices that receive any, in the report's device order. */
    public Map<UUID, Long> bytesPerTarget() {
        Map<UUID, Long> out = new LinkedHashMap<>();
        for (UUID d : report.devices()) {
            long bytes = 0;
            for (PlanRow r : rows) {
                if (r.copies() && r.targets().contains(d)) {
                    bytes += r.blockCount() * report.blockSize();
                }
            }
            if (bytes > 0) {
                out.put(d, bytes);
            }
        }
        return out;
    }

    /** Bytes read from each device that is a source, in the report's device order. */
    public Map<UUID, Long> bytesPerSource() {
        Map<UUID, Long> out = new LinkedHashMap<>();
        for (UUID d : report.devices()) {
            long bytes = rows.stream().filter(r -> r.copies() && d.equals(r.source()))
                    .mapToLong(r -> r.blockCount() * report.blockSize()).sum();
            if (bytes > 0) {
                out.put(d, bytes);
            }
        }
        return out;
    }

    /**
     * One sentence per target saying exactly what is overwritten on it and with whose data, e.g.
     * "device-b: 48 blocks in 12 ranges (192 KiB) are overwritten with data from device-a".
     */
    public List<String> overwriteSentences(Map<UUID, String> names) {
        List<String> out = new ArrayList<>();
        for (UUID target : bytesPerTarget().keySet()) {
            Map<UUID, long[]> bySource = new LinkedHashMap<>();
            for (PlanRow r : rows) {
                if (r.copies() && r.targets().contains(target)) {
                    long[] n = bySource.computeIfAbsent(r.source(), k -> new long[2]);
                    n[0] += r.blockCount();
                    n[1]++;
                }
            }
            List<String> parts = new ArrayList<>();
            bySource.forEach((source, n) -> parts.add(n[0] + (n[0] == 1 ? " block" : " blocks") + " in " + n[1]
                    + (n[1] == 1 ? " range" : " ranges") + " (" + ByteSize.format(n[0] * report.blockSize())
                    + ") will be overwritten with data from " + names.getOrDefault(source, source.toString())));
            out.add(names.getOrDefault(target, target.toString()) + ": " + String.join("; ", parts));
        }
        return out;
    }
}
