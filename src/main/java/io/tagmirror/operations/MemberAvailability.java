package io.tagmirror.operations;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Takes a member of an assembled mirror offline (writes stop reaching it; the others keep the entries
 * of what it misses) or brings it back online (it takes writes again and stays marked as having missed
 * some until a compare and a repair settle them), and keeps each change in the history.
 *
 * <p>Both hold for as long as the mirror stays assembled: the next assembly opens every member it
 * reaches again.
 */
public final class MemberAvailability {

    /**
     * What a request did.
     *
     * @param device the member
     * @param location where it is, as reports name it
     * @param changed false when the member already was as asked: nothing changed and nothing was recorded
     * @param figures what the history keeps, and what {@code --json} prints
     */
    public record Result(UUID device, String location, boolean changed, Map<String, Object> figures) {
    }

    private MemberAvailability() {
    }

    /**
     * The member {@code text} names: its uuid, or where it is (as the catalog keeps it, or a path to it);
     * refused when it names no member of the mirror.
     */
    public static UUID member(AssembledMirror on, String text) throws TagMirrorException {
        try {
            UUID uuid = UUID.fromString(text);
            if (on.mirror().definition().devices().contains(uuid)) {
                return uuid;
            }
        } catch (IllegalArgumentException notUuid) {
            String path = Path.of(text).toAbsolutePath().normalize().toString();
            for (Map.Entry<UUID, String> e : on.locationNames().entrySet()) {
                if (e.getValue().equals(text) || e.getValue().equals(path)) {
                    return e.getKey();
                }
            }
        }
        throw new TagMirrorException(text + " is not a member of mirror " + on.name() + "; its members are "
                + String.join(", ", on.locationNames().values()));
    }

    /** Stops sending writes to {@code device}; {@code reason} is what the mirror's status shows for it. */
    public static Result takeOffline(AssembledMirror on, UUID device, String reason) throws IOException {
        MemberStatus member = status(on, device);
        String location = location(on, device);
        if (!member.online()) {
            return new Result(device, location, false, figures(on, device, member.offlineReason()));
        }
        long others = on.mirror().status().stream().filter(s -> s.online() && !s.device().equals(device)).count();
        if (others == 0) {
            throw new TagMirrorException(location + " is the last online device of mirror " + on.name()
                    + "; bring another member online first, or stop writing to the mirror instead");
        }
        on.mirror().takeOffline(device, reason);
        Map<String, Object> figures = figures(on, device, reason);
        on.workspace().recordHistory(HistoryKind.OFFLINE, on.name(), Outcome.TAKEN_OFFLINE, figures);
        return new Result(device, location, true, figures);
    }

    /** Sends writes to {@code device} again; refused while it is unreachable or its object is lost. */
    public static Result bringOnline(AssembledMirror on, UUID device) throws IOException {
        MemberStatus member = status(on, device);
        String location = location(on, device);
        if (member.online()) {
            return new Result(device, location, false, figures(on, device, null));
        }
        String unreachable = on.unavailable().get(device);
        if (unreachable != null) {
            throw new TagMirrorException(location + " cannot come back online: " + unreachable
                    + "; make it reachable and open the mirror again, or replace it");
        }
        if (member.objectLost()) {
            throw new TagMirrorException(location + " cannot come back online: " + member.offlineReason()
                    + "; repair mirror " + on.name() + " to rebuild it from the others");
        }
        on.mirror().bringOnline(device);
        Map<String, Object> figures = figures(on, device, null);
        on.workspace().recordHistory(HistoryKind.ONLINE, on.name(), Outcome.BACK_ONLINE, figures);
        return new Result(device, location, true, figures);
    }

    private static MemberStatus status(AssembledMirror on, UUID device) throws IOException {
        for (MemberStatus s : on.mirror().status()) {
            if (s.device().equals(device)) {
                return s;
            }
        }
        throw new TagMirrorException(device + " is not a member of mirror " + on.name());
    }

    private static String location(AssembledMirror on, UUID device) {
        return on.locationNames().getOrDefault(device, device.toString());
    }

    private static Map<String, Object> figures(AssembledMirror on, UUID device, String reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", device.toString());
        out.put("location", location(on, device));
        if (reason != null) {
            out.put("reason", reason);
        }
        return out;
    }
}
