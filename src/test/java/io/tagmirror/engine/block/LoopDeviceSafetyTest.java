package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TaskMonitor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block devices on loop devices (root only: losetup): a drive carrying ext4, one mounted and one
 * claimed with O_EXCL by another process are each refused with their reason and left unchanged; a
 * mirror of a loop device and an image file works, and its loop device is held while open.
 */
class LoopDeviceSafetyTest {
    private static final int BS = 4096;
    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;
    private final List<String> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void needsRootAndLosetup() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "loop devices need root (losetup)");
        assumeTrue(run("losetup", "--version") == 0, "losetup (util-linux) is not installed");
    }

    @AfterEach
    void detach() throws Exception {
        for (Process p : started) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (Path m : mounts) {
            run("umount", m.toString());
        }
        for (String loop : loops) {
            run("losetup", "-d", loop);
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private Path loop(String name) throws Exception {
        Path image = tmp.resolve(name);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.allocate(1), SIZE - 1);
        }
        Process p = new ProcessBuilder("losetup", "--find", "--show", image.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(p.waitFor() == 0 && out.startsWith("/dev/loop"), "losetup could not attach a loop device: " + out);
        loops.add(out);
        return Path.of(out);
    }

    @Test
    void aLoopDeviceCarryingExt4IsRefusedNamingItAndLeftUnchanged() throws Exception {
        assumeTrue(run("mkfs.ext4", "-V") == 0, "mkfs.ext4 (e2fsprogs) is not installed");
        Path loop = loop("ext4.img");
        assertThat(run("mkfs.ext4", "-q", "-F", loop.toString())).isZero();
        String before = BlockDeviceMetadataTest.sha256(loop);
        assertThatThrownBy(() -> DeviceAddress.block(loop).format(BS)).isInstanceOf(SignatureFoundException.class)
                .hasMessageContaining("carries ext4").hasMessageContaining("--force");
        assertThat(BlockDeviceMetadataTest.sha256(loop)).isEqualTo(before);
    }

    @Test
    void aMountedLoopDeviceIsRefusedEvenWithForceAndLeftUnchanged() throws Exception {
        assumeTrue(run("mkfs.ext4", "-V") == 0, "mkfs.ext4 (e2fsprogs) is not installed");
        Path loop = loop("mounted.img");
        assertThat(run("mkfs.ext4", "-q", "-F", loop.toString())).isZero();
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        // read-only, so the file system itself writes nothing while the hashes are taken
        assumeTrue(run("mount", "-o", "ro", loop.toString(), mnt.toString()) == 0, "cannot mount here");
        mounts.add(mnt);
        String before = BlockDeviceMetadataTest.sha256(loop);
        assertThatThrownBy(() -> DeviceAddress.block(loop).format(BS, true))
                .isInstanceOfSatisfying(DriveInUseException.class,
                        e -> assertThat(e.use()).isEqualTo(DriveInUseException.Use.MOUNTED))
                .hasMessageContaining("is mounted at " + mnt).hasMessageContaining("unmount it first");
        assertThat(BlockDeviceMetadataTest.sha256(loop)).isEqualTo(before);
    }

    @Test
    void aLoopDeviceClaimedByAnotherProcessIsRefusedAndLeftUnchanged() throws Exception {
        assumeTrue(run("python3", "--version") == 0, "python3 is not installed (it plays the other process)");
        Path loop = loop("held.img");
        Process holder = new ProcessBuilder("python3", "-c", "import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY|os.O_EXCL);"
                + " print('held', flush=True); sys.stdin.read()", loop.toString()).start();
        started.add(holder);
        BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("held");
        String before = BlockDeviceMetadataTest.sha256(loop);
        assertThatThrownBy(() -> DeviceAddress.block(loop).format(BS, true))
                .isInstanceOfSatisfying(DriveInUseException.class,
                        e -> assertThat(e.use()).isEqualTo(DriveInUseException.Use.EXCLUSIVE))
                .hasMessageContaining("opened exclusively by another process");
        assertThat(BlockDeviceMetadataTest.sha256(loop)).isEqualTo(before);
    }

    @Test
    void aMirrorOfALoopDeviceAndAnImageEndsIdenticalAndItsLoopDeviceIsHeldWhileOpen() throws Exception {
        Path loop = loop("member.img");
        List<Device> devices = new ArrayList<>();
        try {
            devices.add(DeviceAddress.block(loop).format(BS));
            devices.add(DeviceAddress.createImage(tmp.resolve("b.img"), SIZE, BS));
            try (Mirror mirror = Mirror.create("m", 4L << 20, devices, DurabilityMode.POWER_SAFE)) {
                byte[] data = new byte[64 * 1024];
                new Random(3).nextBytes(data);
                mirror.write(8192, data);
                mirror.flush();
                assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
                // while it is a member, nothing else may claim it
                assertThatThrownBy(() -> NativeBlock.claim(loop)).isInstanceOf(NativeBlock.Busy.class);
            }
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
        NativeBlock.claim(loop).close(); // let go once closed
    }
}
