package io.tagmirror.console.repair;

import io.tagmirror.engine.Alternatives;
import io.tagmirror.operations.GuidedRepairReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one resync method would have copied for the divergence a compare found, with what it assumes
 * and what it costs the host on every write, for the report's comparison.
 *
 * @param method the method's key, e.g. "bitmap-4KiB"
 * @param label the method in words
 * @param bytes bytes it would copy, over all targets
 * @param timesTags bytes relative to what the tags copy, or -1 when the tags copy nothing
 * @param assumption what the estimate assumes
 * @param hostCost what the method costs the host while it writes
 */
public record AlternativeRow(String method, String label, long bytes, double timesTags, String assumption,
                             String hostCost) {

    /** The rows for {@code estimates}, in their order; the first is the tags' own figure. */
    public static List<AlternativeRow> of(List<Alternatives.Estimate> estimates) {
        long tags = estimates.stream().filter(e -> e.method().equals("tags")).mapToLong(Alternatives.Estimate::bytesToCopy)
                .findFirst().orElse(0);
        List<AlternativeRow> rows = new ArrayList<>();
        for (Alternatives.Estimate e : estimates) {
            rows.add(new AlternativeRow(e.method(), label(e.method()), e.bytesToCopy(),
                    tags > 0 ? (double) e.bytesToCopy() / tags : -1, e.assumption(), hostCost(e.method())));
        }
        return rows;
    }

    /** "×1", "×2.5", "×512", or "—" when the tags copy nothing. */
    public String timesText() {
        if (timesTags < 0) {
            return "—";
        }
        if (timesTags >= 100 || timesTags == Math.rint(timesTags)) {
            return String.format(Locale.ROOT, "×%,.0f", timesTags);
        }
        return String.format(Locale.ROOT, "×%.1f", timesTags);
    }

    static String label(String method) {
        return switch (method) {
            case "tags" -> "Per-write tags (this repair)";
            case "bitmap-4KiB" -> "Write-intent bitmap, 4 KiB regions";
            case "bitmap-64MiB" -> "Write-intent bitmap, 64 MiB regions (md default)";
            case "activity-log-4MiB" -> "Activity log, 4 MiB extents (DRBD default)";
            default -> method;
        };
    }

    static String hostCost(String method) {
        if (method.equals("tags")) {
            return "entries go to each device in batches with the data (group commit); no write ahead of the data";
        }
        if (method.startsWith("bitmap")) {
            return "a synchronous bitmap write before the data whenever a write dirties a clean region";
        }
        if (method.startsWith("activity-log")) {
            return "a synchronous log write whenever a write falls outside the active extents";
        }
        return "";
    }

    /**
     * One paragraph saying, for these figures, where the tags win and where a fine bitmap matches them,
     * so the comparison is read honestly: the exported report's own note.
     */
    public static String verdict(List<AlternativeRow> rows) {
        List<Alternatives.Estimate> estimates = new ArrayList<>();
        for (AlternativeRow r : rows) {
            estimates.add(new Alternatives.Estimate(r.method(), r.bytes(), r.assumption()));
        }
        return GuidedRepairReport.alternativesNote(estimates);
    }
}
