package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TestMirrors;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block device's tag log has fixed room: made small here (two halves of 64 KiB, about 800
 * single-block entries) so a few thousand writes fill it.
 */
class BlockDeviceLogFullTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 4096;
    private static final long IMAGE = 24L << 20;
    private static final long SMALL_LOG = BlockLayout.MIN_LOG_HALF_BYTES;

    @TempDir
    Path tmp;

    private BlockDevice image(String name) throws IOException {
        return BlockDevice.createImage(tmp.resolve(name), IMAGE, BS, SMALL_LOG);
    }

    @ParameterizedTest
    @EnumSource(DurabilityMode.class)
    void writesFarBeyondWhatTheLogHoldsGoOnWhenEveryMemberIsPresentBecauseTheMirrorFlushesAndTrims(DurabilityMode mode)
            throws IOException {
        List<BlockDevice> devices = new ArrayList<>(List.of(image("a.img"), image("b.img")));
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, mode)) {
            TagGenerator g = mirror.generator(1);
            Random r = new Random(21);
            // no flush from the writer: some 25 times what one log half holds
            for (int i = 0; i < 20_000; i++) {
                mirror.write(g, (long) r.nextInt(BLOCKS) * BS, TestMirrors.randomData(i, BS));
            }
            assertThat(mirror.onlineCount()).isEqualTo(2);
            for (BlockDevice d : devices) {
                assertThat(d.tagTable().incomplete()).isFalse();
                assertThat(d.tagTable().count()).isLessThan(1000);
            }
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    @ParameterizedTest
    @EnumSource(DurabilityMode.class)
    void aHotSetWrittenOverAndOverWhileAMemberIsAwayStaysNamedByEntriesSinceSupersededOnesAreDeleted(
            DurabilityMode mode) throws IOException {
        List<Device> devices = new ArrayList<>(List.of(image("a.img"), image("b.img")));
        Device kept = devices.get(0);
        Device away = devices.get(1);
        int hot = 300;
        ByteBuffer[] last = new ByteBuffer[BLOCKS];
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, mode)) {
            mirror.takeOffline(away.uuid(), "test outage");
            TagGenerator g = mirror.generator(1);
            Random r = new Random(61);
            // some six times the entries one log half holds, over a few hundred blocks
            for (int i = 0; i < 5000; i++) {
                int block = 1000 + r.nextInt(hot);
                last[block] = TestMirrors.randomData(61_000_000L + i, BS);
                mirror.write(g, (long) block * BS, last[block].duplicate());
            }
            TreeSet<Long> written = new TreeSet<>();
            for (int b = 0; b < BLOCKS; b++) {
                if (last[b] != null) {
                    written.add((long) b);
                }
            }
            assertThat(kept.tagTable().incomplete()).as("the log kept every write's block named").isFalse();
            assertThat(named(kept)).isEqualTo(written);
            assertThat(kept.tagTable().count()).isLessThan(800);

            mirror.bringOnline(away.uuid());
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(report.intents().wholeVolume()).isFalse();
            assertThat(blocksOf(report.divergent())).isEqualTo(written);
            mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            for (long b : written) {
                assertThat(away.object(mirror.definition().objectId()).read(b, 1)).as("block %d", b)
                        .isEqualTo(last[(int) b]);
            }
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    /** The blocks last written between writes {@code from} and {@code to} of {@code writes}, seeded. */
    private static TreeSet<Long> writeWithOutage(Mirror mirror, Device away, int writes, int from, int to, long seed)
            throws IOException {
        Random r = new Random(seed);
        long[] last = new long[BLOCKS];
        Arrays.fill(last, -1);
        TagGenerator g = mirror.generator(1);
        for (int i = 0; i < writes; i++) {
            if (i == from) {
                mirror.flush();
                mirror.takeOffline(away.uuid(), "test outage");
            }
            if (i == to) {
                mirror.bringOnline(away.uuid());
            }
            int block = r.nextInt(BLOCKS);
            mirror.write(g, (long) block * BS, TestMirrors.randomData(seed * 1_000_000 + i, BS));
            last[block] = i;
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

    /** The blocks the entries of {@code d} name. */
    private static TreeSet<Long> named(Device d) throws IOException {
        TreeSet<Long> blocks = new TreeSet<>();
        d.tagTable().scan((batch, e) -> {
            for (long b = e.firstBlock(); b < e.endBlock(); b++) {
                blocks.add(b);
            }
            return true;
        });
        return blocks;
    }

    private void outageBeyondTheLog(List<Device> devices, long seed) throws IOException {
        Device kept = devices.get(0);
        Device away = devices.get(1);
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.POWER_SAFE)) {
            TreeSet<Long> expected = writeWithOutage(mirror, away, 4500, 200, 3200, seed);
            assertThat(mirror.onlineCount()).as("seed %d", seed).isEqualTo(2);
            assertThat(kept.tagTable().incomplete()).as("seed %d", seed).isTrue();
            // what makes a whole-volume compare necessary: blocks the member missed that no entry names
            TreeSet<Long> unnamed = new TreeSet<>(expected);
            unnamed.removeAll(named(kept));
            assertThat(unnamed).as("seed %d", seed).isNotEmpty();
            MemberStatus keptStatus = mirror.status().stream().filter(s -> s.device().equals(kept.uuid())).findFirst()
                    .orElseThrow();
            assertThat(keptStatus.tableIncomplete()).isTrue();

            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(report.intents().wholeVolume()).isTrue();
            assertThat(report.intents().incompleteTables()).contains(kept.uuid());
            assertThat(report.inSync()).isFalse();
            assertThat(blocksOf(report.divergent())).as("seed %d", seed).isEqualTo(expected);
            mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(mirror.state()).isEqualTo(MirrorState.IN_SYNC);
            assertThat(kept.tagTable().incomplete()).isFalse();
            assertThat(mirror.compare(TaskMonitor.NONE).intents().wholeVolume()).isFalse();
        }
    }

    @Test
    void aLogThatStopsKeepingEntriesIsToldToTheListenersOnceAndAgainWhenItFillsAfterARepair() throws IOException {
        List<Device> devices = new ArrayList<>(List.of(image("a.img"), image("b.img")));
        Device kept = devices.get(0);
        Device away = devices.get(1);
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.CRASH_SAFE)) {
            List<MirrorEvent> told = new ArrayList<>();
            mirror.addListener(e -> {
                if (e.kind() == MirrorEvent.Kind.LOG_INCOMPLETE) {
                    told.add(e);
                }
            });
            writeWithOutage(mirror, away, 3000, 0, 3000, 41);
            assertThat(kept.tagTable().incomplete()).isTrue();
            assertThat(told).hasSize(1);
            assertThat(told.get(0).device()).isEqualTo(kept.uuid());
            assertThat(told.get(0).message()).contains("tag log of device " + kept.location())
                    .contains(away.location() + " (offline)").contains("compare and repair mirror m");

            mirror.bringOnline(away.uuid());
            mirror.repair(mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(kept.tagTable().incomplete()).isFalse();
            assertThat(told).hasSize(1);
            writeWithOutage(mirror, away, 3000, 0, 3000, 42);
            assertThat(told).as("full again after the repair made it complete").hasSize(2);
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    @Test
    void aMemberResynchronisedEarlierIsNotTakenForOneThatMissedWritesWhenItsLogFillsInALaterOutage()
            throws IOException {
        List<Device> devices = new ArrayList<>(List.of(image("a.img"), image("b.img")));
        Device kept = devices.get(0);
        Device away = devices.get(1);
        MirrorDefinition def;
        ByteBuffer[] last = new ByteBuffer[BLOCKS];
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.CRASH_SAFE)) {
            // first the member that keeps the writes later is away, comes back and is resynchronised
            writeWithOutage(mirror, kept, 200, 0, 100, 51);
            assertThat(mirror.resync(kept.uuid(), 1L << 30, TaskMonitor.NONE).completed()).isTrue();
            mirror.flush();
            mirror.takeOffline(away.uuid(), "test outage");
            TagGenerator g = mirror.generator(1);
            Random r = new Random(52);
            for (int i = 0; i < 3000; i++) {
                int block = r.nextInt(BLOCKS);
                last[block] = TestMirrors.randomData(52_000_000L + i, BS);
                mirror.write(g, (long) block * BS, last[block].duplicate());
            }
            assertThat(kept.tagTable().incomplete()).isTrue();
            def = mirror.definition();
        }
        // opened again without a catalog: only the devices say who missed writes
        try (Mirror mirror = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE)) {
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(report.intents().wholeVolume()).isTrue();
            mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            for (int b = 0; b < BLOCKS; b++) {
                if (last[b] != null) {
                    assertThat(mirror.read(b, 1)).as("block %d keeps the write made while %s was away", b,
                            away.location()).isEqualTo(last[b]);
                }
            }
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    @Test
    void withAMemberAwayAFullLogStopsKeepingEntriesWritesGoOnAndTheNextCompareReadsTheWholeVolume() throws IOException {
        List<Device> devices = new ArrayList<>(List.of(image("a.img"), image("b.img")));
        try {
            outageBeyondTheLog(devices, 31);
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    @Test
    void aMixedMirrorWhoseBlockDeviceLogFillsDuringAnOutageOfTheDirectoryDeviceDoesTheSame() throws IOException {
        List<Device> devices = new ArrayList<>();
        try {
            devices.add(image("a.img"));
            devices.add(DirectoryDevice.format(tmp.resolve("dir"), BS));
            outageBeyondTheLog(devices, 32);
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    @Test
    void anIncompleteTableStaysIncompleteAfterReopeningSoTheCompareAfterARestartStillReadsEverything()
            throws IOException {
        Path a = tmp.resolve("a.img");
        Path b = tmp.resolve("b.img");
        List<Device> devices = new ArrayList<>(List.of(BlockDevice.createImage(a, IMAGE, BS, SMALL_LOG),
                BlockDevice.createImage(b, IMAGE, BS, SMALL_LOG)));
        MirrorDefinition def;
        TreeSet<Long> expected;
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.CRASH_SAFE)) {
            expected = writeWithOutage(mirror, devices.get(1), 3000, 100, 3000, 33);
            assertThat(devices.get(0).tagTable().incomplete()).isTrue();
            def = mirror.definition();
        } finally {
            TestMirrors.closeAll(devices);
        }
        devices = new ArrayList<>(List.of(BlockDevice.open(a, false), BlockDevice.open(b, false)));
        try (Mirror mirror = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE)) {
            assertThat(devices.get(0).tagTable().incomplete()).isTrue();
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(report.intents().wholeVolume()).isTrue();
            assertThat(blocksOf(report.divergent())).isEqualTo(expected);
            mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        } finally {
            TestMirrors.closeAll(devices);
        }
    }

    @Test
    void theLogSizeIsAnOptionOfCreationKeptInTheLayoutAndABadOneIsRefusedWithoutAFile() throws IOException {
        try (BlockDevice d = image("a.img")) {
            assertThat(d.layout().logHalfBytes()).isEqualTo(SMALL_LOG);
            assertThat(d.layout().dataOffset()).isEqualTo(3L << 20);
        }
        try (BlockDevice d = BlockDevice.open(tmp.resolve("a.img"), true)) {
            assertThat(d.layout().logHalfBytes()).isEqualTo(SMALL_LOG);
        }
        Path bad = tmp.resolve("bad.img");
        assertThatThrownBy(() -> BlockDevice.createImage(bad, IMAGE, BS, 1000)).isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("multiple of 64 KiB");
        assertThat(bad).doesNotExist();
    }

    @Test
    void aWholeVolumeCompareReadsTheVolumeAsOneExtent() throws IOException {
        List<Device> devices = new ArrayList<>(List.of(image("a.img"), image("b.img")));
        try (Mirror mirror = Mirror.create("m", (long) BLOCKS * BS, devices, DurabilityMode.CRASH_SAFE)) {
            writeWithOutage(mirror, devices.get(1), 3000, 100, 2900, 34);
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(report.intents().extents()).containsExactly(new BlockRange(0, BLOCKS));
        } finally {
            TestMirrors.closeAll(devices);
        }
    }
}
