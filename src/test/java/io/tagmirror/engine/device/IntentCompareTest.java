package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.Alternatives;
import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a power cut that kept data of writes whose entries it lost: the compare reads the intent
 * extents the devices kept, beside what the entries name, and copies only the blocks that differ.
 * The state is made by hand: the devices' durable intent sets are written as the pipeline writes them,
 * and blocks are changed on one device only, as writes that reached one device's disk and no entry.
 */
class IntentCompareTest {
    private static final int BS = 4096;

    @TempDir
    Path tmp;

    private record State(List<DirectoryDevice> devices, MirrorDefinition def) {
    }

    /** A mirror of {@code sizeBytes} on two fresh devices, closed cleanly (so nothing is left in the sets). */
    private State mirror(long sizeBytes, IntentExtents intents) throws IOException {
        List<DirectoryDevice> devices = new ArrayList<>(List.of(DirectoryDevice.format(tmp.resolve("a"), BS),
                DirectoryDevice.format(tmp.resolve("b"), BS)));
        MirrorDefinition def;
        try (Mirror m = Mirror.create("m", sizeBytes, devices, DurabilityMode.POWER_SAFE, intents)) {
            def = m.definition();
        }
        for (DirectoryDevice d : devices) {
            d.close();
        }
        return new State(List.of(), def);
    }

    /** Stores {@code extents} as device {@code dir}'s durable intent set of the mirror's object. */
    private static void keepIntents(Path dir, MirrorDefinition def, List<Long> extents) throws IOException {
        try (IntentSlots slots = IntentSlots.open(ObjectIo.SYSTEM, dir, false)) {
            slots.read();
            Map<String, IntentSlots.ObjectExtents> set = new LinkedHashMap<>();
            set.put(def.objectId(), new IntentSlots.ObjectExtents(def.intents().extentBlocks(BS), extents, false));
            slots.write(set);
        }
    }

    /** Writes {@code fill} over block {@code block} of the object on device {@code dir}, behind TagMirror's back. */
    private static void land(Path dir, MirrorDefinition def, long block, byte fill) throws IOException {
        try (FileChannel c = FileChannel.open(dir.resolve("objects").resolve(def.objectId()), StandardOpenOption.WRITE)) {
            byte[] data = new byte[BS];
            java.util.Arrays.fill(data, fill);
            c.write(ByteBuffer.wrap(data), block * BS);
        }
    }

    private static List<DirectoryDevice> open(Path... dirs) throws IOException {
        List<DirectoryDevice> out = new ArrayList<>();
        for (Path d : dirs) {
            out.add(DirectoryDevice.open(d, false));
        }
        return out;
    }

