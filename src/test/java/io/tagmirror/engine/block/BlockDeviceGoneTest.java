package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceGoneException;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member device that goes away while its mirror is open (an image file cut short or removed, a disk
 * that answers EIO as a detached loop device does): it leaves the mirror, which goes on with the other,
 * and every write a client made is acknowledged since the other member took it.
 */
class BlockDeviceGoneTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 2048;
    private static final long IMAGE = 32L << 20;

    @TempDir
    Path tmp;

    private static byte[] data(long seed) {
        byte[] b = new byte[BS];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Two images with a mirror on them, closed: the test opens them its own way. */
    private MirrorDefinition twoImages(Path a, Path b) throws IOException {
        List<Device> devices = new ArrayList<>(List.of(BlockDevice.createImage(a, IMAGE, BS),
                BlockDevice.createImage(b, IMAGE, BS)));
        try (Mirror m = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.CRASH_SAFE)) {
            return m.definition();
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
    }

    private static void closeQuietly(List<Device> devices) {
        for (Device d : devices) {
            try {
                d.close();
            } catch (IOException expected) {
                // a device that went away cannot sync at close; what matters is that close returns
            }
        }
    }

    private static MemberStatus statusOf(Mirror m, Device d) throws IOException {
        return m.status().stream().filter(s -> s.device().equals(d.uuid())).findFirst().orElseThrow();
    }

    /**
     * Writes {@code count} blocks from 16 writers in flight at once (as a served client does), each
     * acknowledged; returns what each block holds.
     */
    private static byte[][] writeInFlight(Mirror m, long seed, int count) throws IOException {
        TagGenerator g = m.generator(1);
        byte[][] expected = new byte[BLOCKS][];
        List<CompletableFuture<Tag>> inFlight = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] d = data(seed * 100_000 + i);
            int block = i % BLOCKS;
            expected[block] = d;
            inFlight.add(m.writeAsync(g, (long) block * BS, ByteBuffer.wrap(d)));
            if (inFlight.size() == 16) {
                for (CompletableFuture<Tag> f : inFlight) {
                    assertThat(f.join()).isNotNull(); // acknowledged: it did not fail
                }
                inFlight.clear();
            }
        }
        for (CompletableFuture<Tag> f : inFlight) {
            assertThat(f.join()).isNotNull();
        }
        return expected;
    }

    private static void readsBack(Mirror m, byte[][] expected) throws IOException {
        for (int b = 0; b < BLOCKS; b++) {
            if (expected[b] != null) {
                ByteBuffer got = m.read(b, 1);
                byte[] bytes = new byte[BS];
                got.get(bytes);
                assertThat(bytes).as("block %d", b).isEqualTo(expected[b]);
            }
        }
    }

    @Test
    void anImageFileCutShortWhileOpenLeavesTheMirrorAtTheNextFlushAndItsZerosAreNeverReadAsData()
            throws IOException {
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        MirrorDefinition def = twoImages(a, b);
        List<Device> devices = new ArrayList<>(List.of(BlockDevice.open(a, false), BlockDevice.open(b, false)));
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE)) {
            byte[][] expected = writeInFlight(m, 1, 500);
            m.flush();
            try (FileChannel cut = FileChannel.open(b, StandardOpenOption.WRITE)) {
                cut.truncate(20L << 20); // inside the data region, which starts at 18 MiB
            }
            byte[][] later = writeInFlight(m, 2, 300);
            for (int i = 0; i < BLOCKS; i++) {
                if (later[i] != null) {
                    expected[i] = later[i];
                }
            }
            m.flush();
            assertThat(m.onlineCount()).isEqualTo(1);
            MemberStatus gone = statusOf(m, devices.get(1));
            assertThat(gone.online()).isFalse();
            assertThat(gone.offlineReason()).contains("was cut to").contains(b.toString());
            readsBack(m, expected);
            writeInFlight(m, 3, 100);
        } finally {
            closeQuietly(devices);
        }
    }

    @Test
    void readingBlocksPastTheEndOfAnImageCutShortFailsInsteadOfReturningZeros() throws IOException {
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        MirrorDefinition def = twoImages(a, b);
        List<Device> devices = new ArrayList<>(List.of(BlockDevice.open(a, false), BlockDevice.open(b, false)));
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE)) {
            writeInFlight(m, 4, BLOCKS);
            m.flush();
            try (FileChannel cut = FileChannel.open(b, StandardOpenOption.WRITE)) {
                cut.truncate(19L << 20);
            }
            assertThatThrownBy(() -> devices.get(1).object(def.objectId()).read(BLOCKS - 8, 8))
                    .isInstanceOf(DeviceGoneException.class).hasMessageContaining("was cut to");
            // with the other member away, the mirror's read fails rather than hand out zeros
            m.takeOffline(devices.get(0).uuid(), "test");
            assertThatThrownBy(() -> m.read(BLOCKS - 8, 8)).isInstanceOf(TagMirrorException.class);
        } finally {
            closeQuietly(devices);
        }
    }

    @Test
    void anImageFileRemovedWhileOpenLeavesTheMirrorAtTheNextFlushWhichTheOtherMemberKeeps() throws IOException {
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        MirrorDefinition def = twoImages(a, b);
        List<Device> devices = new ArrayList<>(List.of(BlockDevice.open(a, false), BlockDevice.open(b, false)));
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
            writeInFlight(m, 5, 200);
            Files.delete(b);
            byte[][] expected = writeInFlight(m, 6, 400);
            m.flush();
            assertThat(m.onlineCount()).isEqualTo(1);
            assertThat(statusOf(m, devices.get(1)).offlineReason()).contains("was removed or replaced while open");
            readsBack(m, expected);
        } finally {
            closeQuietly(devices);
        }
    }

    @Test
    void aDeviceThatAnswersEveryIoWithAnErrorFailsAtOnceAndEveryWriteInFlightIsStillAcknowledged()
            throws IOException {
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        MirrorDefinition def = twoImages(a, b);
        DetachableChannel[] channel = new DetachableChannel[1];
        List<Device> devices = new ArrayList<>(List.of(BlockDevice.open(a, false),
                BlockDevice.open(b, false, ch -> channel[0] = new DetachableChannel(ch))));
        try (Mirror m = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE)) {
            writeInFlight(m, 7, 300);
            channel[0].detach();
            byte[][] expected = writeInFlight(m, 8, 600);
            assertThat(m.onlineCount()).isEqualTo(1);
            assertThat(statusOf(m, devices.get(1)).offlineReason()).contains("Input/output error");
            m.flush();
            readsBack(m, expected);
        } finally {
            closeQuietly(devices);
        }
    }
}
