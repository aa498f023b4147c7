package io.tagmirror.console.repair;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.engine.ConflictSide;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workspace.Reports;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The words the review and confirm steps use for a plan and its rows. */
public final class PlanText {

    private PlanText() {
    }

    /** "1,200–1,207", or "1,200" for one block. */
    public static String blocks(long first, long count) {
        return count == 1 ? String.format(Locale.ROOT, "%,d", first)
                : String.format(Locale.ROOT, "%,d–%,d", first, first + count - 1);
    }

    /**
     * A verdict with its symbol, so it never depends on colour alone. The word is the one the command
     * line prints and {@code --json} gives ({@link Verdict#label()}), spaced: one word for one verdict.
     */
    public static String verdict(Verdict v) {
        String symbol = switch (v) {
            case COPY -> "+";
            case TORN -> "≠";
            case EXTEND -> "⇥";
            case CONFLICT -> "✕";
            case TORN_NEWEST -> "⊘";
            case INTENT -> "◇";
            case WHOLE_VOLUME -> "▦";
            case IN_SYNC -> "=";
        };
        return symbol + "  " + v.label().replace('-', ' ');
    }

    /** "1 conflict", "2 torn newest writes", "1 conflict and 1 torn newest write"; empty for none. */
    public static String leftToDecide(int conflicts, int tornNewest) {
        return Reports.toDecide(conflicts, tornNewest);
    }

    /** The style class of a verdict's colour. */
    public static String verdictStyle(Verdict v) {
        return switch (v) {
            case CONFLICT -> "state-conflict";
            case IN_SYNC -> "state-in-sync";
            default -> "state-diverged";
        };
    }

    public static String devices(List<UUID> devices, Map<UUID, String> names) {
        return devices.isEmpty() ? "—" : devices.stream().map(d -> names.getOrDefault(d, d.toString()))
                .collect(Collectors.joining(", "));
    }

    /** One device's side of a range to decide in short, under a "data matches" heading: "2:41 · 3 entries". */
    public static String side(ConflictSide side) {
        String data = side.dataMatches() == null ? "no entry" : side.dataMatches().toString();
        int n = side.tags().size();
        return data + " · " + n + (n == 1 ? " entry" : " entries");
    }

    /** One device's side of a range to decide in full: "entries 2:41, 1:17; data matches 2:41". */
    public static String sideInFull(ConflictSide side) {
        String tags = side.tags().isEmpty() ? "no entry"
                : "entries " + side.tags().stream().map(Object::toString).collect(Collectors.joining(", "));
        return tags + "; " + (side.dataMatches() == null ? "data matches none of them"
                : "data matches " + side.dataMatches());
    }

    /**
     * The review's summary line; after a power cut it also says what was read for the entries and what
     * in the intent extents the devices kept.
     */
    public static String summary(RepairPlan plan) {
        String summary = entriesSummary(plan);
        return plan.report().intents().extents().isEmpty() ? summary
                : summary + "\nThe compare " + Reports.readBeside(plan.report()) + ".";
    }

    private static String entriesSummary(RepairPlan plan) {
        if (plan.rows().isEmpty()) {
            return plan.inSyncRanges() == 0 && plan.report().totalEntries() == 0
                    ? "The mirror is in sync and its tag tables are empty: there is nothing to repair."
                    : "Every block the tag tables name is identical on all devices. A repair copies nothing and "
                    + "only deletes the " + plan.report().totalEntries() + " entries that named them.";
        }
        StringBuilder t = new StringBuilder();
        t.append(plan.rangesToCopy()).append(plan.rangesToCopy() == 1 ? " range" : " ranges").append(" to copy (")
                .append(ByteSize.format(plan.bytesToWrite())).append(" written)");
        List<PlanRow> toDecide = plan.toDecide();
        if (!toDecide.isEmpty()) {
            int conflicts = (int) toDecide.stream().filter(r -> r.verdict() == Verdict.CONFLICT).count();
            t.append(" · ").append(leftToDecide(conflicts, toDecide.size() - conflicts));
            if (plan.undecided() > 0) {
                t.append(" (").append(plan.undecided()).append(" to decide)");
            }
        }
        if (plan.inSyncRanges() > 0) {
            t.append(" · ").append(plan.inSyncRanges()).append(plan.inSyncRanges() == 1 ? " range" : " ranges")
                    .append(" identical (entries only)");
        }
        return t.toString();
    }

    /** "Written onto device-b: 1.2 MiB · read from device-a: 1.2 MiB". */
    public static String perDevice(RepairPlan plan, Map<UUID, String> names) {
        StringBuilder t = new StringBuilder();
        plan.bytesPerTarget().forEach((d, bytes) -> t.append(t.length() == 0 ? "" : " · ").append("written onto ")
                .append(names.getOrDefault(d, d.toString())).append(": ").append(ByteSize.format(bytes)));
        plan.bytesPerSource().forEach((d, bytes) -> t.append(t.length() == 0 ? "" : " · ").append("read from ")
                .append(names.getOrDefault(d, d.toString())).append(": ").append(ByteSize.format(bytes)));
        return t.length() == 0 ? "" : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
