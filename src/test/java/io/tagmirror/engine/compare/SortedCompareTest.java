package io.tagmirror.engine.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CancelledException;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.TestMirrors;
import io.tagmirror.engine.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare sorts its entries in runs on disk when there are many, and holds only those its sweep is
 * over: the report must not depend on either.
 */
class SortedCompareTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 1024;

    @TempDir
    Path tmp;
    /** The tag of the last write to each block. */
    private Tag[] lastWrite;

    /**
     * Thousands of overlapping writes of two generators, devices 1 and 2 missing some of them and
     * device 2 with some blocks damaged; device 0 gets every write, so the repaired mirror must hold
     * exactly what was written. One long region of entries, wider than a read window, so the sweep lets
     * go of entries it has passed many times.
     */
    private byte[] diverge(TestMirrors t, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] model = new byte[BLOCKS * BS];
        lastWrite = new Tag[BLOCKS];
        TagGenerator[] generators = {t.mirror.generator(1), t.mirror.generator(2)};
        int offline = -1;
        for (int w = 0; w < 3000; w++) {
            if (random.nextInt(100) == 0) {
                if (offline >= 0) {
                    t.mirror.bringOnline(t.device(offline).uuid());
                    offline = -1;
                } else {
                    offline = 1 + random.nextInt(2);
                    t.mirror.takeOffline(t.device(offline).uuid(), "test outage");
                }
            }
            int blocks = random.nextInt(20) == 0 ? 1 + random.nextInt(300) : 1 + random.nextInt(8);
            int first = random.nextInt(BLOCKS - blocks + 1);
            ByteBuffer data = TestMirrors.randomData(seed * 100_000 + w, blocks * BS);
            data.get(0, model, first * BS, blocks * BS);
            Tag tag = t.mirror.write(generators[random.nextInt(2)], (long) first * BS, data);
            Arrays.fill(lastWrite, first, first + blocks, tag);
        }
        if (offline >= 0) {
            t.mirror.bringOnline(t.device(offline).uuid());
        }
        // Writes cut off after their data reached device 0 only. Their entries carry no per-block
        // checksums, so compare checks each over its whole range, some of which span windows. None
        // overlaps another or is overwritten later: a check over the whole range would then fail.
        for (int at = random.nextInt(40); at < BLOCKS; at += random.nextInt(60)) {
            int blocks = Math.min(BLOCKS - at, random.nextInt(4) == 0 ? 1 + random.nextInt(300) : 1 + random.nextInt(20));
            ByteBuffer data = TestMirrors.randomData(seed * 100_000 + 50_000 + at, blocks * BS);
            data.get(0, model, at * BS, blocks * BS);
            Tag tag = t.writeInterrupted(generators[random.nextInt(2)], (long) at * BS, data, 1);
            Arrays.fill(lastWrite, at, at + blocks, tag);
            at += blocks;
        }
        for (int k = 0; k < 20; k++) {
            int block = random.nextInt(BLOCKS);
            if (!isZero(model, block)) {
                t.object(2).write(block, ByteBuffer.allocate(BS)); // a lost write
            }
        }
        return model;
    }

    /** Sorted-run files this process still has open (they are unlinked, so only their descriptors show). */
    private static long openRunFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0; // not Linux: nothing to look at
        }
        try (var list = Files.list(fds)) {
            return list.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("tagmirror-compare-");
                } catch (IOException e) {
                    return false; // closed while listed
                }
            }).count();
        }
    }

    private static boolean isZero(byte[] model, int block) {
        for (int i = block * BS; i < (block + 1) * BS; i++) {
            if (model[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static TreeSet<Long> blocksOf(CompareReport report) {
        TreeSet<Long> blocks = new TreeSet<>();
        for (DiffRange r : report.divergent()) {
            for (long b = r.firstBlock(); b < r.endBlock(); b++) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    private TreeSet<Long> differingBlocks(TestMirrors t) throws IOException {
        byte[][] data = {t.objectBytes(0), t.objectBytes(1), t.objectBytes(2)};
        TreeSet<Long> blocks = new TreeSet<>();
        for (int b = 0; b < BLOCKS; b++) {
            for (int d = 1; d < 3; d++) {
                if (!Arrays.equals(data[0], b * BS, (b + 1) * BS, data[d], b * BS, (b + 1) * BS)) {
                    blocks.add((long) b);
                }
            }
        }
        return blocks;
    }

    @Test
    void entriesSortedOnDiskGiveTheSameReportAndTheRepairRestoresEveryWrite() throws IOException {
        Path spill = Files.createDirectory(tmp.resolve("spill"));
        try (TestMirrors t = TestMirrors.create(tmp.resolve("devices"), 3, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            byte[] model = diverge(t, 7);
            // everything in memory, nothing let go
            CompareReport inMemory = new Comparison(t.access(), TaskMonitor.NONE, spill, Comparison.CHUNK_ENTRIES,
                    Integer.MAX_VALUE).run();
            assertThat(inMemory.entriesPerDevice().values().stream().mapToLong(Long::longValue).sum())
                    .as("enough entries for several windows").isGreaterThan(5000);
            for (int chunk : new int[] {1, 13, 1000, Comparison.CHUNK_ENTRIES}) {
                // entries passed over let go after every window
                CompareReport sorted = new Comparison(t.access(), TaskMonitor.NONE, spill, chunk, 0).run();
                assertThat(sorted.ranges()).as("chunk of %d", chunk).isEqualTo(inMemory.ranges());
                assertThat(sorted.entriesPerDevice()).isEqualTo(inMemory.entriesPerDevice());
                assertThat(sorted.matchedEntries()).isEqualTo(inMemory.matchedEntries());
                assertThat(sorted.blocksExamined()).isEqualTo(inMemory.blocksExamined());
                assertThat(sorted.bytesRead()).isEqualTo(inMemory.bytesRead());
            }
            assertThat(Files.list(spill)).as("no temporary file left").isEmpty();
            assertThat(openRunFiles()).as("nor open").isZero();

            TreeSet<Long> differing = differingBlocks(t);
            assertThat(differing).isNotEmpty();
            assertThat(blocksOf(inMemory)).isEqualTo(differing);
            assertThat(inMemory.divergent()).allSatisfy(r -> {
                assertThat(r.verdict()).isIn(Verdict.COPY, Verdict.TORN);
                assertThat(r.source()).isEqualTo(t.device(0).uuid());
                assertThat(r.newest()).as("newest write at block %d", r.firstBlock()).isEqualTo(lastWrite[(int) r.firstBlock()]);
            });

            CompareReport report = new Comparison(t.access(), TaskMonitor.NONE, spill, 13, Comparison.COMPACT_SLACK).run();
            t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            for (int d = 0; d < 3; d++) {
                assertThat(Arrays.equals(t.objectBytes(d), model)).as("device %d holds every write", d).isTrue();
            }
        }
    }

    @Test
    void eachNamedBlockIsReadOnceOnEachDeviceWhereverAWindowWouldEnd() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            TagGenerator g = t.mirror.generator(1);
            // one region of 512 blocks: two blocks of gap at 254, and an entry checked over its whole range
            // at its end; windows of 256 blocks from the region's start hold every entry but the third whole
            t.mirror.write(g, 0, TestMirrors.randomData(1, 254 * BS));
            t.mirror.write(g, 256L * BS, TestMirrors.randomData(2, 4 * BS));
            t.mirror.write(g, 260L * BS, TestMirrors.randomData(3, 245 * BS));
            t.writeInterrupted(g, 505L * BS, TestMirrors.randomData(4, 7 * BS), 1);
            for (int chunk : new int[] {1, Comparison.CHUNK_ENTRIES}) {
                for (int slack : new int[] {0, Integer.MAX_VALUE}) {
                    CompareReport report = new Comparison(t.access(), TaskMonitor.NONE, tmp, chunk, slack).run();
                    // the two gap blocks are read with their neighbours: one read costs less than two
                    assertThat(report.bytesRead()).as("chunk %d, slack %d", chunk, slack).isEqualTo(2L * 512 * BS);
                    assertThat(report.divergent()).singleElement().satisfies(r -> {
                        assertThat(r.firstBlock()).isEqualTo(505);
                        assertThat(r.blockCount()).isEqualTo(7);
                    });
                }
            }
        }
    }

    @Test
    void aCompareCancelledWhileItSweepsSortedRunsLeavesNoTemporaryFileAndChangesNothing() throws IOException {
        Path spill = Files.createDirectory(tmp.resolve("spill"));
        try (TestMirrors t = TestMirrors.create(tmp.resolve("devices"), 3, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            diverge(t, 11);
            CompareReport before = new Comparison(t.access(), TaskMonitor.NONE, spill, 13, Comparison.COMPACT_SLACK).run();
            long entries = t.device(0).tagTable().count() + t.device(1).tagTable().count() + t.device(2).tagTable().count();
            java.util.List<String> phases = new java.util.ArrayList<>();
            TaskMonitor cancelMidSweep = new TaskMonitor() {
                @Override
                public void progress(String phase, long done, long total) {
                    phases.add(phase);
                }

                @Override
                public boolean isCancelled() {
                    return phases.stream().filter("entries compared"::equals).count() >= 2;
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> new Comparison(t.access(), cancelMidSweep, spill, 13, Comparison.COMPACT_SLACK).run())
                    .isInstanceOf(CancelledException.class);
            assertThat(phases).contains("entries merged");
            assertThat(Files.list(spill)).isEmpty();
            assertThat(openRunFiles()).as("the sorted runs' file is closed").isZero();
            assertThat(t.device(0).tagTable().count() + t.device(1).tagTable().count() + t.device(2).tagTable().count())
                    .isEqualTo(entries);
            CompareReport after = new Comparison(t.access(), TaskMonitor.NONE, spill, 13, Comparison.COMPACT_SLACK).run();
            assertThat(after.ranges()).isEqualTo(before.ranges());
        }
    }

    @Test
    void readingTheTablesReportsProgressAsItGoesNotOnlyPerDevice() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp.resolve("devices"), 3, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            diverge(t, 3);
            long entries = t.device(0).tagTable().count() + t.device(1).tagTable().count() + t.device(2).tagTable().count();
            java.util.List<long[]> merged = new java.util.ArrayList<>();
            TaskMonitor recording = new TaskMonitor() {
                @Override
                public void progress(String phase, long done, long total) {
                    if (phase.equals("entries merged")) {
                        merged.add(new long[] {done, total});
                    }
                }
            };
            new Comparison(t.access(), recording, tmp, 13, Comparison.COMPACT_SLACK).run();
            assertThat(entries).isGreaterThan(6 * 1024);
            assertThat(merged).hasSizeGreaterThan(6);
            for (int i = 0; i < merged.size(); i++) {
                assertThat(merged.get(i)[1]).isEqualTo(entries);
                assertThat(merged.get(i)[0]).isBetween(i == 0 ? 1 : merged.get(i - 1)[0], entries);
            }
            assertThat(merged.get(merged.size() - 1)[0]).isEqualTo(entries);
        }
    }

    @Test
    void matchedEntriesCountTheTagsEveryDeviceHas() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            TagGenerator g = t.mirror.generator(1);
            for (int w = 0; w < 10; w++) {
                t.mirror.write(g, 3L * BS, TestMirrors.randomData(w, BS)); // ten writes starting at one block
            }
            t.mirror.takeOffline(t.device(1).uuid(), "x");
            t.mirror.write(g, 3L * BS, TestMirrors.randomData(99, 2 * BS));
            t.mirror.write(g, 40L * BS, TestMirrors.randomData(98, BS));
            t.mirror.bringOnline(t.device(1).uuid());
            for (int chunk : new int[] {1, Comparison.CHUNK_ENTRIES}) {
                CompareReport report = new Comparison(t.access(), TaskMonitor.NONE, tmp, chunk, Comparison.COMPACT_SLACK).run();
                assertThat(report.matchedEntries()).isEqualTo(10);
                assertThat(report.entriesPerDevice().values()).containsExactly(12L, 10L);
            }
        }
    }
}
