package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors with block devices on image files: the same writes, outage, compare, repair and verify as directory devices. */
class BlockDeviceMirrorTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 1024;
    private static final long IMAGE = 64L << 20;

    @TempDir
    Path tmp;

    private static ByteBuffer data(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return ByteBuffer.wrap(b);
    }

    /** Writes with member 1 offline between writes {@code from} and {@code to}; returns the blocks last written then. */
    private static TreeSet<Long> writeWithOutage(Mirror mirror, Device offline, long seed) throws IOException {
        Random r = new Random(seed);
        long[] last = new long[BLOCKS];
        java.util.Arrays.fill(last, -1);
        TagGenerator g = mirror.generator(1);
        int from = 150;
        int to = 300;
        for (int i = 0; i < 450; i++) {
            if (i == from) {
                mirror.flush();
                mirror.takeOffline(offline.uuid(), "test outage");
            }
            if (i == to) {
                mirror.bringOnline(offline.uuid());
            }
            int first = r.nextInt(BLOCKS - 8);
            int count = 1 + r.nextInt(8);
            mirror.write(g, (long) first * BS, data(seed * 100_000 + i, count * BS));
            for (int b = first; b < first + count; b++) {
                last[b] = i;
            }
            if (i % 50 == 49) {
                mirror.flush();
            }
        }
        TreeSet<Long> expected = new TreeSet<>();
        for (int b = 0; b < BLOCKS; b++) {
            if (last[b] >= from && last[b] < to) {
                expected.add((long) b);
            }
        }
        return expected;
    }

    private static TreeSet<Long> blocksOf(List<DiffRange> ranges) {
        TreeSet<Long> blocks = new TreeSet<>();
        for (DiffRange d : ranges) {
            for (long b = d.firstBlock(); b < d.endBlock(); b++) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    private static void outageCompareRepairVerify(List<Device> devices, long seed) throws IOException {
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.POWER_SAFE)) {
            TreeSet<Long> expected = writeWithOutage(mirror, devices.get(1), seed);
            assertThat(expected).as("seed %d", seed).isNotEmpty();
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(blocksOf(report.divergent())).as("seed %d", seed).isEqualTo(expected);
            mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(mirror.state()).isEqualTo(MirrorState.IN_SYNC);
            assertThat(devices.get(0).tagTable().count()).isZero();
        }
    }

    @Test
    void aMirrorOfTwoImageFilesCopiesExactlyTheBlocksItsMemberMissedAndEndsIdentical() throws IOException {
        List<Device> devices = new ArrayList<>();
        try {
            devices.add(DeviceAddress.createImage(tmp.resolve("a.img"), IMAGE, BS));
            devices.add(DeviceAddress.createImage(tmp.resolve("b.img"), IMAGE, BS));
            outageCompareRepairVerify(devices, 11);
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
    }

    @Test
    void aMixedMirrorOfAnImageAndADirectoryDeviceDoesTheSame() throws IOException {
        List<Device> devices = new ArrayList<>();
        try {
            devices.add(DirectoryDevice.format(tmp.resolve("dir"), BS));
            devices.add(DeviceAddress.createImage(tmp.resolve("b.img"), IMAGE, BS));
            outageCompareRepairVerify(devices, 12);
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
    }

    @Test
    void entriesAndDataOfAnOutageSurviveClosingAndReopeningTheImages() throws IOException {
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        MirrorDefinition def;
        TreeSet<Long> expected;
        List<Device> devices = new ArrayList<>(List.of(DeviceAddress.createImage(a, IMAGE, BS),
                DeviceAddress.createImage(b, IMAGE, BS)));
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.POWER_SAFE)) {
            expected = writeWithOutage(mirror, devices.get(1), 13);
            mirror.flush();
            def = mirror.definition();
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
        devices = new ArrayList<>(List.of(DeviceAddress.block(a).open(false), DeviceAddress.block(b).open(false)));
        try (Mirror mirror = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
            assertThat(devices.get(0).descriptor().mirror("m")).isPresent();
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(blocksOf(report.divergent())).isEqualTo(expected);
            mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
    }

    @Test
    void aLogMostlyTrimmedIsRewrittenIntoItsOtherHalfAndReadsBackAfterReopening() throws IOException {
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        List<Device> devices = new ArrayList<>(List.of(DeviceAddress.createImage(a, IMAGE, BS),
                DeviceAddress.createImage(b, IMAGE, BS)));
        MirrorDefinition def;
        long generationBefore = ((BlockDevice) devices.get(0)).superblock().logGeneration();
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.CRASH_SAFE)) {
            TagGenerator g = mirror.generator(1);
            // enough single-write batches to pass a quarter of a half, trimmed by flushes as they go
            for (int i = 0; i < 40_000; i++) {
                mirror.write(g, (long) (i % BLOCKS) * BS, data(i, BS));
                if (i % 1000 == 999) {
                    mirror.flush();
                }
            }
            mirror.takeOffline(devices.get(1).uuid(), "test");
            mirror.write(g, 5L * BS, data(-1, BS));
            mirror.flush();
            def = mirror.definition();
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
        try (BlockDevice reopened = BlockDevice.open(a, false)) {
            assertThat(reopened.superblock().logGeneration()).isGreaterThan(generationBefore);
            assertThat(reopened.tagTable().count()).isEqualTo(1);
            assertThat(def.devices()).contains(reopened.uuid());
        }
    }
}
