package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PseudoFileSystemsTest {

    @ParameterizedTest(name = "{0} ({1}) hidden: {2}")
    @CsvSource({
        "/proc, proc, true",
        "/sys, sysfs, true",
        "/sys/fs/cgroup, tmpfs, true",
        "/sys/fs/cgroup/memory, cgroup, true",
        "/sys/fs/cgroup/unified, cgroup2, true",
        "/dev, devtmpfs, true",
        "/dev/pts, devpts, true",
        "/dev/shm, tmpfs, true",
        "/run, tmpfs, true",
        "/run/user/1000, tmpfs, true",
        "/run/user/1000/doc, fuse.portal, true",
        "/var/lib/docker/overlay2/abc/merged, overlay, true",
        "/snap/core22/1234, squashfs, true",
        "/etc/hosts, ext4, true",
        "/System/Volumes/VM, apfs, true",
        "/, ext4, false",
        "/, overlay, false",
        "/home, btrfs, false",
        "/boot/efi, vfat, false",
        "/tmp, tmpfs, false",
        "/mnt/backup, nfs4, false",
        "/run/media/admin/USB, exfat, false",
        "/System/Volumes/Data, apfs, false",
        "C:\\, NTFS, false",
    })
    void hidesOnlyMountsWithoutAdministratorData(String mountPoint, String type, boolean hidden) {
        assertThat(PseudoFileSystems.isPseudo(new DriveInfo(mountPoint, "dev", type, 1, 1, 1))).isEqualTo(hidden);
    }
}
