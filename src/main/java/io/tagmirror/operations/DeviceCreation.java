package io.tagmirror.operations;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Formats a directory, a disk, a partition or an image file as a new device and adds it to a workspace:
 * the command line's {@code device create} and the console's Create device both come here, so both
 * refuse the same things (a missing parent, a folder that holds anything, a drive in use or carrying a
 * file system, a path the workspace already knows).
 */
public final class DeviceCreation {

    /** The device made. */
    public record Created(UUID uuid, Path path, int blockSize) {
    }

    private DeviceCreation() {
    }

    /** Formats {@code dir} with {@code blockSize}-byte blocks and records it in {@code workspace}. */
    public static Created create(Workspace workspace, Path dir, int blockSize) throws IOException {
        return create(workspace, dir, blockSize, false);
    }

    /**
     * Formats what is at {@code path} (a directory device's folder, or a disk, partition, loop device or
     * existing image file) and records it; {@code force} formats a drive that carries a signature.
     */
    public static Created create(Workspace workspace, Path path, int blockSize, boolean force) throws IOException {
        return create(workspace, path, blockSize, force, null);
    }

    /** As {@link #create(Workspace, Path, int, boolean)}; {@code logBytes}, when given, sizes a block device's tag log. */
    public static Created create(Workspace workspace, Path path, int blockSize, boolean force, Long logBytes)
            throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        DeviceAddress address = DeviceAddress.at(abs);
        checkUnknown(workspace, address, abs);
        try (Device device = logBytes == null ? address.format(blockSize, force)
                : address.format(blockSize, force, logBytes)) {
            workspace.addDevice(device.uuid(), address);
            return new Created(device.uuid(), abs, device.blockSize());
        }
    }

    /** Makes a sparse image file of {@code bytes} at {@code file} as a block device and records it. */
    public static Created createImage(Workspace workspace, Path file, long bytes, int blockSize) throws IOException {
        return createImage(workspace, file, bytes, blockSize, null);
    }

    /** As {@link #createImage(Workspace, Path, long, int)}; {@code logBytes}, when given, sizes its tag log. */
    public static Created createImage(Workspace workspace, Path file, long bytes, int blockSize, Long logBytes)
            throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        try (Device device = logBytes == null ? DeviceAddress.createImage(abs, bytes, blockSize)
                : DeviceAddress.createImage(abs, bytes, blockSize, logBytes)) {
            workspace.addDevice(device.uuid(), DeviceAddress.block(abs));
            return new Created(device.uuid(), abs, device.blockSize());
        }
    }

    private static void checkUnknown(Workspace workspace, DeviceAddress address, Path abs) throws IOException {
        for (Workspace.KnownDevice known : workspace.devices()) {
            // a device still there is refused by the format itself, which says so more plainly
            if (known.address().equals(address) && !address.isDevice()) {
                throw new TagMirrorException("device " + known.uuid() + " of this workspace is already at " + abs
                        + "; to make a new one there, forget it first (device forget " + abs + ")");
            }
        }
    }
}