    @Test
    void theCompareReadsTheIntentExtentsAndTheRepairCopiesOnlyTheBlocksThatDiffer() throws IOException {
        State s = mirror(64L * BS, new IntentExtents(8L * BS, 4));
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        keepIntents(a, s.def(), List.of(0L, 2L)); // blocks 0-7 and 16-23
        keepIntents(b, s.def(), List.of(2L));
        land(b, s.def(), 3, (byte) 7);   // in a's extent 0
        land(a, s.def(), 17, (byte) 9);  // in both sets' extent 2
        land(a, s.def(), 19, (byte) 5);
        land(b, s.def(), 19, (byte) 5);  // the same on both: in sync
        land(b, s.def(), 40, (byte) 1);  // in no intent set: a compare never reads it (no write promised it)
        List<DirectoryDevice> devices = open(a, b);
        try (Mirror m = Mirror.open(s.def(), devices, DurabilityMode.POWER_SAFE)) {
            assertThat(m.state()).isEqualTo(MirrorState.DIVERGED);
            assertThat(m.status().get(0).intents().pinned()).isEqualTo(2);
            CompareReport report = m.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).extracting(DiffRange::firstBlock, DiffRange::blockCount, DiffRange::verdict)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 1L, Verdict.INTENT),
                            org.assertj.core.groups.Tuple.tuple(17L, 1L, Verdict.INTENT));
            assertThat(report.intents().extents()).containsExactly(new BlockRange(0, 8), new BlockRange(16, 8));
            assertThat(report.intents().blocksCompared()).isEqualTo(16);
            assertThat(report.intents().bytesRead()).isEqualTo(16L * BS * 2);
            assertThat(report.intents().blocksDiffering()).isEqualTo(2);
            assertThat(report.entryBytesRead()).isZero();
            assertThat(report.bytesToCopy()).isEqualTo(2L * BS);
            // the activity log's real figure: the two extents, copied whole
            assertThat(Alternatives.of(report, m.sizeBytes())).anySatisfy(e -> {
                assertThat(e.method()).isEqualTo("activity-log");
                assertThat(e.bytesToCopy()).isEqualTo(16L * BS);
            });

            RepairReport repair = m.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
            assertThat(repair.bytesCopied()).isEqualTo(2L * BS);
            assertThat(m.verify(TaskMonitor.NONE).differingRanges()).containsExactly(new BlockRange(40, 1));
            for (DirectoryDevice d : devices) {
                assertThat(d.intentExtentsToCompare(s.def().objectId())).isEmpty();
            }
            assertThat(m.state()).isEqualTo(MirrorState.IN_SYNC);
            assertThat(m.compare(TaskMonitor.NONE).intents().extents()).isEmpty();
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
        // settled durably: the next open finds nothing left by the cut
        List<DirectoryDevice> again = open(a, b);
        try {
            assertThat(again.get(0).intentExtentsToCompare(s.def().objectId())).isEmpty();
            assertThat(again.get(1).intentExtentsToCompare(s.def().objectId())).isEmpty();
        } finally {
            for (DirectoryDevice d : again) {
                d.close();
            }
        }
    }

    @Test
    void aPreferredDeviceGivesTheDataOfTheIntentBlocks() throws IOException {
        State s = mirror(32L * BS, new IntentExtents(8L * BS, 4));
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        keepIntents(a, s.def(), List.of(1L));
        land(a, s.def(), 9, (byte) 3);
        land(b, s.def(), 9, (byte) 4);
        List<DirectoryDevice> devices = open(a, b);
        try (Mirror m = Mirror.open(s.def(), devices, DurabilityMode.POWER_SAFE)) {
            CompareReport report = m.compare(TaskMonitor.NONE);
            m.repair(report, RepairPolicy.prefer(devices.get(1).uuid()), TaskMonitor.NONE);
            assertThat(m.read(9, 1).get(0)).isEqualTo((byte) 4);
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    /**
     * The figure performance.md gives: a 1 GiB mirror with 1 % of its blocks in flight at the cut, over a
     * working set of 64 extents (256 MiB): bytes copied equal the blocks that differ, and the bytes read
     * beside them are the extents of the sets on both devices.
     */
    @Test
    void onePercentOfAGibibyteInFlightCopiesExactlyTheBlocksThatDiffer() throws IOException {
        long volume = 1L << 30;
        State s = mirror(volume, IntentExtents.DEFAULT);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        long extentBlocks = IntentExtents.DEFAULT.extentBlocks(BS);
        List<Long> working = new ArrayList<>();
        for (long x = 0; x < 64; x++) {
            working.add(x * 4); // every fourth extent of the volume
        }
        keepIntents(a, s.def(), working);
        keepIntents(b, s.def(), working);
        Random r = new Random(20261204);
        long inFlight = volume / BS / 100;
        TreeSet<Long> blocks = new TreeSet<>();
        while (blocks.size() < inFlight) {
            blocks.add(working.get(r.nextInt(working.size())) * extentBlocks + r.nextInt((int) extentBlocks));
        }
        long differ = 0;
        for (long block : blocks) {
            int landed = r.nextInt(4); // 0: on a only, 1: on b only, 2: on both, 3: on neither
            if (landed == 0 || landed == 2) {
                land(a, s.def(), block, (byte) (block | 1));
            }
            if (landed == 1 || landed == 2) {
                land(b, s.def(), block, (byte) (block | 1));
            }
            differ += landed < 2 ? 1 : 0;
        }
        List<DirectoryDevice> devices = open(a, b);
        try (Mirror m = Mirror.open(s.def(), devices, DurabilityMode.POWER_SAFE)) {
            long started = System.nanoTime();
            CompareReport report = m.compare(TaskMonitor.NONE);
            long compared = System.nanoTime();
            RepairReport repair = m.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
            long repaired = System.nanoTime();
            assertThat(repair.bytesCopied()).isEqualTo(differ * BS);
            assertThat(report.intents().bytesRead()).isEqualTo(64 * extentBlocks * BS * 2);
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
            long activityLog = Alternatives.of(report, volume).stream().filter(e -> e.method().equals("activity-log"))
                    .findFirst().orElseThrow().bytesToCopy();
            System.out.printf("power cut with 1 %% of a 1 GiB mirror in flight (%d blocks over 64 extents of 4 MiB,"
                            + " %d of them differing): compare read %d MiB beside the entries (%.2f s), repair copied %d KiB"
                            + " (%.2f s); an activity log would copy %d MiB%n", blocks.size(), differ,
                    report.intents().bytesRead() >> 20, (compared - started) / 1e9, repair.bytesCopied() >> 10,
                    (repaired - compared) / 1e9, activityLog >> 20);
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }
}
