package io.tagmirror.engine.device.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DeviceGoneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tag log's mapped window: stores land where a read of the channel sees them, and a store that
 * faults (its file cut short under it) is an IOException in the writer's hands, never an error
 * thrown later from somewhere else.
 */
class MappedWindowTest {
    private static final long WINDOW_AT = 1 << 20;
    private static final int WINDOW_BYTES = 1 << 20;

    @TempDir
    Path dir;

    private FileChannel image(String name) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ch.write(ByteBuffer.allocate(1), WINDOW_AT + WINDOW_BYTES + 4095);
        return ch;
    }

    @Test
    void storesAreWhatTheChannelReadsAndConsumeTheirSource() throws IOException {
        try (FileChannel ch = image("a.img")) {
            MappedWindow window = new MappedWindow(ch, "the log of a.img", WINDOW_AT, WINDOW_BYTES);
            byte[] record = "an entry batch that crosses a page".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ByteBuffer src = ByteBuffer.wrap(record);
            window.write(src, 4096 - 10);
            assertThat(src.hasRemaining()).isFalse();
            ByteBuffer back = ByteBuffer.allocate(record.length);
            ch.read(back, WINDOW_AT + 4096 - 10);
            assertThat(back.array()).isEqualTo(record);
            window.close();
            assertThatThrownBy(() -> window.write(ByteBuffer.wrap(record), 0)).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed");
        }
    }

    /**
     * Pages are read in for every run of stores, not only past the furthest one: after a store far
     * ahead, a store back in the gap still finds the end of a file cut short there, answered by the
     * channel rather than by a fault.
     */
    @Test
    void aStoreInAGapBehindAnEarlierOneReadsItsPageInFirst() throws IOException {
        try (FileChannel ch = image("gap.img")) {
            MappedWindow window = new MappedWindow(ch, "the log of gap.img", WINDOW_AT, WINDOW_BYTES);
            window.write(ByteBuffer.wrap(new byte[48]), 0);
            window.write(ByteBuffer.wrap(new byte[48]), 64 * 1024);
            ch.truncate(WINDOW_AT + 16 * 1024);
            assertThatThrownBy(() -> window.write(ByteBuffer.wrap(new byte[48]), 32 * 1024))
                    .isInstanceOf(DeviceGoneException.class).hasMessageContaining("ends before byte");
            window.close();
        }
    }

    /**
     * A sync of the window is its own only once it is mapped: before the first store, and after it is
     * closed, the caller syncs the device instead, so nothing written through the channel is left out.
     */
    @Test
    void aSyncOfTheWindowFallsBackToTheDeviceUnlessMapped() throws IOException {
        try (FileChannel ch = image("sync.img")) {
            MappedWindow window = new MappedWindow(ch, "the log of sync.img", WINDOW_AT, WINDOW_BYTES);
            assertThat(window.force()).as("nothing stored yet").isFalse();
            window.write(ByteBuffer.wrap(new byte[48]), 0);
            assertThat(window.force()).as("stored: the window's range is synced").isTrue();
            window.close();
            assertThat(window.force()).as("closed").isFalse();
        }
    }

    /**
     * The file is cut below the window after the store path is compiled: each time, the next store
     * must fail in the writer's hands, the window must refuse more, and the channel must go on working
     * (a fault raised later, inside the channel's own code, once left it broken).
     */
    @Test
    void aStoreToAFileCutShortFailsThereAndNowhereElse() throws IOException {
        byte[] record = new byte[48];
        for (int round = 0; round < 20; round++) {
            try (FileChannel ch = image("cut" + round + ".img")) {
                MappedWindow window = new MappedWindow(ch, "the log of cut" + round + ".img", WINDOW_AT, WINDOW_BYTES);
                for (int i = 0; i < 20_000; i++) {
                    window.write(ByteBuffer.wrap(record), (long) i * record.length % (WINDOW_BYTES - record.length));
                }
                ch.truncate(4096);
                // the page was read in before the cut: the store itself faults
                assertThatThrownBy(() -> window.write(ByteBuffer.wrap(record), 8192))
                        .isInstanceOf(DeviceGoneException.class).hasMessageContaining("could not be written in memory");
                assertThatThrownBy(() -> window.write(ByteBuffer.wrap(record), 0)).isInstanceOf(DeviceGoneException.class);
                for (int i = 0; i < 1_000; i++) {
                    assertThat(ch.size()).isEqualTo(4096);
                }
                window.close();
            }
        }
    }
}
