package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a mirror: what the plan says is exactly what goes, and a device held elsewhere stops it whole. */
class MirrorDeletionTest {

    @TempDir
    Path dir;

    private Path device(String name) throws IOException {
        try (Device d = DeviceAddress.directory(dir.resolve(name)).format(4096)) {
            return dir.resolve(name).toAbsolutePath().normalize();
        }
    }

    @Test
    void aDeletionRemovesTheDataAndRecordOnReachableDevicesAndTheCatalogEntryAndLeavesTheRestUntouched() throws Exception {
        Path a = device("a");
        Path b = device("b");
        Path c = device("c");
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            MirrorDefinition lab = MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, b, c), DeviceAccess.exclusive())
                    .definition();
            MirrorCreation.create(ws, "keep", 1 << 20, List.of(a, b), DeviceAccess.exclusive());
            Path away = dir.resolve("c-away");
            Files.move(c, away);
            Path objectA = a.resolve("objects").resolve(lab.objectId());

            MirrorDeletion.Plan plan = MirrorDeletion.plan(ws, "lab");

            assertThat(plan.describe()).contains(objectA + ": the mirror's data on this device")
                    .contains("Device " + c + " is not reachable: its copy stays there untouched.")
                    .doesNotContain(c.resolve("objects").toString());
            assertThat(objectA).exists();

            MirrorDeletion.run(ws, plan, DeviceAccess.exclusive());

            assertThat(objectA).doesNotExist();
            assertThat(b.resolve("objects").resolve(lab.objectId())).doesNotExist();
            assertThat(away.resolve("objects").resolve(lab.objectId())).as("unreachable: untouched").exists();
            assertThat(DeviceAddress.directory(a).readDescriptor().mirrors()).extracting(MirrorDefinition::name)
                    .containsExactly("keep");
            assertThat(ws.mirrors()).extracting(MirrorDefinition::name).containsExactly("keep");
            assertThat(ws.devices()).hasSize(3);
            assertThat(ws.history("lab", 10)).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(HistoryKind.DELETE.code());
                assertThat(e.result()).isEqualTo(Outcome.DELETED.code());
            });
        }
    }

    @Test
    void aDeviceHeldElsewhereStopsTheDeletionBeforeAnythingIsDeleted() throws Exception {
        Path a = device("a");
        Path b = device("b");
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            MirrorDefinition lab = MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, b), DeviceAccess.exclusive())
                    .definition();
            MirrorDeletion.Plan plan = MirrorDeletion.plan(ws, "lab");
            try (Device held = DeviceAddress.directory(b).open(false)) {
                assertThatThrownBy(() -> MirrorDeletion.run(ws, plan, DeviceAccess.exclusive()))
                        .isInstanceOf(TagMirrorException.class).hasMessageStartingWith("nothing was deleted: ");
            }
            assertThat(a.resolve("objects").resolve(lab.objectId())).exists();
            assertThat(DeviceAddress.directory(a).readDescriptor().mirror("lab")).isPresent();
            assertThat(ws.mirrors()).hasSize(1);
            assertThat(ws.history(null, 10)).isEmpty();
            assertThatThrownBy(() -> MirrorDeletion.plan(ws, "nosuch")).isInstanceOf(TagMirrorException.class);
        }
    }
}
