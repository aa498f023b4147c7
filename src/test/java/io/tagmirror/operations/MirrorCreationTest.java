package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror create: one set of checks before any device is touched, and the devices recorded with the mirror. */
class MirrorCreationTest {

    @TempDir
    Path dir;

    private Path device(String name) throws IOException {
        try (DirectoryDevice d = DirectoryDevice.format(dir.resolve(name), 4096)) {
            return d.directory();
        }
    }

    @Test
    void createsTheMirrorAndRecordsItsDevicesInTheWorkspace() throws Exception {
        Path a = device("a");
        Path b = device("b");
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            MirrorCreation.Created created = MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, b), DeviceAccess.exclusive());

            MirrorDefinition def = created.definition();
            assertThat(ws.mirror("lab")).contains(def);
            assertThat(ws.devices()).extracting(Workspace.KnownDevice::path).containsExactlyInAnyOrder(a, b);
            assertThat(created.devices()).containsExactly(a, b);
        }
        try (DirectoryDevice reopened = DirectoryDevice.open(a, false)) {
            assertThat(reopened.descriptor().mirror("lab")).as("the devices were given back closed").isPresent();
        }
    }

    @Test
    void refusesADeviceGivenTwiceEvenThroughAnotherPathATakenNameAndOneDeviceBeforeOpeningAny() throws Exception {
        Path a = device("a");
        Path b = device("b");
        Path link = Files.createSymbolicLink(dir.resolve("link-to-a"), a);
        List<Path> opened = new ArrayList<>();
        DeviceAccess watching = new DeviceAccess() {
            @Override
            public Device open(DeviceAddress address) throws IOException {
                opened.add(Path.of(address.locator()));
                return address.open(false);
            }

            @Override
            public void done(Device device) throws IOException {
                device.close();
            }
        };
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            assertThatThrownBy(() -> MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, link), watching))
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("is given twice");
            assertThatThrownBy(() -> MirrorCreation.create(ws, "lab", 1 << 20, List.of(a), watching))
                    .isInstanceOf(TagMirrorException.class).hasMessage("a mirror needs at least two devices, got 1");
            assertThatThrownBy(() -> MirrorCreation.create(ws, "bad/name", 1 << 20, List.of(a, b), watching))
                    .isInstanceOf(TagMirrorException.class);
            assertThat(opened).as("no device is opened for a request refused on its face").isEmpty();

            MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, b), watching);
            Path c = device("c");
            Path d = device("d");
            opened.clear();
            assertThatThrownBy(() -> MirrorCreation.create(ws, "lab", 1 << 20, List.of(c, d), watching))
                    .isInstanceOf(TagMirrorException.class).hasMessage("the workspace already has a mirror named lab");
            assertThat(opened).isEmpty();
            assertThat(ws.devices()).extracting(Workspace.KnownDevice::path).doesNotContain(c, d);
        }
    }

    @Test
    void aLentDeviceIsGivenBackOpenForItsLender() throws Exception {
        Path a = device("a");
        Path b = device("b");
        List<Device> lent = new ArrayList<>();
        DeviceAccess lender = new DeviceAccess() {
            @Override
            public Device open(DeviceAddress address) throws IOException {
                Device device = address.open(false);
                lent.add(device);
                return device;
            }

            @Override
            public void done(Device device) {
                // the lender keeps it
            }
        };
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, b), lender);
            for (Device d : lent) {
                assertThat(d.descriptor().mirror("lab")).as("still open and usable").isPresent();
                d.close();
            }
        }
    }
}
