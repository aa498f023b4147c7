package io.tagmirror.operations.disks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The survey of disks read from a made-up sysfs and proc: what each disk is, carries and is used by. */
class DiskSurveyTest {

    @TempDir
    Path tmp;

    private static SurveyedDrive named(List<SurveyedDrive> drives, String name) {
        for (SurveyedDrive d : drives) {
            if (d.name().equals(name)) {
                return d;
            }
            for (SurveyedDrive p : d.partitions()) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no drive " + name + " in " + drives.stream().map(SurveyedDrive::name).toList());
    }

    @Test
    void eachDiskIsDescribedWithItsPartitionsInOrderAndUnattachedLoopDevicesAreLeftOut() throws Exception {
        FakeSystemTree fake = FakeSystemTree.standard(tmp.resolve("root"));
        List<SurveyedDrive> drives = new DiskSurvey(fake.tree()).read(Map.of());

        assertThat(drives).extracting(SurveyedDrive::name).containsExactly("sda", "sdb", "sdc", "sdd", "loop1", "dm-0");
        SurveyedDrive sda = named(drives, "sda");
        assertThat(sda.kind()).isEqualTo(SurveyedDrive.Kind.DISK);
        assertThat(sda.model()).isEqualTo("Samsung SSD 870");
        assertThat(sda.serial()).isEqualTo("S5Y1NX0R");
        assertThat(sda.sizeBytes()).isEqualTo(240 * FakeSystemTree.GIB);
        assertThat(sda.media()).isEqualTo(SurveyedDrive.Media.SSD);
        assertThat(sda.removable()).isFalse();
        assertThat(sda.partitionTable()).isEqualTo("GPT");
        assertThat(sda.node()).isEqualTo(tmp.resolve("root/dev/sda"));
        assertThat(sda.devicePath()).isEqualTo("/dev/sda");
        assertThat(sda.partitions()).extracting(SurveyedDrive::name).containsExactly("sda1", "sda2", "sda10");

        SurveyedDrive sdb = named(drives, "sdb");
        assertThat(sdb.media()).isEqualTo(SurveyedDrive.Media.ROTATIONAL);
        SurveyedDrive sdc = named(drives, "sdc");
        assertThat(sdc.removable()).isTrue();
        assertThat(sdc.partitionTable()).isEqualTo("none");
        assertThat(sdc.content()).isEqualTo("nothing recognised");
        assertThat(sdc.uses()).isEmpty();
        assertThat(sdc.isBusy()).isFalse();

        SurveyedDrive loop = named(drives, "loop1");
        assertThat(loop.kind()).isEqualTo(SurveyedDrive.Kind.LOOP);
        assertThat(loop.model()).isEqualTo("/var/tmp/disk.img");
        assertThat(loop.media()).isEqualTo(SurveyedDrive.Media.VIRTUAL);
    }

    @Test
    void whatEachDriveCarriesAndWhatUsesItAreNamed() throws Exception {
        FakeSystemTree fake = FakeSystemTree.standard(tmp.resolve("root"));
        List<SurveyedDrive> drives = new DiskSurvey(fake.tree()).read(Map.of());

        SurveyedDrive boot = named(drives, "sda1");
        assertThat(boot.kind()).isEqualTo(SurveyedDrive.Kind.PARTITION);
        assertThat(boot.content()).isEqualTo("ext4");
        assertThat(boot.uses()).containsExactly(new DriveUse(DriveUse.Kind.MOUNTED, "/boot"));
        assertThat(boot.usedBy()).isEqualTo("mounted at /boot");

        SurveyedDrive swap = named(drives, "sda2");
        assertThat(swap.content()).isEqualTo("swap");
        assertThat(swap.uses()).extracting(DriveUse::kind).containsExactly(DriveUse.Kind.SWAP);

        assertThat(named(drives, "sda10").uses()).isEmpty();
        assertThat(named(drives, "sda").isBusy()).as("a disk whose partitions are in use").isTrue();

        SurveyedDrive held = named(drives, "sdb1");
        assertThat(held.uses()).containsExactly(new DriveUse(DriveUse.Kind.HELD, "dm-0 (vg-data)"));
        assertThat(held.usedBy()).isEqualTo("held by dm-0 (vg-data)");

        SurveyedDrive mapper = named(drives, "dm-0");
        assertThat(mapper.kind()).isEqualTo(SurveyedDrive.Kind.MAPPER);
        assertThat(mapper.model()).isEqualTo("vg-data");
        assertThat(mapper.uses()).containsExactly(new DriveUse(DriveUse.Kind.MOUNTED, "/srv"));

        SurveyedDrive unreadable = named(drives, "sdd");
        assertThat(unreadable.readable()).isFalse();
        assertThat(unreadable.content()).isEqualTo("unknown");
        assertThat(unreadable.partitionTable()).isEqualTo("unknown");
    }

    @Test
    void aTagMirrorDeviceIsNamedWithItsMirrorsOrAsForeignWhenTheCatalogDoesNotKnowIt() throws Exception {
        FakeSystemTree fake = FakeSystemTree.standard(tmp.resolve("root"));
        Path stick = fake.tree().node("sdc");
        Path loop = fake.tree().node("loop1");
        Files.delete(stick);
        Files.delete(loop);
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            UUID member = DeviceCreation.createImage(ws, stick, 32L << 20, 4096).uuid();
            DeviceCreation.create(ws, tmp.resolve("dir-device"), 4096);
            try (Device a = DeviceAddress.block(stick).open(false);
                 Device b = DeviceAddress.directory(tmp.resolve("dir-device")).open(false);
                 Mirror m = Mirror.create("m1", 8L << 20, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
                ws.addMirror(m.definition());
            }
            DeviceAddress.createImage(loop, 32L << 20, 4096).close(); // a device of another workspace

            Map<Path, CatalogMember> members = DiskSurvey.members(ws);
            assertThat(members).containsOnlyKeys(stick.toAbsolutePath().normalize());
            List<SurveyedDrive> drives = new DiskSurvey(fake.tree()).read(members);

            SurveyedDrive sdc = named(drives, "sdc");
            assertThat(sdc.content()).startsWith("tagmirror");
            assertThat(sdc.uses()).containsExactly(new DriveUse(DriveUse.Kind.TAGMIRROR,
                    "member of m1 (" + member.toString().substring(0, 8) + ")"));
            assertThat(sdc.isBusy()).as("a TagMirror device is named, not a reason the kernel refuses").isFalse();
            assertThat(named(drives, "loop1").uses()).extracting(DriveUse::kind)
                    .containsExactly(DriveUse.Kind.FOREIGN_TAGMIRROR);
        }
    }

    @Test
    void theFingerprintChangesWhenADiskComesOrAMountChangesAndOnlyThen() throws Exception {
        FakeSystemTree fake = FakeSystemTree.standard(tmp.resolve("root"));
        DiskSurvey survey = new DiskSurvey(fake.tree());
        String first = survey.fingerprint();
        assertThat(survey.fingerprint()).isEqualTo(first);

        fake.write(tmp.resolve("root/sys/block/loop0/size"), (128L << 20) / 512 + "\n");
        String attached = survey.fingerprint();
        assertThat(attached).isNotEqualTo(first);
        assertThat(survey.read(Map.of())).extracting(SurveyedDrive::name).contains("loop0");

        fake.mount("8:10", "/dev/sda10", "/mnt/usb stick", "vfat");
        assertThat(survey.fingerprint()).isNotEqualTo(attached);
        assertThat(named(survey.read(Map.of()), "sda10").uses())
                .containsExactly(new DriveUse(DriveUse.Kind.MOUNTED, "/mnt/usb stick"));
    }

    @Test
    void disksSortAsAnAdministratorCounts() {
        assertThat(DiskSurvey.naturalOrder("sda2", "sda10")).isNegative();
        assertThat(DiskSurvey.naturalOrder("nvme0n1p9", "nvme0n1p10")).isNegative();
        assertThat(DiskSurvey.naturalOrder("sdb", "sda")).isPositive();
        assertThat(DiskSurvey.naturalOrder("sda", "sda")).isZero();
    }
}
