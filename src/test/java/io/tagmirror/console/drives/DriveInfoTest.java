package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DriveInfoTest {

    @Test
    void usedShareIsComputedAsDfDoes() {
        // 100 total, 30 unallocated, of which 25 usable: 5 are reserved for root.
        DriveInfo drive = new DriveInfo("/", "/dev/sda1", "ext4", 100, 30, 25);
        assertThat(drive.usedFraction()).isCloseTo(70.0 / 95.0, within(1e-9));
    }

    @Test
    void emptyAndUnknownStores() {
        assertThat(new DriveInfo("/e", "e", "tmpfs", 0, 0, 0).usedFraction()).isZero();
        DriveInfo unknown = DriveInfo.withoutSizes("/net", "server:/export", "nfs4");
        assertThat(unknown.hasSizes()).isFalse();
        assertThat(unknown.usedFraction()).isEqualTo(-1);
    }
}
