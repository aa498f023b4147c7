package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What repair does before it compares, for members whose data no entry describes (an object lost or
 * truncated, a table recreated, a replacement not yet filled): entries cannot say what such a member
 * misses, so it is rebuilt, the whole volume compared with a healthy member's and the differing
 * blocks copied onto it. Compare and repair of the entries follow as usual.
 */
final class RebuildPlan {
    /** A member to rebuild, and why it needs it. */
    record Target(UUID device, boolean online, String reason) {
    }

    private final List<Target> targets;
    private final UUID source;

    private RebuildPlan(List<Target> targets, UUID source) {
        this.targets = targets;
        this.source = source;
    }

    /**
     * The members of {@code mirror} that need a rebuild and the member to copy from: the device the
     * policy prefers when it is healthy, else the first online member whose data its entries describe.
     */
    static RebuildPlan of(Mirror mirror, RepairPolicy policy) throws IOException {
        List<MemberStatus> members = mirror.status();
        List<Target> targets = new ArrayList<>();
        for (MemberStatus s : members) {
            if (s.needsRebuild()) {
                targets.add(new Target(s.device(), s.online(), s.online()
                        ? "no entry describes its data" : "its object is missing or truncated"));
            }
        }
        if (targets.isEmpty()) {
            return new RebuildPlan(List.of(), null);
        }
        List<UUID> healthy = members.stream().filter(s -> s.online() && !s.needsRebuild() && !s.stale())
                .map(MemberStatus::device).toList();
        if (healthy.isEmpty()) {
            throw new TagMirrorException("no online device of mirror " + mirror.name() + " holds data its entries"
                    + " describe, to rebuild the others from; choose the device to copy from with 'verify "
                    + mirror.name() + " --repair-from DIR --yes'");
        }
        UUID source = policy.kind() == RepairPolicy.Kind.PREFER_DEVICE && healthy.contains(policy.preferDevice())
                ? policy.preferDevice() : healthy.get(0);
        return new RebuildPlan(List.copyOf(targets), source);
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    List<Target> targets() {
        return targets;
    }

    UUID source() {
        return source;
    }

    /** One line per member: what --yes would do to it. */
    String describe(Map<UUID, String> locations, long volumeBytes) {
        StringBuilder t = new StringBuilder();
        for (Target target : targets) {
            t.append("\n  would rebuild ").append(locations.get(target.device())).append(" (").append(target.reason())
                    .append("): ").append(target.online() ? "" : "restore its object, then ")
                    .append("compare all ").append(ByteSize.format(volumeBytes)).append(" with ")
                    .append(locations.get(source)).append(" and copy every block that differs onto it");
        }
        return t.toString();
    }

    List<Map<String, Object>> json(Map<UUID, String> locations) {
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
