package io.tagmirror.operations;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.workspace.MemberOutages;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Taking a member offline and bringing it back so that it holds beyond the process that did it, as an
 * administrator expects of {@code mdadm --fail} and {@code --re-add}: the catalog keeps the member
 * offline at every later assembly until it is brought back, and then keeps it marked as having missed
 * writes until its resync finishes. Whoever holds the mirror resynchronises it: a serving process in
 * the background, the command line in the foreground.
 */
public final class MemberOutageOperation {

    private MemberOutageOperation() {
    }

    /** Takes {@code device} offline now and at every later assembly, until it is brought back online. */
    public static MemberAvailability.Result takeOffline(AssembledMirror on, UUID device) throws IOException {
        return takeOffline(on, device, "taken offline by the administrator");
    }

    /** As {@link #takeOffline(AssembledMirror, UUID)}, with what the status shows for it in this assembly. */
    public static MemberAvailability.Result takeOffline(AssembledMirror on, UUID device, String reason) throws IOException {
        MemberAvailability.Result r = MemberAvailability.takeOffline(on, device, reason);
        MemberOutages.Outage recorded = on.workspace().outages().of(on.mirror().definition().uuid()).get(device);
        if (r.changed() || recorded == null || recorded.state() != MemberOutages.State.OFFLINE) {
            on.workspace().outages().record(on.mirror().definition().uuid(), device, MemberOutages.State.OFFLINE);
        }
        return r;
    }

    /**
     * Brings {@code device} back online: it takes writes again and is marked, in memory and in the
     * catalog, as having missed writes until a resync ({@link ResyncOperation}) brings it in sync.
     */
    public static MemberAvailability.Result bringOnline(AssembledMirror on, UUID device) throws IOException {
        MemberAvailability.Result r = MemberAvailability.bringOnline(on, device);
        // Recorded once it is back: a refusal above leaves what was recorded (offline) as it was.
        on.workspace().outages().record(on.mirror().definition().uuid(), device, MemberOutages.State.RETURNING);
        return r;
    }

    /**
     * Forgets "brought back, not yet resynchronised" and "left by itself" for the members that are in
     * sync now (a repair or a scrub settled what they missed): called after those, so a later assembly
     * does not mark them again.
     */
    public static void settleReturning(AssembledMirror on) throws IOException {
        UUID mirror = on.mirror().definition().uuid();
        Map<UUID, MemberOutages.Outage> recorded = on.workspace().outages().of(mirror);
        if (recorded.isEmpty()) {
            return;
        }
        for (MemberStatus s : on.mirror().status()) {
            MemberOutages.Outage o = recorded.get(s.device());
            if (o != null && o.state() != MemberOutages.State.OFFLINE && s.online() && !s.stale()) {
                on.workspace().outages().clear(mirror, s.device());
            }
        }
    }
}
