package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating a device and importing one: each checked once, both faces' way in. */
class DeviceCreationAndImportTest {

    @TempDir
    Path dir;

    @Test
    void aCreatedDeviceIsRecordedByItsAddressAndAPathTheWorkspaceStillKnowsIsRefusedWithTheWayOut() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            DeviceCreation.Created a = DeviceCreation.create(ws, dir.resolve("a"), 8192);

            assertThat(a.blockSize()).isEqualTo(8192);
            assertThat(ws.deviceAddress(a.uuid())).contains(DeviceAddress.directory(dir.resolve("a")));
            assertThat(DeviceAddress.directory(a.path()).readDescriptor().uuid()).isEqualTo(a.uuid());

            // the device is wiped outside TagMirror: its folder is empty again, but the catalog still names it
            try (Stream<Path> files = Files.walk(a.path())) {
                files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(a.path())).forEach(p -> p.toFile().delete());
            }
            assertThatThrownBy(() -> DeviceCreation.create(ws, a.path(), 4096)).isInstanceOf(TagMirrorException.class)
                    .hasMessage("device " + a.uuid() + " of this workspace is already at " + a.path()
                            + "; to make a new one there, forget it first (device forget " + a.path() + ")");
            assertThat(ws.devices()).hasSize(1);
        }
    }

    @Test
    void importingADeviceRecordsItsMirrorWithTheSiblingMembersFoundAndKeepsTheImportInTheHistory() throws Exception {
        Path a;
        Path b;
        MirrorDefinition lab;
        try (Workspace first = Workspace.open(dir.resolve("first"))) {
            Files.createDirectories(dir.resolve("devices"));
            a = DeviceCreation.create(first, dir.resolve("devices").resolve("a"), 4096).path();
            b = DeviceCreation.create(first, dir.resolve("devices").resolve("b"), 4096).path();
            lab = MirrorCreation.create(first, "lab", 1 << 20, List.of(a, b), DeviceAccess.exclusive()).definition();
        }
        try (Workspace fresh = Workspace.open(dir.resolve("fresh"))) {
            DeviceImport.Result result = DeviceImport.run(fresh, a, List.of());

            assertThat(result.mirrors()).singleElement().satisfies(m -> {
                assertThat(m.name()).isEqualTo("lab");
                assertThat(m.found()).containsExactlyInAnyOrder(a, b);
                assertThat(m.missing()).isEmpty();
            });
            assertThat(fresh.requireMirror("lab")).isEqualTo(lab);
            assertThat(fresh.devices()).hasSize(2);
            assertThat(fresh.history("lab", 10)).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(HistoryKind.IMPORT.code());
                assertThat(e.result()).isEqualTo(Outcome.IMPORTED.code());
            });
            assertThatThrownBy(() -> DeviceImport.run(fresh, Files.createDirectories(dir.resolve("empty")), List.of()))
                    .isInstanceOf(TagMirrorException.class);
        }
    }

    @Test
    void aDeviceWhoseMirrorsNameTheWorkspaceUsesForAnotherMirrorIsRefusedWithNothingRecorded() throws Exception {
        Path a;
        try (Workspace first = Workspace.open(dir.resolve("first"))) {
            Files.createDirectories(dir.resolve("devices"));
            a = DeviceCreation.create(first, dir.resolve("devices").resolve("a"), 4096).path();
            Path b = DeviceCreation.create(first, dir.resolve("devices").resolve("b"), 4096).path();
            MirrorCreation.create(first, "lab", 1 << 20, List.of(a, b), DeviceAccess.exclusive());
        }
        try (Workspace other = Workspace.open(dir.resolve("other"))) {
            Files.createDirectories(dir.resolve("own"));
            Path c = DeviceCreation.create(other, dir.resolve("own").resolve("c"), 4096).path();
            Path d = DeviceCreation.create(other, dir.resolve("own").resolve("d"), 4096).path();
            MirrorDefinition ownLab = MirrorCreation.create(other, "lab", 1 << 20, List.of(c, d),
                    DeviceAccess.exclusive()).definition();
            List<Workspace.KnownDevice> before = other.devices();

            assertThatThrownBy(() -> DeviceImport.run(other, a, List.of())).isInstanceOf(TagMirrorException.class)
                    .hasMessageStartingWith(a + " belongs to mirror lab (")
                    .hasMessageContaining("this workspace already has another mirror named lab (" + ownLab.uuid() + ")")
                    .hasMessageEndingWith("nothing was imported: import it into another workspace");
            assertThat(other.devices()).isEqualTo(before);
            assertThat(other.mirrors()).containsExactly(ownLab);
        }
    }
}
