package io.tagmirror.operations;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes a mirror: its storage object on each member device, its record in each device's descriptor,
 * and its catalog entry; the devices, their other mirrors and the history stay. The command line's
 * {@code mirror delete} and the console's Delete mirror both come here.
 */
public final class MirrorDeletion {

    /**
     * One member device as the deletion will treat it.
     *
     * @param uuid the device
     * @param address where it is, or null when the catalog does not know it
     * @param reachable whether it holds the device now; an unreachable device is left untouched
     */
    public record Target(UUID uuid, DeviceAddress address, boolean reachable) {

        /** Where the device keeps the mirror's data. */
        public String objectLocation(MirrorDefinition mirror) {
            return address.objectLocation(mirror.objectId());
        }
    }

    /** What deleting a mirror will touch, read before asking the administrator; nothing was changed to make it. */
    public record Plan(MirrorDefinition mirror, List<Target> targets) {

        public Plan {
            targets = List.copyOf(targets);
        }

        /** The confirmation's text: exactly what will be deleted, and what stays. */
        public String describe() {
            StringBuilder text = new StringBuilder("Deleting mirror " + mirror.name() + " ("
                    + ByteSize.format(mirror.sizeBytes()) + ", " + mirror.devices().size() + " devices) deletes:\n");
            for (Target t : targets) {
                if (t.reachable()) {
                    text.append("  • ").append(t.objectLocation(mirror)).append(": the mirror's data on this device\n");
                }
            }
            text.append("  • the mirror's record in the device.json of each of those devices\n");
            text.append("  • the mirror's entry in this workspace's catalog\n\n");
            for (Target t : targets) {
                if (!t.reachable()) {
                    text.append("Device ").append(t.address() == null ? t.uuid() : t.address())
                            .append(" is not reachable: its copy stays there untouched.\n");
                }
            }
            text.append("The devices themselves, their other mirrors and the history stay. This cannot be undone.");
            return text.toString();
        }
    }

    private MirrorDeletion() {
    }

    /** Reads where the members of mirror {@code name} are and whether they can be reached; refused for an unknown name. */
    public static Plan plan(Workspace workspace, String name) throws IOException {
        return plan(workspace, workspace.requireMirror(name));
    }

    /** Reads where the members of {@code mirror} are and whether they can be reached. */
    public static Plan plan(Workspace workspace, MirrorDefinition mirror) throws IOException {
        List<Target> targets = new ArrayList<>();
        for (UUID member : mirror.devices()) {
            Optional<DeviceAddress> address = workspace.deviceAddress(member);
            targets.add(new Target(member, address.orElse(null), address.isPresent() && holds(address.get(), member)));
        }
        return new Plan(mirror, targets);
    }

    /**
     * Deletes what {@link Plan#describe()} said, with the devices got through {@code access}; the caller
     * has closed the mirror. Every reachable device is opened for writing before anything is deleted, so
     * a device held elsewhere stops the deletion whole. On each device the descriptor forgets the mirror
     * before its object goes: a crash in between leaves an orphan object, never a device that claims a
     * mirror whose data is gone.
     */
    public static Map<String, Object> run(Workspace workspace, Plan plan, DeviceAccess access) throws IOException {
        MirrorDefinition mirror = plan.mirror();
        if (workspace.mirrors().stream().noneMatch(m -> m.uuid().equals(mirror.uuid()))) {
            throw new TagMirrorException("the workspace has no mirror " + mirror.name() + " any more; nothing was deleted");
        }
        List<Device> devices = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try {
            for (Target t : plan.targets()) {
                if (!t.reachable()) {
                    continue;
                }
                Device device;
                try {
                    device = access.open(t.address());
                } catch (TagMirrorException e) {
                    throw new TagMirrorException("nothing was deleted: " + e.getMessage(), e);
                }
                devices.add(device);
                if (device.isReadOnly()) {
                    throw new TagMirrorException("nothing was deleted: " + t.address() + " is in use elsewhere");
                }
            }
            for (Device device : devices) {
                if (device.descriptor().mirrors().stream().anyMatch(m -> m.uuid().equals(mirror.uuid()))) {
                    device.updateDescriptor(device.descriptor().withoutMirror(mirror.uuid()));
                }
                if (device.hasObject(mirror.objectId())) {
                    device.deleteObject(mirror.objectId());
                }
                deleted.add(device.location());
            }
        } finally {
            IOException first = null;
            for (Device device : devices) {
                try {
                    access.done(device);
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
        workspace.removeMirror(mirror.uuid());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("mirror", mirror.name());
        figures.put("uuid", mirror.uuid().toString());
        figures.put("deletedOn", deleted);
        figures.put("leftOn", plan.targets().stream().filter(t -> !t.reachable())
                .map(t -> t.address() == null ? t.uuid().toString() : t.address().toString()).toList());
        workspace.recordHistory(HistoryKind.DELETE, mirror.name(), Outcome.DELETED, figures);
        return figures;
    }

    private static boolean holds(DeviceAddress address, UUID uuid) {
        try {
            return address.isDevice() && address.readDescriptor().uuid().equals(uuid);
        } catch (IOException e) {
            return false;
        }
    }
}
