package io.tagmirror.operations;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a monitor watches on one mirror, read at one instant: each member's health, the mirror's state,
 * and the latest compare and verify the history holds. Read-only: the devices are opened without their
 * lock, so a check never stands in the way of a command or a serving process.
 *
 * @param state the mirror's state; {@link MirrorState#DEGRADED} also when no member is there
 * @param members by device uuid, in the mirror's member order
 * @param conflictEntry the history id of the latest compare or repair of the mirror when it found or left
 *                      conflicts, else 0
 * @param differingVerifyEntry the history id of the latest verify or scrub when it found blocks that
 *                             differ, else 0
 */
public record MirrorHealth(String mirror, MirrorState state, Map<UUID, Member> members, long conflictEntry,
                           long differingVerifyEntry) {

    /** How a member is, as the monitor tells it apart. */
    public enum Condition {
        /** online, nothing known missing */
        ONLINE,
        /** online, but missed writes or holds data no entry describes: a repair or scrub settles it */
        STALE,
        /** its device is not there (unmounted, unplugged, a path that is gone) */
        OFFLINE,
        /** its device is there but unusable: its object lost, its tag table corrupt, another format */
        FAILED
    }

    /** One member: where it is, its condition, and why when it is not online. */
    public record Member(UUID device, String location, Condition condition, String reason) {
    }

    public MirrorHealth {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** How many history entries back a check looks for the latest compare and verify. */
    private static final int HISTORY_WINDOW = 200;

    /** Reads mirror {@code name} of {@code workspace} now. */
    public static MirrorHealth read(Workspace workspace, String name) throws IOException {
        MirrorDefinition def = workspace.requireMirror(name);
        Map<UUID, Member> members = new LinkedHashMap<>();
        Set<UUID> present = presentDevices(workspace);
        MirrorState state;
        if (def.devices().stream().noneMatch(present::contains)) {
            // Not one member is there: nothing to open, each is offline.
            for (UUID uuid : def.devices()) {
                String location = workspace.devicePath(uuid).map(Object::toString).orElse(uuid.toString());
                members.put(uuid, new Member(uuid, location, Condition.OFFLINE, "not reachable (no device at " + location + ")"));
            }
            state = MirrorState.DEGRADED;
        } else {
            try (OpenMirror om = OpenMirror.open(workspace, name, DurabilityMode.POWER_SAFE, true)) {
                Map<UUID, String> locations = om.locations(workspace);
                for (MemberStatus s : om.mirror().status()) {
                    members.put(s.device(), member(present, om, s, locations.getOrDefault(s.device(), s.device().toString())));
                }
                state = om.mirror().state();
            }
        }
        List<Workspace.HistoryEntry> history = workspace.history(name, HISTORY_WINDOW);
        return new MirrorHealth(name, state, members, latest(history, List.of(HistoryKind.COMPARE, HistoryKind.REPAIR),
                List.of(Outcome.CONFLICTS, Outcome.CONFLICTS_LEFT)),
                latest(history, List.of(HistoryKind.VERIFY, HistoryKind.SCRUB), List.of(Outcome.DIFFERS)));
    }

    private static Member member(Set<UUID> present, OpenMirror om, MemberStatus s, String location) {
        if (s.online()) {
            return new Member(s.device(), location, s.stale() || s.needsRebuild() ? Condition.STALE : Condition.ONLINE, "");
        }
        String reason = om.unavailable().getOrDefault(s.device(), s.offlineReason());
        return new Member(s.device(), location, present.contains(s.device()) ? Condition.FAILED : Condition.OFFLINE,
                reason == null ? "" : reason);
    }

    /** The workspace's devices that are there to be opened (they have their descriptor), though some may be unusable. */
    private static Set<UUID> presentDevices(Workspace workspace) throws IOException {
        Set<UUID> out = new HashSet<>();
        for (Workspace.KnownDevice d : workspace.devices()) {
            if (d.address().isDevice()) {
                out.add(d.uuid());
            }
        }
        return out;
    }

    /**
     * The id of the newest entry of one of {@code kinds} when its outcome is one of {@code outcomes},
     * else 0: a later clean compare or verify settles what an earlier one found.
     */
    private static long latest(List<Workspace.HistoryEntry> newestFirst, List<HistoryKind> kinds, List<Outcome> outcomes) {
        for (Workspace.HistoryEntry e : newestFirst) {
            HistoryKind kind;
            Outcome outcome;
            try {
                kind = HistoryKind.fromCode(e.kind());
                outcome = Outcome.fromCode(e.result());
            } catch (IllegalArgumentException newerCatalog) {
                continue; // a kind or outcome of a newer version: not one of those asked for
            }
            if (kinds.contains(kind)) {
                return outcomes.contains(outcome) ? e.id() : 0;
            }
        }
        return 0;
    }
}
