package io.tagmirror.console.repair;

import io.tagmirror.engine.Alternatives;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.workspace.Reports;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The report a guided compare and repair ends with: entry counts before and after, what was copied,
 * how long each step took, the result, and what the alternatives would have copied.
 *
 * @param mirror the mirror's name
 * @param started when the compare started
 * @param finished when the last step ended
 * @param result one word or phrase, e.g. "repaired, verified identical"
 * @param compare the compare report
 * @param decisions how each conflict was settled, by range ("1200-1207": "Keep device-a")
 * @param repair the repair's report, or null when no repair ran
 * @param entriesBefore each device's tag table size before the repair, by uuid
 * @param entriesAfter each device's tag table size after it, by uuid (-1: unreadable)
 * @param verify the verify's report, or null when it was skipped
 * @param locations where each device is, by uuid
 * @param volumeBytes the mirror's size, for the alternatives
 */
public record WizardReport(String mirror, Instant started, Instant finished, String result, CompareReport compare,
                           Map<String, String> decisions, RepairReport repair, Map<UUID, Long> entriesBefore,
                           Map<UUID, Long> entriesAfter, VerifyReport verify, Map<UUID, String> locations,
                           long volumeBytes) {

    public WizardReport {
        decisions = Map.copyOf(decisions);
        entriesBefore = new LinkedHashMap<>(entriesBefore);
        entriesAfter = new LinkedHashMap<>(entriesAfter);
        locations = new LinkedHashMap<>(locations);
    }

    /** The result phrase of a finished workflow. */
    static String resultOf(CompareReport compare, RepairReport repair, VerifyReport verify) {
        String text;
        if (repair == null) {
            text = compare.inSync() ? "in sync" : "not repaired";
        } else if (repair.cancelled()) {
            return "cancelled";
        } else if (repair.undecided() > 0) {
            text = "repaired, " + PlanText.leftToDecide(repair.conflictsLeft(), repair.tornNewestLeft()) + " left";
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
        if (repair == null) {
            return compare.inSync() && (verify == null || verify.identical());
        }
        return !repair.cancelled() && repair.conflictsLeft() == 0 && (verify == null || verify.identical());
    }

    public long bytesCopied() {
        return repair == null ? 0 : repair.bytesCopied();
    }

    /** From the start of the compare to the end of the last step, the administrator's pauses between steps included. */
    public Duration duration() {
        return Duration.between(started, finished);
    }

    /** The time the compare, the repair and the verify themselves took, without the pauses between them. */
    public double workSeconds() {
        return compare.seconds() + (repair == null ? 0 : repair.seconds()) + (verify == null ? 0 : verify.seconds());
    }

    public List<Alternatives.Estimate> alternatives() {
        return Alternatives.of(compare, volumeBytes);
    }

    public long totalBefore() {
        return entriesBefore.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalAfter() {
        return entriesAfter.values().stream().mapToLong(v -> Math.max(0, v)).sum();
    }

    /** The JSON shape exported and kept in the history, devices named by where they are. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mirror", mirror);
        out.put("result", result);
        out.put("started", started.toString());
        out.put("finished", finished.toString());
        out.put("seconds", Math.round(duration().toMillis() / 10.0) / 100.0);
        out.put("workSeconds", Math.round(workSeconds() * 100) / 100.0);
        out.put("entriesBefore", byLocation(entriesBefore));
        out.put("entriesAfter", byLocation(entriesAfter));
        out.put("bytesCopied", bytesCopied());
        out.put("compare", Reports.compare(compare, locations, volumeBytes));
        out.put("decisions", new LinkedHashMap<>(decisions));
        out.put("repair", repair == null ? null : Reports.repair(repair, locations));
        out.put("verify", verify == null ? null : Reports.verify(verify, locations));
        Map<String, Object> assumptions = new LinkedHashMap<>();
        assumptions.put("note", AlternativeRow.verdict(AlternativeRow.of(alternatives())));
        assumptions.put("conflicts", "ranges left in conflict are not counted for the tags; the other methods count "
                + "every named range");
        out.put("alternativesRead", assumptions);
        return out;
    }

    private Map<String, Long> byLocation(Map<UUID, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((uuid, n) -> out.put(locations.getOrDefault(uuid, uuid.toString()), n));
        return out;
    }
}
