package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.NotADeviceException;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block device's superblocks, tag log region and checks, on image files (no root needed). */
class BlockDeviceMetadataTest {
    private static final int BS = 4096;
    private static final long IMAGE = 64L << 20;

    @TempDir
    Path tmp;

    private static void scribble(Path image, long at, int bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[bytes];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            ch.write(ByteBuffer.wrap(junk), at);
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (ch.read(b) >= 0) {
                b.flip();
                md.update(b);
                b.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static TagEntry entry(long seq) {
        return new TagEntry(new Tag(1, seq), "obj", EntryKind.BLOCKS, seq, 1, 0);
    }

    private Path imageWithEntries(int entries) throws IOException {
        Path image = tmp.resolve("a.img");
        try (Device d = DeviceAddress.createImage(image, IMAGE, BS)) {
            for (int i = 1; i <= entries; i++) {
                d.tagTable().append(List.of(entry(i)));
            }
        }
        return image;
    }

    @Test
    void eitherSuperblockCopyCorruptAloneIsSkippedNamedAndRewrittenByTheNextUpdate() throws IOException {
        Path image = imageWithEntries(3);
        for (long copy : new long[] {BlockLayout.SUPERBLOCK_A, BlockLayout.SUPERBLOCK_B}) {
            scribble(image, copy + 100, 16);
            try (BlockDevice d = BlockDevice.open(image, false)) {
                String where = copy == BlockLayout.SUPERBLOCK_A ? "4 KiB" : "8 KiB";
                assertThat(d.notices()).singleElement().asString().contains("copy at " + where).contains("CRC32C");
                assertThat(d.tagTable().count()).isEqualTo(3);
                d.updateDescriptor(d.descriptor()); // the next update rewrites the damaged copy
            }
            try (BlockDevice d = BlockDevice.open(image, true)) {
                assertThat(d.notices()).isEmpty();
            }
        }
    }

    @Test
    void bothSuperblockCopiesCorruptAreRefusedNamingBoth() throws IOException {
        Path image = imageWithEntries(1);
        scribble(image, BlockLayout.SUPERBLOCK_A + 40, 8);
        scribble(image, BlockLayout.SUPERBLOCK_B + 40, 8);
        assertThatThrownBy(() -> BlockDevice.open(image, false)).isInstanceOf(DeviceDamagedException.class)
                .hasMessageContaining("both superblock copies").hasMessageContaining("at 4 KiB")
                .hasMessageContaining("at 8 KiB").hasMessageContaining(image.toString());
    }

    @Test
    void aFileWithoutSuperblocksIsNotADevice() throws IOException {
        Path file = tmp.resolve("plain.img");
        Files.write(file, new byte[1 << 16]);
        assertThatThrownBy(() -> BlockDevice.open(file, true)).isInstanceOf(NotADeviceException.class)
                .hasMessageContaining("not a TagMirror device");
        assertThat(DeviceAddress.block(file).isDevice()).isFalse();
    }

    @Test
    void aTornTailOfTheTagLogIsCutOffAndAppendsContinueAfterTheLastWholeRecord() throws IOException {
        Path image = imageWithEntries(5);
        long end;
        try (BlockDevice d = BlockDevice.open(image, true)) {
            Superblock s = d.superblock();
            // a record cut short: a header promising more bytes than the crash let reach the disk
            end = findLogEnd(image, s.layout().logHalfOffset(s.activeHalf()));
        }
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, (byte) 200, 0, 1, 9, 9}), end);
        }
        try (BlockDevice d = BlockDevice.open(image, false)) {
            assertThat(d.tagTable().count()).isEqualTo(5);
            d.tagTable().append(List.of(entry(6)));
        }
        try (BlockDevice d = BlockDevice.open(image, true)) {
            assertThat(d.tagTable().count()).isEqualTo(6);
        }
    }

    /** The first byte after the log's last whole record, as its reader finds it. */
    private static long findLogEnd(Path image, long halfAt) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            io.tagmirror.engine.log.LogReader reader = io.tagmirror.engine.log.LogReader.of(
                    new RegionChannel(ch, "log", halfAt, BlockLayout.LOG_HALF_BYTES), "log");
            while (reader.next() != null) {
                // to the end
            }
            return halfAt + reader.validEnd();
        }
    }

    @Test
    void aDeviceSmallerThanItsMetadataIsRefusedAndNoImageIsLeft() {
        Path image = tmp.resolve("small.img");
        assertThatThrownBy(() -> DeviceAddress.createImage(image, 8L << 20, BS)).isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("too small for a TagMirror device").hasMessageContaining("at least");
        assertThat(image).doesNotExist();
    }

    @Test
    void aMirrorLargerThanTheDataRegionIsRefusedNamingWhatFits() throws IOException {
        try (Device d = DeviceAddress.createImage(tmp.resolve("a.img"), IMAGE, BS)) {
            assertThatThrownBy(() -> d.createObject("obj", (IMAGE / BS)))
                    .isInstanceOf(TagMirrorException.class).hasMessageContaining("its data region holds")
                    .hasMessageContaining("the smallest member decides");
            assertThat(d.objectIds()).isEmpty();
        }
    }

    @Test
    void aFileCarryingAFileSystemIsRefusedUntouchedAndFormattedOnlyWithForce() throws Exception {
        Path file = tmp.resolve("ext.img");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), IMAGE - 1);
            ch.write(ByteBuffer.wrap(new byte[] {0x53, (byte) 0xEF}), 1080); // ext2's magic, little-endian
        }
        String before = sha256(file);
        assertThatThrownBy(() -> DeviceAddress.block(file).format(BS)).isInstanceOf(SignatureFoundException.class)
                .hasMessageContaining("carries ext2").hasMessageContaining("--force");
        assertThat(sha256(file)).isEqualTo(before);
        try (Device d = DeviceAddress.block(file).format(BS, true)) {
            assertThat(d.descriptor().blockSize()).isEqualTo(BS);
        }
        // now it is a TagMirror device: formatting it again is refused as carrying one
        assertThatThrownBy(() -> DeviceAddress.block(file).format(BS)).isInstanceOf(SignatureFoundException.class)
                .hasMessageContaining("a TagMirror device");
    }

    @Test
    void anImageIsHeldWhileOpenForWritingAndAnotherOpenIsRefused() throws IOException {
        Path image = tmp.resolve("a.img");
        try (Device d = DeviceAddress.createImage(image, IMAGE, BS)) {
            assertThatThrownBy(() -> BlockDevice.open(image, false)).isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("already open");
            try (Device inspect = BlockDevice.open(image, true)) {
                assertThat(inspect.uuid()).isEqualTo(d.uuid());
            }
        }
    }
}
