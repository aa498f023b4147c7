package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.task.DirectTaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which drive each device is on, and where a new device on a drive is suggested. */
class DriveDevicesTest {

    static final List<DriveInfo> DRIVES = List.of(
            new DriveInfo("/", "/dev/sda2", "ext4", 500L << 30, 200L << 30, 180L << 30),
            new DriveInfo("/srv", "/dev/sdb1", "xfs", 4L << 40, 1L << 40, 1L << 40),
            new DriveInfo("/srv/mirror-b", "/dev/sdc1", "xfs", 4L << 40, 1L << 40, 1L << 40));

    private static DeviceSummary device(String path) {
        return new DeviceSummary(UUID.randomUUID(), Path.of(path), true, 4096, 0, List.of(), null);
    }

    @Test
    void aDeviceIsOnTheDriveWithTheLongestMountPointAboveIt() {
        assertThat(DriveDevices.mountPointOf(device("/srv/mirror-b/dev"), DRIVES)).contains("/srv/mirror-b");
        assertThat(DriveDevices.mountPointOf(device("/srv/mirror-bb/dev"), DRIVES)).contains("/srv");
        assertThat(DriveDevices.mountPointOf(device("/home/admin/dev"), DRIVES)).contains("/");
    }

    @Test
    void theScreenListsTheDevicesOfTheSelectedDriveAndCountsThemPerDrive() {
        List<DeviceSummary> known = List.of(device("/srv/a"), device("/srv/mirror-b/b"), device("/srv/c"));
        DrivesViewModel model = new DrivesViewModel(() -> DRIVES, new DirectTaskRunner(), () -> known);
        model.refresh();

        model.selectedDriveProperty().set(DRIVES.get(1));
        assertThat(model.devicesOnSelectedDrive()).extracting(d -> d.path().toString()).containsExactly("/srv/a", "/srv/c");
        assertThat(model.devicesOn(DRIVES.get(2))).isEqualTo(1);
        assertThat(model.devicesOn(DRIVES.get(0))).isZero();
        assertThat(model.suggestFolder(Path.of("/home/admin"))).isEqualTo("/srv/tagmirror/device-4");

        model.selectedDriveProperty().set(DRIVES.get(0));
        assertThat(model.suggestFolder(Path.of("/home/admin"))).as("the home folder, not the root")
                .isEqualTo("/home/admin/tagmirror/device-4");
    }
}
