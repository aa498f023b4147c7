package io.tagmirror.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceKind;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.DeviceAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog keeps each device's kind and locator, and reads a catalog written before kinds as directory devices. */
class DeviceAddressCatalogTest {

    @TempDir
    Path dir;

    @Test
    void aCatalogWrittenBeforeKindsReadsItsDevicesAsDirectoryDevicesAndTakesNewOnes() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        UUID old = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve(Workspace.CATALOG_FILE));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE device(uuid TEXT PRIMARY KEY, path TEXT NOT NULL, added TEXT NOT NULL)");
            s.execute("INSERT INTO device VALUES ('" + old + "', '/mnt/a/tm', '2026-01-01T00:00:00Z')");
        }

        try (Workspace workspace = Workspace.open(ws)) {
            Workspace.KnownDevice known = workspace.devices().get(0);
            assertThat(known.uuid()).isEqualTo(old);
            assertThat(known.path()).isEqualTo(Path.of("/mnt/a/tm"));
            assertThat(known.address()).isEqualTo(new DeviceAddress(DeviceKind.DIRECTORY, "/mnt/a/tm"));

            UUID added = UUID.randomUUID();
            workspace.addDevice(added, DeviceAddress.directory(dir.resolve("b")));
            assertThat(workspace.devices()).extracting(Workspace.KnownDevice::address)
                    .contains(DeviceAddress.directory(dir.resolve("b")));
        }
        try (Workspace again = Workspace.open(ws)) {
            assertThat(again.devices()).hasSize(2);
        }
    }

    @Test
    void aKindThisTagMirrorDoesNotKnowIsRefusedInWords() throws Exception {
        Path ws = dir.resolve("ws");
        try (Workspace workspace = Workspace.open(ws)) {
            workspace.addDevice(UUID.randomUUID(), dir.resolve("a"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve(Workspace.CATALOG_FILE));
             Statement s = c.createStatement()) {
            s.execute("UPDATE device SET kind = 'tape'");
        }
        try (Workspace workspace = Workspace.open(ws)) {
            assertThatThrownBy(workspace::devices).isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("unknown device kind 'tape'");
        }
    }

    @Test
    void aDeviceIsMadeOpenedAndReadThroughItsAddress() throws Exception {
        DeviceAddress address = DeviceAddress.directory(dir.resolve("dev"));
        assertThat(address.isDevice()).isFalse();
        UUID uuid;
        try (Device made = address.format(4096)) {
            uuid = made.uuid();
            assertThat(made.location()).isEqualTo(address.locator());
        }
        assertThat(address.isDevice()).isTrue();
        assertThat(address.readDescriptor().uuid()).isEqualTo(uuid);
        try (Device opened = address.open(true)) {
            assertThat(opened.uuid()).isEqualTo(uuid);
            assertThat(opened.isReadOnly()).isTrue();
        }
    }
}
