package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real disk that disappears while its mirror is open, on a machine without device-mapper (root only):
 * the disk is a loop device over a FUSE file ({@link FuseLoopDisk}) whose server is killed with SIGKILL
 * between writes, so the loop device answers every I/O that reaches it with an error, as a pulled disk
 * does. Its mirror's other member is a directory device. Every write goes on being acknowledged; the
 * disk leaves the mirror, its status and the mirror's event say why; every block reads back what was
 * last written to it, and the mirror keeps taking writes and flushes with the directory device alone.
 * ({@link VanishingDiskTest} does the same with device-mapper's error target where the kernel has it.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class VanishingFuseDiskTest {
    private static final int BS = 4096;
    private static final long DISK = 32L << 20;
    private static final int BLOCKS = 2048;

    @TempDir
    Path tmp;

    private static byte[] write(Mirror m, TagGenerator g, Random r, byte[][] expected) throws IOException {
        byte[] d = new byte[BS];
        r.nextBytes(d);
        int block = r.nextInt(BLOCKS);
        expected[block] = d;
        assertThat(m.write(g, (long) block * BS, ByteBuffer.wrap(d))).as("write to block %d acknowledged", block)
                .isNotNull();
        return d;
    }

    private static void readsBack(Mirror m, byte[][] expected) throws IOException {
        for (int b = 0; b < BLOCKS; b++) {
            if (expected[b] != null) {
                byte[] got = new byte[BS];
                m.read(b, 1).get(got);
                assertThat(got).as("block %d", b).isEqualTo(expected[b]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DurabilityMode.class)
    void aLoopDeviceWhoseFuseServerIsKilledLeavesItsMirrorWhichGoesOnWithTheDirectoryDevice(DurabilityMode mode)
            throws Exception {
        FuseLoopDisk.assumeAvailable();
        List<Device> devices = new ArrayList<>();
        List<MirrorEvent> events = new CopyOnWriteArrayList<>();
        FuseLoopDisk disk = FuseLoopDisk.start(tmp, DISK);
        try {
            devices.add(DirectoryDevice.format(tmp.resolve("dir"), BS));
            devices.add(BlockDevice.format(disk.loopDevice(), BS, false, BlockLayout.MIN_LOG_HALF_BYTES));
            Device vanishing = devices.get(1);
            Mirror m = Mirror.create("m", (long) BLOCKS * BS, devices, mode);
            try {
                m.addListener(events::add);
                TagGenerator g = m.generator(1);
                Random r = new Random(17);
                byte[][] expected = new byte[BLOCKS][];
                for (int i = 0; i < 400; i++) {
                    write(m, g, r, expected);
                }
                m.flush();
                assertThat(m.onlineCount()).isEqualTo(2);

                disk.vanish();
                for (int i = 0; i < 400; i++) {
                    write(m, g, r, expected);
                }
                m.flush(); // a disk's buffered writes fail here at the latest

                assertThat(m.onlineCount()).isEqualTo(1);
                MemberStatus gone = m.status().stream().filter(s -> s.device().equals(vanishing.uuid())).findFirst()
                        .orElseThrow();
                assertThat(gone.online()).isFalse();
                assertThat(gone.location()).isEqualTo(disk.loopDevice().toString());
                assertThat(gone.offlineReason()).startsWith("failed: ").contains("Input/output error");
                System.out.printf("%s: %s left the mirror; its status says: %s%n", mode, gone.location(),
                        gone.offlineReason());
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo(MirrorEvent.Kind.DEVICE_FAILED);
                    assertThat(e.device()).isEqualTo(vanishing.uuid());
                    assertThat(e.message()).contains(disk.loopDevice().toString()).contains("left mirror m");
                });
                readsBack(m, expected);

                for (int i = 0; i < 200; i++) {
                    write(m, g, r, expected);
                }
                m.flush();
                assertThat(m.onlineCount()).isEqualTo(1);
                readsBack(m, expected);
            } catch (Throwable failure) {
                // not try-with-resources: a close that throws the failure's own exception again would hide it
                try {
                    m.close();
                } catch (IOException again) {
                    if (again != failure) {
                        failure.addSuppressed(again);
                    }
                }
                throw failure;
            }
            m.close(); // the flush at close goes to the directory device alone, and succeeds
        } finally {
            for (Device d : devices) {
                try {
                    d.close();
                } catch (IOException expected) {
                    // the disk that went cannot sync at close
                }
            }
            disk.close();
        }
        assertThat(disk.attached()).as("loop device detached").isFalse();
        assertThat(disk.mounted()).as("FUSE file system unmounted").isFalse();
    }
}
