package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TestMirrors;
import io.tagmirror.engine.WriteTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryDeviceTest {
    @TempDir
    Path tmp;

    @Test
    void formatMakesOnlyTheLastFolderNeverAMissingParent() {
        Path unmounted = tmp.resolve("mnt/usb-disk");
        assertThatThrownBy(() -> DirectoryDevice.format(unmounted.resolve("tm"), 4096))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining(unmounted + " does not exist");
        assertThat(tmp.resolve("mnt")).doesNotExist();
    }

    @Test
    void formatMakesTheDirectoryAndTheLayout() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("a/b")).resolve("dev");
        try (DirectoryDevice d = DirectoryDevice.format(dir, 4096)) {
            assertThat(dir.resolve("device.json")).isRegularFile();
            assertThat(dir.resolve("tags.log")).isRegularFile();
            assertThat(dir.resolve("tags.db")).doesNotExist();
            assertThat(dir.resolve("objects")).isDirectory();
            assertThat(dir.resolve(".formatting")).doesNotExist();
            assertThat(d.blockSize()).isEqualTo(4096);
            assertThat(d.descriptor().formatVersion()).isEqualTo(DeviceDescriptor.FORMAT_VERSION);
        }
        try (DirectoryDevice again = DirectoryDevice.open(dir, false)) {
            assertThat(again.tagTable().count()).isZero();
        }
    }

    @Test
    void formatRefusesANonEmptyDirectoryAndLeavesItAlone() throws IOException {
        Files.writeString(tmp.resolve("precious.txt"), "keep me");
        assertThatThrownBy(() -> DirectoryDevice.format(tmp, 4096))
                .isInstanceOf(TagMirrorException.class).hasMessageContaining("not empty");
        assertThat(Files.list(tmp).toList()).containsExactly(tmp.resolve("precious.txt"));
    }

    @Test
    void formatRefusesAnExistingDevice() throws IOException {
        Path dir = tmp.resolve("dev");
        DirectoryDevice.format(dir, 4096).close();
        assertThatThrownBy(() -> DirectoryDevice.format(dir, 4096)).hasMessageContaining("already a TagMirror device");
    }

    @Test
    void formatRefusesABadBlockSize() {
        assertThatThrownBy(() -> DirectoryDevice.format(tmp.resolve("d"), 3000)).hasMessageContaining("block size 3000");
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void formatResumesAfterAnInterruptedFormat() throws IOException {
        Path dir = tmp.resolve("dev");
        Files.createDirectories(dir.resolve("objects"));
        Files.createFile(dir.resolve(".formatting"));
        Files.writeString(dir.resolve("tags.db"), "half");
        assertThatThrownBy(() -> DirectoryDevice.open(dir, false)).hasMessageContaining("interrupted");
        DirectoryDevice.format(dir, 4096).close();
        assertThat(DirectoryDevice.isDevice(dir)).isTrue();
    }

    @Test
    void openRefusesADirectoryThatIsNotADevice() throws IOException {
        Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> DirectoryDevice.open(tmp.resolve("plain"), false))
                .hasMessageContaining("is not a TagMirror device (no device.json)");
    }

    @Test
    void openRefusesANewerFormatVersion() throws IOException {
        Path dir = tmp.resolve("dev");
        DirectoryDevice.format(dir, 4096).close();
        Path json = dir.resolve("device.json");
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        assertThatThrownBy(() -> DirectoryDevice.open(dir, false))
                .hasMessageContaining("format version 7").hasMessageContaining("newer");
    }

    @Test
    void openRefusesACorruptDescriptor() throws IOException {
        Path dir = tmp.resolve("dev");
        DirectoryDevice.format(dir, 4096).close();
        Files.writeString(dir.resolve("device.json"), "{ not json");
        assertThatThrownBy(() -> DirectoryDevice.open(dir, false)).hasMessageContaining("corrupt");
    }

    @Test
    void openRefusesACorruptTagTable() throws IOException {
        Path dir = tmp.resolve("dev");
        DirectoryDevice.format(dir, 4096).close();
        byte[] garbage = new byte[8192];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        Files.write(dir.resolve("tags.log"), garbage);
        assertThatThrownBy(() -> DirectoryDevice.open(dir, false)).hasMessageContaining("tags.log")
                .hasMessageContaining("corrupt");
        assertThat(Files.readAllBytes(dir.resolve("tags.log"))).isEqualTo(garbage);
    }

    @Test
    void openRefusesATagTableOfAnotherDevice() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        DirectoryDevice.format(a, 4096).close();
        DirectoryDevice.format(b, 4096).close();
        Files.copy(a.resolve("tags.log"), b.resolve("tags.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> DirectoryDevice.open(b, false)).hasMessageContaining("belongs to device");
    }

    @Test
    void theSameDirectoryCannotBeOpenTwiceAlsoThroughASymlink() throws IOException {
        Path dir = tmp.resolve("dev");
        Path link = tmp.resolve("link");
        try (DirectoryDevice d = DirectoryDevice.format(dir, 4096)) {
            Files.createSymbolicLink(link, dir);
            assertThatThrownBy(() -> DirectoryDevice.open(link, false)).hasMessageContaining("already open");
            assertThatThrownBy(() -> DirectoryDevice.open(dir, false)).hasMessageContaining("already open");
        }
        DirectoryDevice.open(link, false).close();
    }

    @Test
    void theLockFileNamesItsHolder() throws IOException {
        Path dir = tmp.resolve("dev");
        try (DirectoryDevice d = DirectoryDevice.format(dir, 4096)) {
            String holder = Files.readString(dir.resolve("lock"), StandardCharsets.UTF_8);
            assertThat(holder).contains("process " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aReadOnlyLocationIsRefusedForWritingButCanBeInspected() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root ignores permissions");
        Path dir = tmp.resolve("dev");
        java.util.UUID uuid;
        try (DirectoryDevice d = DirectoryDevice.format(dir, 4096)) {
            uuid = d.uuid();
            d.createObject("obj", 4);
            d.submit(new WriteTransaction(new TagEntry(new Tag(1, 1), "obj", EntryKind.BLOCKS, 0, 1,
                    TestMirrors.checksum(java.nio.ByteBuffer.wrap(block(7)))), java.nio.ByteBuffer.wrap(block(7)))).join();
        }
        Files.delete(dir.resolve("lock"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> DirectoryDevice.open(dir, false)).hasMessageContaining("read-only");
            try (DirectoryDevice d = DirectoryDevice.open(dir, true)) {
                assertThat(d.isReadOnly()).isTrue();
                assertThat(d.uuid()).isEqualTo(uuid);
                assertThat(d.tagTable().count()).isEqualTo(1);
                assertThat(d.objectIds()).containsExactly("obj");
                assertThat(d.object("obj").read(0, 1).array()).startsWith((byte) 7);
            }
            assertThat(dir.resolve("lock")).as("inspecting takes no lock and leaves no file").doesNotExist();
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void objectIdsCannotEscapeTheDevice() throws IOException {
        try (DirectoryDevice d = DirectoryDevice.format(tmp.resolve("dev"), 4096)) {
            for (String bad : List.of("../x", "a/b", "..", ".hidden", "")) {
                assertThatThrownBy(() -> d.createObject(bad, 1)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(tmp.resolve("x")).doesNotExist();
        }
    }

    @Test
    void objectsAreSparseAndBlockAddressed() throws IOException {
        try (DirectoryDevice d = DirectoryDevice.format(tmp.resolve("dev"), 4096)) {
            StorageObject o = d.createObject("obj", 1 << 18);
            assertThat(o.lengthBlocks()).isEqualTo(1 << 18);
            o.write(5, TestMirrors.randomData(1, 8192));
            assertThat(o.read(5, 2)).isEqualTo(TestMirrors.randomData(1, 8192));
            assertThat(o.read(0, 1).array()).containsOnly(0);
            o.setLengthBlocks((1 << 18) + 2);
            assertThat(o.lengthBlocks()).isEqualTo((1 << 18) + 2);
            Process stat = new ProcessBuilder("stat", "-c", "%b", tmp.resolve("dev/objects/obj").toString()).start();
            long allocated = Long.parseLong(new String(stat.getInputStream().readAllBytes()).trim()) * 512;
            assertThat(allocated).as("a 1 GiB object with two blocks written is sparse").isLessThan(1 << 20);
        }
    }

    private static byte[] block(int value) {
        byte[] b = new byte[4096];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
