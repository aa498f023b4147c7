package io.tagmirror.console.drives;

import io.tagmirror.console.session.DeviceSummary;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/** Which drive a device is on: the mounted store with the longest mount point that contains its folder. */
public final class DriveDevices {

    private DriveDevices() {
    }

    /** The mount point of the drive holding {@code device}, among {@code drives}. */
    public static Optional<String> mountPointOf(DeviceSummary device, Collection<DriveInfo> drives) {
        Path path = device.path().toAbsolutePath().normalize();
        String best = null;
        int bestDepth = -1;
        for (DriveInfo drive : drives) {
            Path mount;
            try {
                mount = Path.of(drive.mountPoint());
            } catch (InvalidPathException e) {
                continue;
            }
            if (path.startsWith(mount) && mount.getNameCount() > bestDepth) {
                best = drive.mountPoint();
                bestDepth = mount.getNameCount();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code device} is on {@code drive}, given every drive of the machine. */
    public static boolean isOn(DeviceSummary device, DriveInfo drive, Collection<DriveInfo> drives) {
        return mountPointOf(device, drives).map(drive.mountPoint()::equals).orElse(false);
    }
}
