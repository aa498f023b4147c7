package io.tagmirror.workspace;

import io.tagmirror.engine.MirrorEvent;
import java.io.IOException;
import java.util.UUID;

/**
 * Records in the catalog a member that leaves an assembled mirror by itself (it failed, its drive was
 * removed, or it was not reachable when the mirror was opened) as soon as writes go on without it, so
 * that when it is present again in a later session it is assembled as having missed writes: no read
 * comes from it and flush keeps the entries that name what it missed, until a resync or a repair.
 *
 * <p>Called on the writer's thread before the first write that misses the member is issued (the
 * engine's {@link MirrorEvent.Kind#MISSED_WRITES}), and when a device fails; what the administrator
 * recorded (offline, returning) is left as it is. When a member's resync finishes
 * ({@link MirrorEvent.Kind#RESYNCED}), by whatever road it was started (the command line, the console,
 * a serving process, or a program calling the mirror directly), its "left" or "returning" record goes:
 * it missed nothing any more. A record of a member taken offline is the administrator's and stays.
 */
final class MemberDepartures implements MirrorEvent.Listener {
    private final Workspace workspace;
    private final UUID mirror;

    MemberDepartures(Workspace workspace, UUID mirror) {
        this.workspace = workspace;
        this.mirror = mirror;
    }

    @Override
    public void onEvent(MirrorEvent event) {
        if (event.device() == null) {
            return;
        }
        try {
            if (event.kind() == MirrorEvent.Kind.MISSED_WRITES || event.kind() == MirrorEvent.Kind.DEVICE_FAILED) {
                if (!workspace.outages().of(mirror).containsKey(event.device())) {
                    workspace.outages().record(mirror, event.device(), MemberOutages.State.LEFT);
                }
            } else if (event.kind() == MirrorEvent.Kind.RESYNCED) {
                MemberOutages.Outage recorded = workspace.outages().of(mirror).get(event.device());
                if (recorded != null && recorded.state() != MemberOutages.State.OFFLINE) {
                    workspace.outages().clear(mirror, event.device());
                }
            }
        } catch (IOException e) {
            // A catalog that cannot be written must not stop the write path: the other members' entries
            // still name what this one missed, for a compare and repair. A record a resync could not
            // clear only makes the member stale again in the next session: a resync or repair settles it.
        }
    }
}
