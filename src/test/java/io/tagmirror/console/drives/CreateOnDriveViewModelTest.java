package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DeviceKind;
import io.tagmirror.operations.disks.DiskSurvey;
import io.tagmirror.operations.disks.FakeSystemTree;
import io.tagmirror.operations.disks.FormatCheck;
import io.tagmirror.operations.disks.SurveyedDrive;
import io.tagmirror.workspace.Workspace;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Create TagMirror device" on a disk, a partition or an image file, without a toolkit: the checks run
 * first and say what is there, nothing is written until they pass (or the administrator consents to
 * overwrite a signature), and a whole disk waits for its name typed.
 */
class CreateOnDriveViewModelTest {

    @TempDir
    Path tmp;

    private final Notices notices = new Notices();
    private SessionViewModel sessions;
    private DeviceActionsViewModel actions;
    private FakeSystemTree fake;

    @BeforeEach
    void openWorkspace() throws Exception {
        sessions = new SessionViewModel(new DirectTaskRunner(), UiThread.INLINE, notices);
        sessions.open(tmp.resolve("ws"), false, path -> { });
        actions = new DeviceActionsViewModel(sessions, new DirectTaskRunner(), notices);
        fake = FakeSystemTree.standard(tmp.resolve("root"));
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    private SurveyedDrive surveyed(String name) throws Exception {
        DisksViewModel disks = new DisksViewModel(() -> new DiskSurvey(fake.tree()).read(Map.of()), new DirectTaskRunner());
        disks.refresh();
        return disks.find(name);
    }

    private List<Workspace.KnownDevice> catalog() throws Exception {
        return sessions.getSession().workspace().devices();
    }

    /** A 32 MiB sparse image whose superblock says ext4, as mkfs.ext4 leaves it. */
    static Path ext4Image(Path file) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), (32L << 20) - 1);
            ch.write(ByteBuffer.wrap(new byte[] {0x53, (byte) 0xEF}), 1080);
            ch.write(ByteBuffer.wrap(new byte[] {0x40, 0, 0, 0}), 1024 + 0x60);
        }
        return file;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void anImageCarryingExt4IsShownAndOnlyAnOverwriteConsentedToFormatsIt() throws Exception {
        Path image = ext4Image(tmp.resolve("old.img"));
        String before = sha256(image);
        CreateOnDriveViewModel form = CreateOnDriveViewModel.onImage(actions, image.toString());

        assertThat(form.checkProperty().get().verdict()).isEqualTo(FormatCheck.Verdict.CARRIES_SIGNATURE);
        assertThat(form.overwritten()).containsExactly(image + " carries ext4");
        assertThat(form.problemProperty().get()).startsWith("It carries ext4.");
        assertThat(form.canCreateProperty().get()).isFalse();
        form.create(() -> { throw new AssertionError("created without consent"); });
        assertThat(sha256(image)).as("nothing written before consent").isEqualTo(before);
        assertThat(catalog()).isEmpty();

        form.forceProperty().set(true);
        assertThat(form.canCreateProperty().get()).isTrue();
        AtomicInteger created = new AtomicInteger();
        form.create(created::incrementAndGet);
        assertThat(created).hasValue(1);
        assertThat(catalog()).singleElement().satisfies(d ->
                assertThat(d.address()).isEqualTo(DeviceAddress.block(image)));
        assertThat(DeviceAddress.block(image).isDevice()).isTrue();
    }

    @Test
    void aNewImageIsMadeAtTheSizeGivenAndAnImpossibleOneIsRefusedWithNoFileLeft() throws Exception {
        Path image = tmp.resolve("new.img");
        CreateOnDriveViewModel form = CreateOnDriveViewModel.onImage(actions, image.toString());
        assertThat(form.overwritten()).isEmpty();
        form.imageSizeProperty().set("lots");
        assertThat(form.problemProperty().get()).contains("lots");
        form.imageSizeProperty().set("4MiB");
        assertThat(form.canCreateProperty().get()).isTrue();
        form.create(() -> { throw new AssertionError("a 4 MiB image cannot hold the metadata"); });
        assertThat(form.failureProperty().get()).contains("too small for a TagMirror device");
        assertThat(image).doesNotExist();

        form.imageSizeProperty().set("64MiB");
        form.create(() -> { });
        assertThat(Files.size(image)).isEqualTo(64L << 20);
        assertThat(catalog()).singleElement().satisfies(d -> assertThat(d.address().kind()).isEqualTo(DeviceKind.BLOCK));
    }

    @Test
    void aWholeDiskWaitsForItsNameTypedBeforeCreateIsEnabled() throws Exception {
        Files.delete(fake.tree().node("sdc"));
        fake.node("sdc", 64L << 20, 0, null); // an image stands in for the stick's node
        CreateOnDriveViewModel form = CreateOnDriveViewModel.onDrive(actions, surveyed("sdc"));

        assertThat(form.checkProperty().get().verdict()).isEqualTo(FormatCheck.Verdict.READY);
        assertThat(form.needsTypedName()).isTrue();
        assertThat(form.problemProperty().get()).isEqualTo("Type sdc to confirm that the whole disk /dev/sdc is erased.");
        form.typedNameProperty().set("sd");
        assertThat(form.canCreateProperty().get()).isFalse();
        form.typedNameProperty().set("/dev/sdc");
        assertThat(form.canCreateProperty().get()).isTrue();
        form.typedNameProperty().set("sdc");
        assertThat(form.canCreateProperty().get()).isTrue();

        form.create(() -> { });
        assertThat(catalog()).singleElement().satisfies(d ->
                assertThat(d.address()).isEqualTo(DeviceAddress.block(fake.tree().node("sdc"))));
    }

    @Test
    void aPartitionNeedsNoTypedNameButOneMountedOrSwappedOnIsRefusedPlainly() throws Exception {
        Files.delete(fake.tree().node("sda10"));
        fake.node("sda10", 64L << 20, 0, null);
        CreateOnDriveViewModel free = CreateOnDriveViewModel.onDrive(actions, surveyed("sda10"));
        assertThat(free.needsTypedName()).isFalse();
        assertThat(free.canCreateProperty().get()).isTrue();

        CreateOnDriveViewModel mounted = CreateOnDriveViewModel.onDrive(actions, surveyed("sda1"));
        mounted.forceProperty().set(true);
        assertThat(mounted.problemProperty().get())
                .isEqualTo("/dev/sda1 is mounted at /boot; nothing will be written: unmount it first");
        assertThat(mounted.overwritten()).containsExactly("/dev/sda1 carries ext4", "/dev/sda1: mounted at /boot");
        assertThat(mounted.canCreateProperty().get()).isFalse();

        CreateOnDriveViewModel disk = CreateOnDriveViewModel.onDrive(actions, surveyed("sda"));
        assertThat(disk.problemProperty().get())
                .isEqualTo("/dev/sda (its partition /dev/sda1) is mounted at /boot; nothing will be written: unmount it first");
        assertThat(disk.overwritten()).contains("/dev/sda carries gpt",
                "partition /dev/sda2, 4.00 GiB: swap (swap)", "partition /dev/sda10, 2.00 GiB: its data");
        assertThat(catalog()).isEmpty();
    }

    @Test
    void aDriveTheEngineCannotOpenIsRefusedWithItsWords() throws Exception {
        CreateOnDriveViewModel form = CreateOnDriveViewModel.onDrive(actions, surveyed("sdd"));
        assertThat(form.checkProperty().get().verdict()).isEqualTo(FormatCheck.Verdict.REFUSED);
        assertThat(form.problemProperty().get()).endsWith("/dev/sdd does not exist");
        assertThat(form.overwritten()).containsExactly("/dev/sdd could not be read: what it holds is unknown");
        assertThat(form.canCreateProperty().get()).isFalse();
    }
}
