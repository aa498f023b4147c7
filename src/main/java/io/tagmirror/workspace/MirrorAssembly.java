package io.tagmirror.workspace;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAlreadyOpenException;
import io.tagmirror.engine.DeviceInUseException;
import io.tagmirror.engine.DeviceNotWritableException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RetiredDeviceException;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.UnavailableDevice;
import io.tagmirror.engine.DeviceAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Assembles a mirror of a workspace from its member devices, the one way both faces do it: the
 * command line per command ({@link OpenMirror}) and the console once per session. A member that cannot
 * be reached is offline with its reason kept; a member the mirror replaced since is refused (the
 * membership-generation check, in {@link Mirror#open}), named as the workspace knows its devices.
 */
public final class MirrorAssembly {

    /**
     * How a face opens a member it found: the command line as asked, the console read-only when the
     * device is held elsewhere. A {@link TagMirrorException} it lets through makes the member offline.
     */
    @FunctionalInterface
    public interface Opener<D extends Device> {
        D open(DeviceAddress address) throws IOException;
    }

    /**
     * Opens a device for writing, or read-only when another process holds it or its place cannot be
     * written (it can still be inspected): the console's way, which keeps what it can show.
     * {@code readOnlyBecause} is told why a device was opened read-only.
     */
    public static Opener<Device> writableElseReadOnly(Consumer<String> readOnlyBecause) {
        return address -> {
            try {
                return address.open(false);
            } catch (DeviceInUseException | DeviceNotWritableException e) {
                readOnlyBecause.accept(e.getMessage());
                return address.inspect();
            }
        };
    }

    /** What a device held by someone (another process, or already open in this one) means for the face. */
    public enum WhenHeld {
        /** An error, not an outage: the member is there and someone has it (the command line). */
        REFUSE,
        /** The member is offline, with the refusal as its reason (the console, which keeps its devices open). */
        OFFLINE
    }

    private MirrorAssembly() {
    }

    /**
     * Opens member {@code uuid} of the workspace with {@code opener}, or puts why it cannot in
     * {@code unavailable}: not in the workspace ({@code importHint} says how to bring it in), not
     * reachable, another device now at its path, or what the engine refused it for; a device held by
     * someone as {@code whenHeld} says.
     */
    public static <D extends Device> Optional<D> openMember(Workspace workspace, UUID uuid, Opener<D> opener,
                                                           WhenHeld whenHeld, String importHint,
                                                           Map<UUID, String> unavailable) throws IOException {
        Optional<DeviceAddress> address = workspace.devices().stream().filter(d -> d.uuid().equals(uuid))
                .map(Workspace.KnownDevice::address).findFirst();
        if (address.isEmpty()) {
            unavailable.put(uuid, "not in this workspace (" + importHint + ")");
            return Optional.empty();
        }
        if (!address.get().isReachable()) {
            unavailable.put(uuid, address.get() + " is not reachable");
            return Optional.empty();
        }
        D device;
        try {
            device = opener.open(address.get());
        } catch (DeviceInUseException | DeviceAlreadyOpenException e) {
            if (whenHeld == WhenHeld.REFUSE) {
                throw e;
            }
            unavailable.put(uuid, e.getMessage());
            return Optional.empty();
        } catch (TagMirrorException e) {
            unavailable.put(uuid, e.getMessage());
            return Optional.empty();
        }
        if (!device.uuid().equals(uuid)) {
            device.close();
            unavailable.put(uuid, address.get() + " now holds another device (" + device.uuid() + ")");
            return Optional.empty();
        }
        return Optional.of(device);
    }

    /**
     * The mirror over the members that could be opened; refused when none could (saying why each
     * could not) or when one of them was replaced since. The caller still owns the devices.
     */
    public static Mirror assemble(Workspace workspace, MirrorDefinition definition, List<? extends Device> available,
                                  Map<UUID, String> unavailable, DurabilityMode mode) throws IOException {
        if (available.isEmpty()) {
            throw new TagMirrorException("no device of mirror " + definition.name() + " can be opened: "
                    + String.join("; ", unavailable.values()));
        }
        // the mirror keeps where each missing member was and why, so its refusals can name them
        Map<UUID, UnavailableDevice> absent = new LinkedHashMap<>();
        for (Map.Entry<UUID, String> e : unavailable.entrySet()) {
            absent.put(e.getKey(), new UnavailableDevice(workspace.devicePath(e.getKey()).map(Path::toString)
                    .orElse(e.getKey().toString()), e.getValue()));
        }
        Mirror mirror;
        try {
            mirror = Mirror.open(definition, available, absent, mode);
        } catch (RetiredDeviceException e) {
            throw e.naming(workspace.deviceNames());
        }
        holdOutages(workspace, mirror);
        mirror.addListener(new MemberDepartures(workspace, mirror.definition().uuid()));
        return mirror;
    }

    /**
     * Keeps the administrator's word across assemblies: a member taken offline is offline again (unless
     * it is the only one left, when the mirror needs it), one brought back and not yet resynchronised is
     * known to have missed writes, so no read comes from it until it is resynchronised or repaired; so is
     * one that left by itself while writes went on without it.
     */
    private static void holdOutages(Workspace workspace, Mirror mirror) throws IOException {
        String name = mirror.definition().name();
        for (MemberOutages.Outage o : workspace.outages().of(mirror.definition().uuid()).values()) {
            Optional<MemberStatus> member = mirror.status().stream().filter(s -> s.device().equals(o.device())).findFirst();
            if (member.isEmpty() || !member.get().online()) {
                continue; // replaced since, or not reachable anyway
            }
            String where = workspace.devicePath(o.device()).map(Path::toString).orElse(o.device().toString());
            if (o.state() == MemberOutages.State.OFFLINE && mirror.onlineCount() > 1) {
                mirror.takeOffline(o.device(), "taken offline by the administrator at " + o.since()
                        + "; 'tagmirror mirror online " + name + " " + where + "' brings it back");
            } else if (o.state() == MemberOutages.State.RETURNING) {
                mirror.markStale(o.device(), "it was brought back online at " + o.since()
                        + " and its resync has not finished");
            } else if (o.state() == MemberOutages.State.LEFT) {
                mirror.markStale(o.device(), "it left the mirror at " + o.since() + " and missed writes since;"
                        + " resynchronise it, or compare and repair mirror " + name);
            }
        }
    }
}
