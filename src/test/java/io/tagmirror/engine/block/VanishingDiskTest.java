package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagGenerator;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real disk that stops answering (root only: a device-mapper device over a loop device, switched to
 * dm's error target under the open member, as a pulled disk answers): the member fails at the first
 * I/O that reaches the disk (writes through the page cache reach it at the flush), leaves the mirror,
 * and the mirror goes on with the image file beside it.
 */
class VanishingDiskTest {
    private static final int BS = 4096;
    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }

    @Test
    void aDiskSwitchedToErrorsUnderItsMirrorLeavesItAndTheMirrorGoesOnWithTheOtherMember() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "device-mapper needs root");
        assumeTrue(run("losetup", "--version") == 0, "losetup (util-linux) is not installed");
        assumeTrue(run("dmsetup", "version") == 0, "dmsetup (dmsetup) is not installed or device-mapper is not loaded");
        Path backing = tmp.resolve("disk.img");
        try (FileChannel ch = FileChannel.open(backing, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), SIZE - 1);
        }
        String loop = output("losetup", "--find", "--show", backing.toString());
        assumeTrue(loop.startsWith("/dev/loop"), "losetup could not attach a loop device");
        String name = "tm-vanish-" + ProcessHandle.current().pid();
        long sectors = SIZE / 512;
        List<Device> devices = new ArrayList<>();
        try {
            assumeTrue(run("dmsetup", "create", name, "--table", "0 " + sectors + " linear " + loop + " 0") == 0,
                    "dmsetup could not make a device over " + loop);
            Path disk = Path.of("/dev/mapper/" + name);
            devices.add(BlockDevice.createImage(tmp.resolve("a.img"), SIZE, BS));
            devices.add(BlockDevice.format(disk, BS, false));
            try (Mirror m = Mirror.create("m", 8L << 20, devices, DurabilityMode.CRASH_SAFE)) {
                TagGenerator g = m.generator(1);
                Random r = new Random(3);
                byte[][] expected = new byte[2048][];
                for (int i = 0; i < 400; i++) {
                    byte[] d = new byte[BS];
                    r.nextBytes(d);
                    int block = r.nextInt(2048);
                    expected[block] = d;
                    m.write(g, (long) block * BS, ByteBuffer.wrap(d));
                }
                m.flush();
                // the disk stops answering, as a pulled one does
                assertThat(run("dmsetup", "suspend", name)).isZero();
                assertThat(run("dmsetup", "load", name, "--table", "0 " + sectors + " error")).isZero();
                assertThat(run("dmsetup", "resume", name)).isZero();
                for (int i = 0; i < 400; i++) {
                    byte[] d = new byte[BS];
                    r.nextBytes(d);
                    int block = r.nextInt(2048);
                    expected[block] = d;
                    assertThat(m.write(g, (long) block * BS, ByteBuffer.wrap(d))).isNotNull();
                }
                m.flush();
                assertThat(m.onlineCount()).isEqualTo(1);
                assertThat(m.status().get(1).online()).isFalse();
                for (int b = 0; b < expected.length; b++) {
                    if (expected[b] != null) {
                        byte[] got = new byte[BS];
                        m.read(b, 1).get(got);
                        assertThat(got).as("block %d", b).isEqualTo(expected[b]);
                    }
                }
            }
        } finally {
            for (Device d : devices) {
                try {
                    d.close();
                } catch (java.io.IOException expected) {
                    // the disk that went cannot sync at close
                }
            }
            run("dmsetup", "remove", "--force", name);
            run("losetup", "-d", loop);
        }
    }
}
