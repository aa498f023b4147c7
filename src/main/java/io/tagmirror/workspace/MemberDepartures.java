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
 * recorded (offline, returning) is left as it is.
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
        if (event.device() == null
                || (event.kind() != MirrorEvent.Kind.MISSED_WRITES && event.kind() != MirrorEvent.Kind.DEVICE_FAILED)) {
            return;
        }
        try {
            if (!workspace.outages().of(mirror).containsKey(event.device())) {
                workspace.outages().record(mirror, event.device(), MemberOutages.State.LEFT);
            }
        } catch (IOException e) {
            // A catalog that cannot be written must not stop the write path: the other members' entries
            // still name what this one missed, for a compare and repair.
        }
    }
}
