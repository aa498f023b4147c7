package io.tagmirror.console.mirrors;

import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes a mirror, which the engine cannot do yet: its storage object on each device, its record
 * in each device's descriptor, its catalog entry and its cached index; the devices stay.
 */
final class MirrorDeletion {

    private MirrorDeletion() {
    }

    /**
     * One member device as the deletion will treat it.
     *
     * @param uuid the device
     * @param folder its folder, or null when the catalog does not know it
     * @param reachable whether it holds the device now; an unreachable device is left untouched
     */
    record Target(UUID uuid, Path folder, boolean reachable) {

        /** The file of the mirror's storage object on this device (DESIGN §4: {@code objects/<id>}). */
        Path objectFile(MirrorDefinition mirror) {
            return folder.resolve("objects").resolve(mirror.objectId());
        }
    }

    /** What deleting a mirror will touch, read before asking the administrator. */
    record Plan(MirrorDefinition mirror, List<Target> targets) {

        /** The confirmation's text: exactly what will be deleted, and what stays. */
        String describe() {
            StringBuilder text = new StringBuilder("Deleting mirror " + mirror.name() + " ("
                    + ByteSize.format(mirror.sizeBytes()) + ", " + mirror.devices().size() + " devices) deletes:\n");
            for (Target t : targets) {
                if (t.reachable()) {
                    text.append("  • ").append(t.objectFile(mirror))
                            .append(": the mirror's data on this device\n");
                }
            }
            text.append("  • the mirror's record in the device.json of each of those devices\n");
            text.append("  • the mirror's entry in this workspace's catalog, and its cached tag table index\n\n");
            for (Target t : targets) {
                if (!t.reachable()) {
                    text.append("Device ").append(t.folder() == null ? t.uuid() : t.folder())
                            .append(" is not reachable: its copy stays there untouched.\n");
                }
            }
            text.append("The devices themselves, their other mirrors and the history stay. This cannot be undone.");
            return text.toString();
        }
    }

    /** Reads where the members are and whether they can be reached. */
    static Plan plan(WorkspaceSession session, MirrorDefinition mirror) throws IOException {
        List<Target> targets = new ArrayList<>();
        for (UUID member : mirror.devices()) {
            Optional<Path> folder = session.workspace().devicePath(member);
            boolean reachable = folder.isPresent() && DirectoryDevice.isDevice(folder.get())
                    && holds(folder.get(), member);
            targets.add(new Target(member, folder.orElse(null), reachable));
        }
        return new Plan(mirror, targets);
    }

    /**
     * Deletes what {@link Plan#describe()} said. Every reachable device is opened for writing
     * before anything is deleted, so a device held by another process stops the deletion whole.
     * On each device the descriptor forgets the mirror before its object goes: a crash in between
     * leaves an orphan object, never a device that claims a mirror whose data is gone.
     */
    static void run(WorkspaceSession session, Plan plan) throws IOException {
        MirrorDefinition mirror = plan.mirror();
        session.release(mirror.uuid());
        List<DirectoryDevice> opened = new ArrayList<>();
        List<DirectoryDevice> borrowed = new ArrayList<>();
        try {
            for (Target t : plan.targets()) {
                if (!t.reachable()) {
                    continue;
                }
                Optional<DirectoryDevice> shared = session.openDevice(t.uuid());
                if (shared.isPresent()) {
                    borrowed.add(shared.get());
                    continue;
                }
                try {
                    opened.add(DirectoryDevice.open(t.folder(), false));
                } catch (TagMirrorException e) {
                    throw new TagMirrorException("nothing was deleted: " + e.getMessage());
                }
            }
            List<DirectoryDevice> all = new ArrayList<>(borrowed);
            all.addAll(opened);
            for (DirectoryDevice device : all) {
                if (device.isReadOnly()) {
                    throw new TagMirrorException("nothing was deleted: " + device.directory() + " is in use elsewhere");
                }
            }
            for (DirectoryDevice device : all) {
                if (device.descriptor().mirrors().stream().anyMatch(m -> m.uuid().equals(mirror.uuid()))) {
                    device.updateDescriptor(device.descriptor().withoutMirror(mirror.uuid()));
                }
                if (device.hasObject(mirror.objectId())) {
                    device.deleteObject(mirror.objectId());
                }
            }
        } finally {
            for (DirectoryDevice device : opened) {
                device.close();
            }
        }
        session.workspace().removeMirror(mirror.uuid());
        session.indexes().delete(mirror.uuid());
        session.catalogChanged();
    }

    private static boolean holds(Path folder, UUID uuid) {
        try {
            return Files.isDirectory(folder) && DirectoryDevice.readDescriptor(folder).uuid().equals(uuid);
        } catch (IOException e) {
            return false;
        }
    }
}
