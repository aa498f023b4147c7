package io.tagmirror.operations;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a mirror over two or more devices and records it, and its devices, in the workspace: the
 * command line's {@code mirror create} and the console's Create mirror both come here, so both refuse
 * the same things (a bad or taken name, fewer than two devices, one device given twice) before any
 * device is touched.
 */
public final class MirrorCreation {

    /**
     * The mirror made.
     *
     * @param definition the mirror as recorded
     * @param devices where its devices are, in the order given
     * @param smallestFreeBytes free space on the fullest device, or -1 when unknown (objects are sparse)
     * @param sizeNotice when block devices' data regions are larger than the mirror, what stays unused
     */
    public record Created(MirrorDefinition definition, List<Path> devices, long smallestFreeBytes,
                          java.util.Optional<String> sizeNotice) {
    }

    private MirrorCreation() {
    }

    /** Refuses a request no device needs to be opened to refuse; changes nothing. */
    public static void check(Workspace workspace, String name, List<Path> dirs) throws IOException {
        Mirror.checkName(name);
        if (dirs.size() < 2) {
            throw new TagMirrorException("a mirror needs at least two devices, got " + dirs.size());
        }
        List<Path> real = new ArrayList<>();
        for (Path d : dirs) {
            Path r = Files.isDirectory(d) ? d.toRealPath() : d.toAbsolutePath().normalize();
            if (real.contains(r)) {
                throw new TagMirrorException("device " + d + " is given twice (two devices on the same path)");
            }
            real.add(r);
        }
        if (workspace.mirror(name).isPresent()) {
            throw new TagMirrorException("the workspace already has a mirror named " + name);
        }
    }

    /** Creates mirror {@code name} of {@code sizeBytes} on the devices at {@code dirs}, got through {@code access}. */
    public static Created create(Workspace workspace, String name, long sizeBytes, List<Path> dirs, DeviceAccess access)
            throws IOException {
        return create(workspace, name, sizeBytes, dirs, access, IntentExtents.DEFAULT);
    }

    /**
     * As {@link #create(Workspace, String, long, List, DeviceAccess)}, with the size of the intent set
     * power-safe writes keep on each member (stored with the mirror).
     */
    public static Created create(Workspace workspace, String name, long sizeBytes, List<Path> dirs, DeviceAccess access,
                                 IntentExtents intents) throws IOException {
        check(workspace, name, dirs);
        List<DeviceAddress> addresses = dirs.stream().map(DeviceAddress::at).toList();
        List<Device> devices = new ArrayList<>();
        try {
            for (DeviceAddress a : addresses) {
                devices.add(access.open(a));
            }
            long free = devices.stream().mapToLong(Device::freeBytes).min().orElse(-1);
            MirrorDefinition definition;
            java.util.Optional<String> notice = io.tagmirror.engine.DataRegions.notice(sizeBytes, devices);
            try (Mirror m = Mirror.create(name, sizeBytes, devices, DurabilityMode.POWER_SAFE, intents)) {
                definition = m.definition();
            }
            for (int i = 0; i < devices.size(); i++) {
                workspace.addDevice(devices.get(i).uuid(), addresses.get(i));
            }
            workspace.addMirror(definition);
            return new Created(definition, addresses.stream().map(a -> Path.of(a.locator())).toList(), free, notice);
        } finally {
            IOException first = null;
            for (Device d : devices) {
                try {
                    access.done(d);
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
