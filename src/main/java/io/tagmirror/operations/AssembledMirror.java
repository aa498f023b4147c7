package io.tagmirror.operations;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A mirror of a workspace, assembled from its open devices, as every operation on a mirror's data takes
 * it: the command line opens one per command ({@link #of(Workspace, OpenMirror)}), the console lends one
 * of those it keeps assembled.
 */
public interface AssembledMirror {

    /** The mirror; the same object while it is held, so a compare's report stays valid for a repair. */
    Mirror mirror();

    /** The workspace the mirror belongs to; its history is kept there. */
    Workspace workspace();

    /** Where each member device is, as text, by uuid, reachable or not: reports and history name devices so. */
    Map<UUID, String> locationNames();

    /** Member devices that could not be opened, with why; the mirror is degraded while any is. */
    Map<UUID, String> unavailable();

    /** The member devices that are open (a replay's injected faults reach them). */
    Collection<? extends Device> openDevices();

    /**
     * Every offline member with why, in the mirror's member order: devices that could not be opened and
     * devices the mirror took offline (a lost object, a corrupt tag table) alike.
     */
    default Map<UUID, String> offline() throws IOException {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (MemberStatus s : mirror().status()) {
            if (!s.online()) {
                out.put(s.device(), unavailable().getOrDefault(s.device(), s.offlineReason()));
            }
        }
        return out;
    }

    /** The mirror's name in the catalog and the history. */
    default String name() {
        return mirror().definition().name();
    }

    /** A mirror the command line opened for one command; where its devices are is read from the catalog once. */
    static AssembledMirror of(Workspace workspace, OpenMirror opened) throws IOException {
        return new Held(opened.mirror(), workspace, opened.locations(workspace), opened.unavailable(),
                List.copyOf(opened.devices()));
    }

    /** A mirror held elsewhere (the console's session), with where its devices are. */
    static AssembledMirror of(Workspace workspace, Mirror mirror, Map<UUID, String> locations,
                              Map<UUID, String> unavailable, Collection<? extends Device> open) {
        return new Held(mirror, workspace, locations, unavailable, List.copyOf(open));
    }

    /** The plain holder behind the factories. */
    record Held(Mirror mirror, Workspace workspace, Map<UUID, String> locationNames, Map<UUID, String> unavailable,
                Collection<? extends Device> openDevices) implements AssembledMirror {
        public Held {
            // in the catalog's order of members, as the reports list them
            locationNames = Collections.unmodifiableMap(new LinkedHashMap<>(locationNames));
            unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
        }
    }
}
