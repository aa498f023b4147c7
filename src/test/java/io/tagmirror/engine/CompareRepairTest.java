package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareRepairTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 512;

    @TempDir
    Path tmp;

    private static TreeSet<Long> blocksOf(List<DiffRange> ranges) {
        TreeSet<Long> blocks = new TreeSet<>();
        for (DiffRange r : ranges) {
            for (long b = r.firstBlock(); b < r.endBlock(); b++) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    @Test
    void offlineWindowCopiesExactlyTheBlocksLastWrittenInIt() throws IOException {
        long seed = 42;
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            Random r = new Random(seed);
            int writes = 600;
            int from = 200;
            int to = 400;
            long[] lastWrite = new long[BLOCKS];
            java.util.Arrays.fill(lastWrite, -1);
            TagGenerator g = t.mirror.generator(1);
            for (int i = 0; i < writes; i++) {
                if (i == from) {
                    t.mirror.flush();
                    t.mirror.takeOffline(t.device(1).uuid(), "window");
                }
                if (i == to) {
                    t.mirror.bringOnline(t.device(1).uuid());
                }
                int first = r.nextInt(BLOCKS - 8);
                int count = 1 + r.nextInt(8);
                t.mirror.write(g, (long) first * BS, TestMirrors.randomData(seed * 100000 + i, count * BS));
                for (int b = first; b < first + count; b++) {
                    lastWrite[b] = i;
                }
                if (i % 50 == 49) {
                    t.mirror.flush();
                }
            }
            TreeSet<Long> expected = new TreeSet<>();
            for (int b = 0; b < BLOCKS; b++) {
                if (lastWrite[b] >= from && lastWrite[b] < to) {
                    expected.add((long) b);
                }
            }
            assertThat(expected).isNotEmpty();

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(blocksOf(report.divergent())).isEqualTo(expected);
            assertThat(report.divergent()).allSatisfy(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.COPY);
                assertThat(d.source()).isEqualTo(t.device(0).uuid());
                assertThat(d.targets()).containsExactly(t.device(1).uuid());
            });
            assertThat(report.bytesToCopy()).isEqualTo(expected.size() * (long) BS);

            RepairReport repair = t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(repair.bytesCopied()).isEqualTo(expected.size() * (long) BS);
            assertThat(blocksOf(repair.copied().stream().map(c -> new DiffRange("o", c.firstBlock(), c.blockCount(),
                    c.verdict(), c.source(), c.targets(), null, true, List.of())).toList())).isEqualTo(expected);
            assertThat(t.device(0).tagTable().count()).isZero();
            assertThat(t.device(1).tagTable().count()).isZero();
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(t.mirror.state()).isEqualTo(MirrorState.IN_SYNC);

            // After the repair the mirror is whole again: flush trims new entries.
            t.mirror.write(0, new byte[BS]);
            t.mirror.flush();
            assertThat(t.device(0).tagTable().count()).isZero();
        }
    }

    @Test
    void aTornWriteIsFoundAndRepairedFromTheDeviceWhoseDataMatches() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            ByteBuffer good = TestMirrors.randomData(7, 4 * BS);
            t.mirror.write(t.mirror.generator(1), 10L * BS, good);
            // one side's data changes behind the engine's back: half of the write is lost on device 0
            t.object(0).write(12, ByteBuffer.allocate(2 * BS));
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.TORN);
                assertThat(d.firstBlock()).isEqualTo(12);
                assertThat(d.blockCount()).isEqualTo(2);
                assertThat(d.source()).isEqualTo(t.device(1).uuid());
                assertThat(d.sourceVerified()).isTrue();
            });
            assertThat(report.matchedEntries()).isEqualTo(1);
            t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.object(0).read(10, 4)).isEqualTo(good);
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void aTornWriteIsFoundByItsBlockChecksumEvenWhereALaterWriteChangedTheRestOfItsRange() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            tornUnderALaterWrite(t);
            ByteBuffer good = t.object(1).read(11, 1);
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.firstBlock()).isEqualTo(11);
                assertThat(d.verdict()).isEqualTo(Verdict.TORN);
                assertThat(d.source()).isEqualTo(t.device(1).uuid());
                assertThat(d.sourceVerified()).isTrue();
            });
            t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.object(0).read(11, 1)).isEqualTo(good);
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void withoutBlockChecksumsSuchATornWriteIsLeftForADecisionNotCopiedBlindly() throws IOException {
        MirrorDefinition def;
        ByteBuffer good;
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            tornUnderALaterWrite(t);
            good = t.object(1).read(11, 1);
            def = t.mirror.definition();
            t.mirror.abandon();
        }
        // the same devices seen through a table that keeps no per-block checksums (another device kind)
        List<DirectoryDevice> devices = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            devices.add(DirectoryDevice.open(tmp.resolve("dev" + i), false, io.tagmirror.engine.device.io.ObjectIo.SYSTEM,
                    PlainTagTable::new));
        }
        try {
            Mirror mirror = Mirror.open(def, devices, DurabilityMode.CRASH_SAFE);
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.firstBlock()).isEqualTo(11);
                assertThat(d.verdict()).as("no checksum can tell which side is right").isEqualTo(Verdict.TORN_NEWEST);
                assertThat(d.newest()).as("the write no device's data matches").isEqualTo(new Tag(1, 0));
            });
            assertThat(mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE).bytesCopied()).isZero();
            assertThat(devices.get(1).object(def.objectId()).read(11, 1)).as("the good copy was not overwritten")
                    .isEqualTo(good);
            mirror.repair(mirror.compare(TaskMonitor.NONE), RepairPolicy.prefer(devices.get(1).uuid()), TaskMonitor.NONE);
            assertThat(mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            mirror.abandon();
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
    }

    /** An 8-block write, a later 2-block write into its range, then block 11 of the first lost on device 0. */
    private static void tornUnderALaterWrite(TestMirrors t) throws IOException {
        TagGenerator g = t.mirror.generator(1);
        t.mirror.write(g, 10L * BS, TestMirrors.randomData(1, 8 * BS));
        t.mirror.write(g, 14L * BS, TestMirrors.randomData(2, 2 * BS));
        t.object(0).write(11, ByteBuffer.allocate(BS));
    }

    @Test
    void writesOfTwoGeneratorsEachMissingOnOneSideAreAConflictNotSilentlyResolved() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            UUID a = t.device(0).uuid();
            UUID b = t.device(1).uuid();
            t.mirror.takeOffline(b, "host 1 sees only device a");
            t.mirror.write(t.mirror.generator(1), 5L * BS, TestMirrors.randomData(1, BS));
            t.mirror.bringOnline(b);
            t.mirror.takeOffline(a, "host 2 sees only device b");
            t.mirror.write(t.mirror.generator(2), 5L * BS, TestMirrors.randomData(2, BS));
            t.mirror.bringOnline(a);

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.CONFLICT);
                assertThat(d.sides()).extracting(ConflictSide::dataMatches)
                        .containsExactly(new Tag(1, 0), new Tag(2, 0));
            });
            assertThat(report.conflicts()).isEqualTo(1);
            assertThat(report.bytesToCopy()).isZero();

            RepairReport none = t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(none.conflictsLeft()).isEqualTo(1);
            assertThat(none.bytesCopied()).isZero();
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isFalse();

            CompareReport again = t.mirror.compare(TaskMonitor.NONE);
            t.mirror.repair(again, RepairPolicy.prefer(b), TaskMonitor.NONE);
            assertThat(t.object(0).read(5, 1)).isEqualTo(TestMirrors.randomData(2, BS));
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(t.device(0).tagTable().count() + t.device(1).tagTable().count()).isZero();
        }
    }

    @Test
    void aDeviceAheadOfTheOtherIsTheSourceEvenWithSeveralGenerators() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            t.mirror.write(t.mirror.generator(1), 5L * BS, TestMirrors.randomData(1, BS));
            t.mirror.takeOffline(t.device(1).uuid(), "x");
            t.mirror.write(t.mirror.generator(2), 5L * BS, TestMirrors.randomData(2, BS));
            t.mirror.bringOnline(t.device(1).uuid());
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.COPY);
                assertThat(d.source()).isEqualTo(t.device(0).uuid());
                assertThat(d.newest()).isEqualTo(new Tag(2, 0));
            });
        }
    }

    @Test
    void anUnmatchedExtendCopiesTheRangeAndSetsTheLength() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 16L * BS, DurabilityMode.CRASH_SAFE)) {
            t.mirror.takeOffline(t.device(1).uuid(), "x");
            t.mirror.append(t.mirror.generator(1), TestMirrors.randomData(3, 3 * BS));
            t.mirror.bringOnline(t.device(1).uuid());
            assertThat(t.object(1).lengthBlocks()).isEqualTo(16);
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.EXTEND);
                assertThat(d.firstBlock()).isEqualTo(16);
                assertThat(d.blockCount()).isEqualTo(3);
            });
            t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.object(1).lengthBlocks()).isEqualTo(19);
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void identicalDataIsInSyncAndRepairDeletesTheMatchedEntriesOnBothSides() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            for (int i = 0; i < 10; i++) {
                t.mirror.write(t.mirror.generator(1), (long) i * BS, TestMirrors.randomData(i, BS));
            }
            t.reopen(DurabilityMode.CRASH_SAFE); // as after a crash: the entries are left
            assertThat(t.mirror.state()).isEqualTo(MirrorState.DIVERGED);
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            assertThat(report.inSync()).isTrue();
            assertThat(report.matchedEntries()).isEqualTo(10);
            RepairReport repair = t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(repair.entriesDeleted()).isEqualTo(20);
            assertThat(repair.bytesCopied()).isZero();
            assertThat(t.mirror.state()).isEqualTo(MirrorState.IN_SYNC);
        }
    }

    @Test
    void aCancelledRepairDeletesNothingAndTheNextCompareFinishesTheJob() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            t.mirror.takeOffline(t.device(1).uuid(), "x");
            for (int i = 0; i < 300; i++) {
                t.mirror.write(t.mirror.generator(1), (long) i * BS, TestMirrors.randomData(i, BS));
            }
            t.mirror.bringOnline(t.device(1).uuid());
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            TaskMonitor cancelAfterFirstChunk = new TaskMonitor() {
                private long done;

                @Override
                public void progress(String phase, long d, long total) {
                    done = d;
                }

                @Override
                public boolean isCancelled() {
                    return done > 0;
                }
            };
            RepairReport cancelled = t.mirror.repair(report, RepairPolicy.NONE, cancelAfterFirstChunk);
            assertThat(cancelled.cancelled()).isTrue();
            assertThat(cancelled.entriesDeleted()).isZero();
            assertThat(t.device(0).tagTable().count()).isEqualTo(300);
            CompareReport next = t.mirror.compare(TaskMonitor.NONE);
            assertThat(next.divergentBytes()).isEqualTo((300 - 256) * (long) BS);
            t.mirror.repair(next, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void aRepairOrScrubWhileAMemberIsOfflineKeepsTheEntriesThatListWhatItMisses() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 3, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            UUID away = t.device(2).uuid();
            t.mirror.takeOffline(away, "detached");
            t.mirror.write(t.mirror.generator(1), 5L * BS, TestMirrors.randomData(1, BS));
            t.object(1).write(5, TestMirrors.randomData(2, BS)); // something for the online two to settle
            RepairReport repair = t.mirror.repair(t.mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(repair.bytesCopied()).isEqualTo(BS);
            t.mirror.scrub(t.device(0).uuid(), TaskMonitor.NONE);
            assertThat(t.device(0).tagTable().count()).as("the list of what the offline member misses").isEqualTo(1);

            t.mirror.bringOnline(away);
            CompareReport back = t.mirror.compare(TaskMonitor.NONE);
            assertThat(back.divergent()).singleElement().satisfies(d -> {
                assertThat(d.range()).isEqualTo(new BlockRange(5, 1));
                assertThat(d.targets()).containsExactly(away);
            });
            t.mirror.repair(back, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(t.mirror.state()).isEqualTo(MirrorState.IN_SYNC);
        }
    }

    @Test
    void aRepairBasedOnAnOutdatedCompareIsRefused() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            CompareReport report = t.mirror.compare(TaskMonitor.NONE);
            t.mirror.takeOffline(t.device(1).uuid(), "x");
            assertThatThrownBy(() -> t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE))
                    .hasMessageContaining("compare again");
        }
    }

    @Test
    void verifyFindsDifferencesNoEntryNames() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            t.object(1).write(100, TestMirrors.randomData(1, 3 * BS));
            VerifyReport v = t.mirror.verify(TaskMonitor.NONE);
            assertThat(v.identical()).isFalse();
            assertThat(v.blocksCompared()).isEqualTo(BLOCKS);
            assertThat(v.differingBlocks()).isEqualTo(3);
            assertThat(v.differingRanges()).containsExactly(new BlockRange(100, 3));
        }
    }
}
