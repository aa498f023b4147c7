package io.tagmirror.operations;

import io.tagmirror.engine.Alternatives;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.workspace.Reports;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The report a guided compare and repair ends with: entry counts before and after, what was copied,
 * how long each step took, the result, and what the alternatives would have copied. It holds what the
 * compare, repair and verify operations returned and puts their figures together into the document
 * that is exported ({@link #toMap}); it measures nothing itself. The console's repair wizard shows and
 * saves it; it assembles nothing of it.
 *
 * @param mirror the mirror's name
 * @param started when the compare started
 * @param finished when the last step ended
 * @param compared the compare's result
 * @param decisions how each conflict was settled, by range ("1200-1207": "Keep device-a")
 * @param repaired the repair's result, or null when no repair ran
 * @param verified the verify's result, or null when it was skipped
 * @param volumeBytes the mirror's size, for the alternatives
 */
public record GuidedRepairReport(String mirror, Instant started, Instant finished, CompareOperation.Compared compared,
                           Map<String, String> decisions, RepairOperation.Repaired repaired,
                           VerifyOperation.Verified verified, long volumeBytes) {

    public GuidedRepairReport {
        decisions = Collections.unmodifiableMap(new LinkedHashMap<>(decisions));
    }

    /** The compare's report. */
    public CompareReport compare() {
        return compared.report();
    }

    /** The repair's report, or null when no repair ran. */
    public RepairReport repair() {
        return repaired == null ? null : repaired.report();
    }

    /** The verify's report, or null when it was skipped. */
    public VerifyReport verify() {
        return verified == null ? null : verified.report();
    }

    /** One word or phrase, e.g. "repaired, verified identical". */
    public String result() {
        return resultOf(compare(), repair(), verify());
    }

    /** Each device's tag table size before the repair, by uuid: with no repair, what the compare read. */
    public Map<UUID, Long> entriesBefore() {
        return repaired == null ? compare().entriesPerDevice() : repaired.entriesBefore();
    }

    /** Each device's tag table size after it, by uuid (-1: unreadable); with no repair, as before. */
    public Map<UUID, Long> entriesAfter() {
        return repaired == null ? compare().entriesPerDevice() : repaired.entriesAfter();
    }

    /** The result phrase of a finished workflow. */
    public static String resultOf(CompareReport compare, RepairReport repair, VerifyReport verify) {
        String text;
        if (repair == null) {
            text = compare.inSync() ? "in sync" : "not repaired";
        } else if (repair.cancelled()) {
            return "cancelled";
        } else if (repair.undecided() > 0) {
            text = "repaired, " + Reports.toDecide(repair.conflictsLeft(), repair.tornNewestLeft()) + " left";
        } else {
            text = "repaired";
        }
        if (verify == null) {
            return text;
        }
        if (verify.cancelled()) {
            return text + ", verify cancelled";
        }
        return text + (verify.identical() ? ", verified identical" : ", verify found differences");
    }

    /** Whether the workflow ended with the mirror in sync and nothing left to do. */
    public boolean good() {
        RepairReport repair = repair();
        VerifyReport verify = verify();
        if (repair == null) {
            return compare().inSync() && (verify == null || verify.identical());
        }
        return !repair.cancelled() && repair.conflictsLeft() == 0 && (verify == null || verify.identical());
    }

    public long bytesCopied() {
        return repair() == null ? 0 : repair().bytesCopied();
    }

    /** From the start of the compare to the end of the last step, the administrator's pauses between steps included. */
    public Duration duration() {
        return Duration.between(started, finished);
    }

    /** The time the compare, the repair and the verify themselves took, without the pauses between them. */
    public double workSeconds() {
        return compare().seconds() + (repair() == null ? 0 : repair().seconds())
                + (verify() == null ? 0 : verify().seconds());
    }

    public List<Alternatives.Estimate> alternatives() {
        return Alternatives.of(compare(), volumeBytes);
    }

    public long totalBefore() {
        return entriesBefore().values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalAfter() {
        return entriesAfter().values().stream().mapToLong(v -> Math.max(0, v)).sum();
    }

    /**
     * The JSON shape exported: the operations' own figures (as the history keeps them) under "compare",
     * "repair" and "verify", with the workflow's result, times and decisions around them.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mirror", mirror);
        out.put("result", result());
        out.put("started", started.toString());
        out.put("finished", finished.toString());
        out.put("seconds", Math.round(duration().toMillis() / 10.0) / 100.0);
        out.put("workSeconds", Math.round(workSeconds() * 100) / 100.0);
        // with no repair the entries are what the compare read, named as its figures name devices
        Object entries = compared.figures().get("entries");
        out.put("entriesBefore", repaired == null ? entries : repaired.figures().get("entriesBefore"));
        out.put("entriesAfter", repaired == null ? entries : repaired.figures().get("entriesAfter"));
        out.put("bytesCopied", bytesCopied());
        out.put("compare", compared.figures());
        out.put("decisions", decisions);
        out.put("repair", repaired == null ? null : repaired.figures());
        out.put("verify", verified == null ? null : verified.figures());
        Map<String, Object> assumptions = new LinkedHashMap<>();
        assumptions.put("note", alternativesNote(alternatives()));
        assumptions.put("conflicts", "ranges left in conflict are not counted for the tags; the other methods count "
                + "every named range");
        out.put("alternativesRead", assumptions);
        return out;
    }

    /**
     * One paragraph saying, for these estimates, where the tags win and where a fine bitmap matches them,
     * so the comparison is read honestly; empty when either figure is missing.
     */
    public static String alternativesNote(List<Alternatives.Estimate> estimates) {
        Long tags = bytesOf(estimates, "tags");
        Long fine = bytesOf(estimates, "bitmap-4KiB");
        if (tags == null || fine == null) {
            return "";
        }
        if (tags == 0 && fine == 0) {
            return "Nothing diverged, so no method would have copied anything; the methods differ only in what "
                    + "they cost the host while it writes.";
        }
        if (fine <= tags) {
            return "Here a 4 KiB write-intent bitmap copies as much as the tags: every write the tables name "
                    + "covers whole 4 KiB units and each of them really differs. What the tags save is on the "
                    + "write path: no synchronous bitmap write ahead of the data. Coarse regions and activity "
                    + "logs copy far more.";
        }
        return "The tags copy less than even a 4 KiB bitmap: the compare reads the named blocks and copies only "
                + "those that differ, only onto the devices that lack them, while a bitmap copies every dirty "
                + "unit to every other device. Coarser regions and activity logs copy more still.";
    }

    private static Long bytesOf(List<Alternatives.Estimate> estimates, String method) {
        return estimates.stream().filter(e -> e.method().equals(method)).map(Alternatives.Estimate::bytesToCopy)
                .findFirst().orElse(null);
    }
}
