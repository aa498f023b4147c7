package io.tagmirror.operations;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The first part of a repair, for members whose data no entry describes (an object lost or truncated,
 * a table recreated, a replacement not yet filled): entries cannot say what such a member misses, so
 * it is rebuilt, the whole volume compared with a healthy member's and the differing blocks copied
 * onto it (its object restored first when lost). Compare and repair of the entries follow as usual.
 * Each rebuild is kept in the history.
 */
public final class RebuildOperation {

    /**
     * A member to rebuild, and why it needs it.
     *
     * @param online false when its object is lost: it is restored before the copy
     */
    public record Target(UUID device, boolean online, String reason) {
    }

    /**
     * The rebuilds a repair starts with; nothing was changed to make it.
     *
     * @param targets the members to rebuild, in the mirror's member order; empty when none needs it
     * @param source the healthy member to copy from, or null when there is nothing to rebuild
     */
    public record Plan(List<Target> targets, UUID source) {

        public Plan {
            targets = List.copyOf(targets);
        }

        public boolean isEmpty() {
            return targets.isEmpty();
        }

        /** One line per member, each starting on a new line: what the rebuild will do to it. */
        public String describe(Map<UUID, String> locations, long volumeBytes) {
            StringBuilder t = new StringBuilder();
            for (Target target : targets) {
                t.append("\n  would rebuild ").append(locations.get(target.device())).append(" (").append(target.reason())
                        .append("): ").append(target.online() ? "" : "restore its object, then ")
                        .append("compare all ").append(ByteSize.format(volumeBytes)).append(" with ")
                        .append(locations.get(source)).append(" and copy every block that differs onto it");
            }
            return t.toString();
        }

        /** Its JSON shape: one row per target. */
        public List<Map<String, Object>> figures(Map<UUID, String> locations) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Target target : targets) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("device", locations.get(target.device()));
                row.put("reason", target.reason());
                row.put("source", locations.get(source));
                out.add(row);
            }
            return out;
        }
    }

    /**
     * What the rebuilds did.
     *
     * @param rebuilt the targets rebuilt (the last one cut short when cancelled), each with its report
     * @param figures one row per target rebuilt, as the history keeps it and {@code --json} prints it
     * @param cancelled whether it was stopped before the end: the rest of the repair must not follow
     */
    public record Rebuilt(Map<UUID, ScrubReport> rebuilt, List<Map<String, Object>> figures, boolean cancelled) {
    }

    private RebuildOperation() {
    }

    /**
     * The members of the mirror that need a rebuild and the member to copy from: {@code preferred} when
     * it is healthy (may be null), else the first online member whose data its entries describe; refused
     * when a member needs a rebuild and none is healthy.
     */
    public static Plan plan(AssembledMirror on, UUID preferred) throws IOException {
        List<MemberStatus> members = on.mirror().status();
        List<Target> targets = new ArrayList<>();
        for (MemberStatus s : members) {
            if (s.needsRebuild()) {
                targets.add(new Target(s.device(), s.online(), s.online()
                        ? "no entry describes its data" : "its object is missing or truncated"));
            }
        }
        if (targets.isEmpty()) {
            return new Plan(List.of(), null);
        }
        List<UUID> healthy = members.stream().filter(s -> s.online() && !s.needsRebuild() && !s.stale())
                .map(MemberStatus::device).toList();
        if (healthy.isEmpty()) {
            throw new TagMirrorException("no online device of mirror " + on.name() + " holds data its entries"
                    + " describe, to rebuild the others from; choose the device to copy from with 'verify "
                    + on.name() + " --repair-from DIR --yes'");
        }
        UUID source = preferred != null && healthy.contains(preferred) ? preferred : healthy.get(0);
        return new Plan(targets, source);
    }

    /** Rebuilds the targets of {@code plan} one by one, stopping at the first that was cancelled. */
    public static Rebuilt run(AssembledMirror on, Plan plan, TaskMonitor monitor) throws IOException {
        Map<UUID, ScrubReport> rebuilt = new LinkedHashMap<>();
        List<Map<String, Object>> figures = new ArrayList<>();
        List<Map<String, Object>> rows = plan.figures(on.locationNames());
        for (int i = 0; i < plan.targets().size(); i++) {
            UUID target = plan.targets().get(i).device();
            ScrubReport scrub = on.mirror().rebuild(target, plan.source(), monitor);
            Map<String, Object> row = rows.get(i);
            row.put("blocksCompared", scrub.blocksCompared());
            row.put("blocksCopied", scrub.blocksCopied());
            row.put("bytesCopied", scrub.bytesCopied());
            row.put("cancelled", scrub.cancelled());
            row.put("seconds", scrub.seconds());
            on.workspace().recordHistory(HistoryKind.SCRUB, on.name(),
                    scrub.cancelled() ? Outcome.CANCELLED : Outcome.REBUILT, row);
            rebuilt.put(target, scrub);
            figures.add(row);
            if (scrub.cancelled()) {
                return new Rebuilt(rebuilt, figures, true);
            }
        }
        return new Rebuilt(rebuilt, figures, false);
    }
}
