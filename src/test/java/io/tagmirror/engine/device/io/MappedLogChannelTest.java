package io.tagmirror.engine.device.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DeviceGoneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory device's log file written through mappings: what is stored is what the channel reads,
 * across segment boundaries; the file is grown with zeros ahead of the appends and cut back to what
 * was written on close; a file cut short under it is an IOException at the store.
 */
class MappedLogChannelTest {
    @TempDir
    Path dir;

    private Path emptyFile() throws IOException {
        return Files.createFile(dir.resolve("tags.log"));
    }

    @Test
    void appendsAcrossSegmentsReadBackAndACleanCloseLeavesNoZeros() throws IOException {
        Path file = emptyFile();
        SplittableRandom r = new SplittableRandom(7);
        byte[] expected = new byte[3 * MappedLogChannel.SEGMENT + 1234];
        r.nextBytes(expected);
        try (MappedLogChannel ch = MappedLogChannel.open(file)) {
            int at = 0;
            while (at < expected.length) {
                // records of 1 to 700 bytes, some of them across a segment's end
                int n = Math.min(expected.length - at, 1 + r.nextInt(700));
                ByteBuffer src = ByteBuffer.wrap(expected, at, n);
                assertThat(ch.write(src, at)).isEqualTo(n);
                assertThat(src.hasRemaining()).isFalse();
                at += n;
                assertThat(ch.size()).as("grown a segment at a time, ahead of the appends")
                        .isGreaterThanOrEqualTo(at).isEqualTo((at + MappedLogChannel.SEGMENT - 1L)
                                / MappedLogChannel.SEGMENT * MappedLogChannel.SEGMENT);
            }
            ByteBuffer back = ByteBuffer.allocate(expected.length);
            while (back.hasRemaining() && ch.read(back, back.position()) > 0) {
                // reads what the stores left, through the channel
            }
            assertThat(back.array()).isEqualTo(expected);
            ch.closeAt(expected.length);
        }
        assertThat(Files.readAllBytes(file)).as("cut back to what was written").isEqualTo(expected);
    }

    @Test
    void aStoreBehindACutMapsItsSegmentAgain() throws IOException {
        Path file = emptyFile();
        byte[] first = new byte[3 * MappedLogChannel.SEGMENT];
        java.util.Arrays.fill(first, (byte) 1);
        try (MappedLogChannel ch = MappedLogChannel.open(file)) {
            ch.write(ByteBuffer.wrap(first), 0);
            ch.truncate(100);
            assertThat(ch.size()).isEqualTo(100);
            ch.write(ByteBuffer.wrap(new byte[] {9, 9}), 100);
            ch.closeAt(102);
        }
        byte[] left = Files.readAllBytes(file);
        assertThat(left).hasSize(102);
        assertThat(left[99]).isEqualTo((byte) 1);
        assertThat(left[100]).isEqualTo((byte) 9);
    }

    @Test
    void closingLeavesTheFileToWhoeverOpensItNext() throws IOException {
        Path file = emptyFile();
        MappedLogChannel first = MappedLogChannel.open(file);
        first.write(ByteBuffer.wrap(new byte[100]), 0);
        // the log opened again (its old channel still held by a sync) cuts the zeros and appends on
        try (MappedLogChannel second = MappedLogChannel.open(file)) {
            second.truncate(100);
            second.write(ByteBuffer.wrap(new byte[] {7}), 100);
            first.close(); // late: it must not cut the file to what it wrote
            second.closeAt(101);
        }
        assertThat(Files.size(file)).isEqualTo(101);
        assertThat(Files.readAllBytes(file)[100]).isEqualTo((byte) 7);
    }

    @Test
    void aFileCutShortUnderItIsAnIOExceptionAtTheStore() throws IOException {
        Path file = emptyFile();
        try (MappedLogChannel ch = MappedLogChannel.open(file);
             FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[100]), 0);
            other.truncate(0); // another process cuts the file while its segment is mapped
            assertThatThrownBy(() -> {
                for (int i = 1; i < 1000; i++) {
                    ch.write(ByteBuffer.wrap(new byte[100]), i * 100L);
                }
            }).isInstanceOf(DeviceGoneException.class).hasMessageContaining("tags.log");
        }
    }
}
