package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.operations.DeviceAccess;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.operations.disks.DiskSurvey;
import io.tagmirror.operations.disks.FakeSystemTree;
import io.tagmirror.operations.disks.SurveyedDrive;
import io.tagmirror.workspace.Workspace;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scan and Import on a drive that carries a TagMirror device this workspace does not know, without a
 * toolkit: what the superblock records, the import with the mirror's other member found beside it,
 * and each refusal in one line with nothing recorded.
 */
class DriveScanViewModelTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    private final Notices notices = new Notices();
    private SessionViewModel sessions;
    private DriveScanViewModel scans;
    private FakeSystemTree fake;

    @BeforeEach
    void openWorkspace() throws Exception {
        sessions = new SessionViewModel(new DirectTaskRunner(), UiThread.INLINE, notices);
        sessions.open(tmp.resolve("ws"), false, path -> { });
        DeviceActionsViewModel actions = new DeviceActionsViewModel(sessions, new DirectTaskRunner(), notices);
        scans = new DriveScanViewModel(sessions, new DirectTaskRunner(), notices, actions);
        fake = FakeSystemTree.standard(tmp.resolve("root"));
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    /** Two loop devices carrying mirror "lab", made by another workspace; returns their uuids. */
    private List<UUID> mirrorMadeElsewhere() throws Exception {
        List<UUID> uuids = new ArrayList<>();
        try (Workspace other = Workspace.open(tmp.resolve("elsewhere"))) {
            List<Path> nodes = new ArrayList<>();
            for (String name : List.of("loop3", "loop4")) {
                fake.blockDevice(name, "7:" + name.charAt(4), 64 * MIB);
                Path node = fake.tree().node(name);
                uuids.add(DeviceCreation.createImage(other, node, 64 * MIB, 4096).uuid());
                nodes.add(node);
            }
            MirrorCreation.create(other, "lab", MIB, nodes, DeviceAccess.exclusive());
        }
        return uuids;
    }

    private SurveyedDrive surveyed(String name) throws Exception {
        Workspace ws = sessions.getSession().workspace();
        DisksViewModel disks = new DisksViewModel(() -> new DiskSurvey(fake.tree()).read(DiskSurvey.members(ws)),
                new DirectTaskRunner());
        disks.refresh();
        return disks.find(name);
    }

    @Test
    void aDeviceFromElsewhereIsScannedAndImportedWithItsMirrorAndTheMemberBesideIt() throws Exception {
        List<UUID> uuids = mirrorMadeElsewhere();
        SurveyedDrive loop3 = surveyed("loop3");
        assertThat(DriveScanViewModel.carriesForeignDevice(loop3)).isTrue();
        assertThat(DriveScanViewModel.carriesForeignDevice(surveyed("sdc"))).as("a blank stick").isFalse();

        AtomicReference<DriveScanViewModel.DriveScan> scanned = new AtomicReference<>();
        scans.scan(loop3, scanned::set);
        assertThat(scanned.get().describe()).isEqualTo(loop3.node() + ": device " + uuids.get(0)
                + ", block size 4096, not in this workspace\n"
                + "    mirror lab: 1.00 MiB on 2 devices, membership generation 1");
        assertThat(sessions.getSession().workspace().devices()).as("a scan records nothing").isEmpty();

        AtomicReference<DriveScanViewModel.ScannedDevice> ready = new AtomicReference<>();
        scans.prepareImport(loop3, ready::set);
        assertThat(scans.describeImport(ready.get())).startsWith("This adds device " + uuids.get(0) + " at "
                + loop3.node() + " to this workspace's catalog, with mirror lab.").endsWith("Nothing on the device is written.");
        scans.importDevice(ready.get());

        assertThat(notices.errorProperty().get()).as(notices.getText()).isFalse();
        assertThat(notices.getText()).isEqualTo("Imported device " + loop3.node() + " with mirror lab.");
        Workspace ws = sessions.getSession().workspace();
        assertThat(ws.devices()).extracting(Workspace.KnownDevice::uuid).containsExactlyInAnyOrderElementsOf(uuids);
        assertThat(ws.requireMirror("lab").devices()).containsExactlyElementsOf(uuids);
        SurveyedDrive after = surveyed("loop3");
        assertThat(DriveScanViewModel.carriesForeignDevice(after)).isFalse();
        assertThat(after.usedBy()).startsWith("member of lab (");
        scans.scan(after, scanned::set);
        assertThat(scanned.get().describe()).startsWith(loop3.node() + ": device " + uuids.get(0)
                + ", block size 4096, in this workspace\n");
    }

    @Test
    void aDriveWithoutADeviceOrWithBothSuperblocksDamagedIsRefusedInOneLineWithNothingRecorded() throws Exception {
        mirrorMadeElsewhere();
        AtomicReference<DriveScanViewModel.ScannedDevice> ready = new AtomicReference<>();
        AtomicReference<DriveScanViewModel.DriveScan> scanned = new AtomicReference<>();

        SurveyedDrive sda = surveyed("sda");
        scans.scan(sda, scanned::set);
        assertThat(scanned.get().describe()).isEqualTo("No TagMirror device on /dev/sda or its partitions.");
        scans.prepareImport(sda, ready::set);
        assertThat(ready.get()).isNull();
        assertThat(notices.getText()).isEqualTo("Cannot import /dev/sda: it carries no TagMirror device (scan it, or"
                + " pick the partition that carries one).");

        Path node = fake.tree().node("loop3");
        try (FileChannel ch = FileChannel.open(node, StandardOpenOption.WRITE)) {
            for (long copy : new long[] {4096, 8192}) {
                ch.write(ByteBuffer.wrap(new byte[] {0x5A, 0x5A, 0x5A, 0x5A}), copy + 64);
            }
        }
        SurveyedDrive damaged = surveyed("loop3");
        scans.scan(damaged, scanned::set);
        assertThat(scanned.get().describe()).startsWith(node + ": a TagMirror device that cannot be read\n    "
                + node + " is damaged: both superblock copies are unusable");
        scans.prepareImport(damaged, ready::set);
        assertThat(ready.get()).isNull();
        assertThat(notices.errorProperty().get()).isTrue();
        assertThat(notices.getText()).startsWith("Cannot import /dev/loop3: " + node + " is damaged: both superblock"
                + " copies are unusable");
        assertThat(sessions.getSession().workspace().devices()).isEmpty();
        assertThat(sessions.getSession().workspace().mirrors()).isEmpty();

        SurveyedDrive loop4 = surveyed("loop4");
        sessions.close();
        scans.prepareImport(loop4, ready::set);
        assertThat(ready.get()).isNull();
        assertThat(notices.getText()).isEqualTo("Cannot import /dev/loop4: open a workspace first (File ▸ Open workspace…).");
    }
}
