package io.tagmirror.console.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RetiredDeviceException;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing a device brings in its mirrors and finds their other devices, as {@code mirror import} does. */
class DeviceImportTest {

    @TempDir
    Path dir;

    @Test
    void importsTheDeviceItsMirrorAndTheSiblingDevice() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.diverged(dir.resolve("made"));
        try (Workspace fresh = Workspace.open(dir.resolve("fresh"))) {
            DeviceImport.Result result = DeviceImport.run(fresh, lab.deviceA());

            assertThat(result.mirrors()).containsExactly("lab");
            assertThat(result.missing()).isEmpty();
            assertThat(fresh.devices()).extracting(Workspace.KnownDevice::path)
                    .containsExactlyInAnyOrder(lab.deviceA(), lab.deviceB());
            assertThat(fresh.mirrors()).extracting(m -> m.uuid()).containsExactly(lab.mirror().uuid());
            assertThat(result.describe()).contains("with mirror lab");
        }
    }

    @Test
    void aMissingPeerIsNamedAndAFolderThatIsNoDeviceIsRefused() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.diverged(dir.resolve("made"));
        Path alone = dir.resolve("elsewhere").resolve("a");
        Files.createDirectories(alone.getParent());
        Files.move(lab.deviceA(), alone);
        try (Workspace fresh = Workspace.open(dir.resolve("fresh"))) {
            DeviceImport.Result result = DeviceImport.run(fresh, alone);
            assertThat(result.missing()).hasSize(1);
            assertThat(result.describe()).contains("Not found");

            assertThatThrownBy(() -> DeviceImport.run(fresh, Files.createDirectories(dir.resolve("empty"))))
                    .hasMessageContaining("is not a TagMirror device");
            assertThat(fresh.devices()).hasSize(1);
        }
    }

    @Test
    void aDeviceReplacedSinceIsRefusedAndNothingIsRecorded() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.lab(dir.resolve("made"), (a, b, object) -> { });
        Path c = dir.resolve("made").resolve("drives").resolve("c");
        try (DirectoryDevice a = DirectoryDevice.open(lab.deviceA(), false);
             DirectoryDevice fresh = DirectoryDevice.format(c, 4096)) {
            Mirror.replaceMember(lab.mirror(), lab.mirror().devices().get(1), fresh, List.of(a));
        }
        try (Workspace fresh = Workspace.open(dir.resolve("fresh"))) {
            assertThatThrownBy(() -> DeviceImport.run(fresh, lab.deviceB()))
                    .isInstanceOf(RetiredDeviceException.class)
                    .hasMessageStartingWith("device " + lab.deviceB() + " was replaced by " + c + " in mirror lab");
            assertThat(fresh.devices()).isEmpty();
            assertThat(fresh.mirrors()).isEmpty();

            DeviceImport.Result fromA = DeviceImport.run(fresh, lab.deviceA());
            assertThat(fromA.missing()).isEmpty();
            assertThat(fresh.devices()).extracting(Workspace.KnownDevice::path).containsExactlyInAnyOrder(lab.deviceA(), c);
            assertThat(fresh.mirrors()).singleElement().satisfies(m -> assertThat(m.generation()).isEqualTo(2));
        }
    }
}
