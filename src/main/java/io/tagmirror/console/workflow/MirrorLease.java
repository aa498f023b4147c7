package io.tagmirror.console.workflow;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One workflow's exclusive use of an assembled mirror, from {@link MirrorAccess#lease}; closing it
 * gives the mirror back and leaves it assembled.
 */
public interface MirrorLease extends AssembledMirror, AutoCloseable {

    /** The mirror; the same object for the whole lease, so a compare report stays valid for a repair. */
    Mirror mirror();

    default MirrorDefinition definition() {
        return mirror().definition();
    }

    /** The workspace the mirror belongs to. */
    Workspace workspace();

    /** The member devices that are open, by uuid; a device that could not be opened is missing. */
    Map<UUID, Device> devices();

    @Override
    default java.util.Collection<Device> openDevices() {
        return devices().values();
    }

    /** Where each member device is (its directory), by uuid, reachable or not. */
    Map<UUID, Path> locations();

    /** Member devices that could not be opened, with why. */
    Map<UUID, String> unavailable();

    /** Why the mirror cannot be written from here (a device held by another process), or null. */
    String readOnlyReason();

    /** Each member's location as text, as the engine's reports name devices. */
    @Override
    default Map<UUID, String> locationNames() {
        Map<UUID, String> out = new java.util.LinkedHashMap<>();
        locations().forEach((uuid, path) -> out.put(uuid, path.toString()));
        return out;
    }

    /**
     * Ends the lease as a host crash leaves the mirror: nothing flushed and no entry trimmed; the next
     * lease assembles the mirror afresh from its devices, as a restarted host would.
     */
    void abandonAsCrashed() throws IOException;

    /** Gives the mirror back; it stays assembled for the other screens. */
    @Override
    void close();
}
