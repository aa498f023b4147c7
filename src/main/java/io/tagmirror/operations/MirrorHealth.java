package io.tagmirror.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.serve.ControlProtocol;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.MemberOutages;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a monitor watches on one mirror, read at one instant: each member's health, the mirror's state,
 * and the latest compare and verify the history holds. Read-only: the devices are opened without their
 * lock, so a check never stands in the way of a command or a serving process. A mirror that is served
 * is read through its control socket instead, from the process that holds it: only that process knows
 * a member that failed under its clients' writes, one taken offline there, or its background resync.
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

    /**
     * One member: where it is, its condition, and why when it is not online.
     *
     * @param logIncomplete whether its tag log filled while it could not be trimmed and no longer names
     *                      every write (the next compare reads the whole volume)
     */
    public record Member(UUID device, String location, Condition condition, String reason, boolean logIncomplete) {
        public Member(UUID device, String location, Condition condition, String reason) {
            this(device, location, condition, reason, false);
        }
    }

    public MirrorHealth {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** How many history entries back a check looks for the latest compare and verify. */
    private static final int HISTORY_WINDOW = 200;

    /** Reads mirror {@code name} of {@code workspace} now, through its serving process when it is served. */
    public static MirrorHealth read(Workspace workspace, String name) throws IOException {
        return read(workspace, name, new DeviceReadings());
    }

    /**
     * As {@link #read(Workspace, String)}, its devices read again only when their files changed since
     * {@code readings} last read them (the catalog's outages and history are read each time).
     */
    static MirrorHealth read(Workspace workspace, String name, DeviceReadings readings) throws IOException {
        MirrorDefinition def = workspace.requireMirror(name);
        Map<UUID, Member> members = new LinkedHashMap<>();
        Set<UUID> present = presentDevices(workspace);
        Set<UUID> takenOffline = takenOffline(workspace, def);
        MirrorState state = null;
        Optional<ControlClient> served = ControlClient.find(workspace, name);
        if (served.isPresent()) {
            try {
                state = readServed(served.get(), name, present, takenOffline, members);
            } catch (IOException e) {
                if (ControlClient.find(workspace, name).isPresent()) {
                    throw e;
                }
                members.clear(); // it stopped serving as it was asked: its devices are free to be read
            }
        }
        if (state == null) {
            DeviceReadings.Reading reading = readings.read(workspace, def, () -> readDevices(workspace, def, present));
            for (DeviceReadings.MemberReading m : reading.members()) {
                members.put(m.device(), member(m.device(), m.location(), m.online(), m.stale(), m.reason(), present,
                        takenOffline, m.logIncomplete()));
            }
            state = reading.state();
        }
        List<Workspace.HistoryEntry> history = workspace.history(name, HISTORY_WINDOW);
        return new MirrorHealth(name, state, members, latest(history, List.of(HistoryKind.COMPARE, HistoryKind.REPAIR),
                List.of(Outcome.CONFLICTS, Outcome.CONFLICTS_LEFT)),
                latest(history, List.of(HistoryKind.VERIFY, HistoryKind.SCRUB), List.of(Outcome.DIFFERS)));
    }

    /**
     * Reads the mirror from its devices, opened without their lock. A member not there reads offline:
     * {@link #member} tells it from one that failed with the catalog's outages, read at every check.
     */
    private static DeviceReadings.Reading readDevices(Workspace workspace, MirrorDefinition def, Set<UUID> present)
            throws IOException {
        List<DeviceReadings.MemberReading> members = new ArrayList<>();
        if (def.devices().stream().noneMatch(present::contains)) {
            // Not one member is there: nothing to open, each is offline.
            for (UUID uuid : def.devices()) {
                String location = workspace.devicePath(uuid).map(Object::toString).orElse(uuid.toString());
                members.add(new DeviceReadings.MemberReading(uuid, location, false, false,
                        "not reachable (no device at " + location + ")", false));
            }
            return new DeviceReadings.Reading(MirrorState.DEGRADED, members);
        }
        try (OpenMirror om = OpenMirror.open(workspace, def.name(), DurabilityMode.POWER_SAFE, true)) {
            Map<UUID, String> locations = om.locations(workspace);
            for (MemberStatus s : om.mirror().status()) {
                String reason = om.unavailable().getOrDefault(s.device(), s.offlineReason());
                members.add(new DeviceReadings.MemberReading(s.device(), locations.getOrDefault(s.device(),
                        s.device().toString()), s.online(), s.stale() || s.needsRebuild(), reason, s.tableIncomplete()));
            }
            return new DeviceReadings.Reading(om.mirror().state(), members);
        }
    }

    /**
     * A member as the monitor tells it: offline when its device is not there or the administrator took it
     * offline (the catalog says so), failed when it is there but the mirror could not use it.
     */
    private static Member member(UUID device, String location, boolean online, boolean stale, String reason,
                                 Set<UUID> present, Set<UUID> takenOffline, boolean logIncomplete) {
        if (online) {
            return new Member(device, location, stale ? Condition.STALE : Condition.ONLINE, "", logIncomplete);
        }
        boolean failed = present.contains(device) && !takenOffline.contains(device);
        return new Member(device, location, failed ? Condition.FAILED : Condition.OFFLINE, reason == null ? "" : reason,
                logIncomplete);
    }

    /**
     * Asks the process serving mirror {@code name} for its status ({@code mirror status --json}, as an
     * administrator would in another terminal) and fills {@code members}; returns the mirror's state.
     */
    private static MirrorState readServed(ControlClient served, String name, Set<UUID> present, Set<UUID> takenOffline,
                                          Map<UUID, Member> members) throws IOException {
        ControlProtocol.Reply reply = served.run(List.of("mirror", "status", name, "--json"), TaskMonitor.NONE);
        if (reply.exitCode() != 0) {
            throw new TagMirrorException("the process serving mirror " + name + " did not give its status on "
                    + served.socket() + ": " + reply.err().strip());
        }
        JsonNode status = Json.MAPPER.readTree(reply.out());
        for (JsonNode d : status.path("devices")) {
            UUID device = UUID.fromString(d.path("uuid").asText());
            members.put(device, member(device, d.path("path").asText(device.toString()), d.path("online").asBoolean(),
                    d.path("stale").asBoolean() || d.path("needsRebuild").asBoolean(),
                    d.path("offlineReason").isTextual() ? d.path("offlineReason").asText() : "", present, takenOffline,
                    d.path("tableIncomplete").asBoolean()));
        }
        String label = status.path("state").asText();
        for (MirrorState s : MirrorState.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new TagMirrorException("the process serving mirror " + name + " gave a state this version does not know: '"
                + label + "'");
    }

    /** The members the administrator took offline, as the catalog records it. */
    private static Set<UUID> takenOffline(Workspace workspace, MirrorDefinition def) throws IOException {
        Set<UUID> out = new HashSet<>();
        for (MemberOutages.Outage o : workspace.outages().of(def.uuid()).values()) {
            if (o.state() == MemberOutages.State.OFFLINE) {
                out.add(o.device());
            }
        }
        return out;
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
