package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How compare finds a block's newest write when every device missed some writes (DESIGN §3: newest by
 * sequence within one generator, no order across generators but what the devices' tables show).
 */
class NewestWriteTest {
    private static final int BS = 4096;
    private static final long BLOCK = 5;

    @TempDir
    Path tmp;

    private static void write(TestMirrors t, long generator, int dataSeed) throws IOException {
        t.mirror.write(t.mirror.generator(generator), BLOCK * BS, TestMirrors.randomData(dataSeed, BS));
    }

    /** Runs {@code writes} with only {@code device} taking writes, then brings the others back. */
    private static void onlyOn(TestMirrors t, int device, IoAction writes) throws IOException {
        for (int d = 0; d < t.devices.size(); d++) {
            if (d != device) {
                t.mirror.takeOffline(t.device(d).uuid(), "outage");
            }
        }
        writes.run();
        for (int d = 0; d < t.devices.size(); d++) {
            t.mirror.bringOnline(t.device(d).uuid());
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    @Test
    void oneWritersLaterWriteIsNewestThoughEachDeviceMissedAWriteAndAnotherWriterWroteTheBlockBefore()
            throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            write(t, 1, 10); // 1:0 on both
            onlyOn(t, 0, () -> write(t, 2, 20)); // 2:0 on device 0 only
            onlyOn(t, 1, () -> write(t, 2, 21)); // 2:1 on device 1 only

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);

            assertThat(report.divergent()).as("2:1 follows 2:0: one writer's sequence orders them")
                    .singleElement().satisfies(d -> {
                        assertThat(d.verdict()).isEqualTo(Verdict.COPY);
                        assertThat(d.newest()).isEqualTo(new Tag(2, 1));
                        assertThat(d.source()).isEqualTo(t.device(1).uuid());
                        assertThat(d.targets()).containsExactly(t.device(0).uuid());
                        assertThat(d.sourceVerified()).isTrue();
                    });
            assertThat(report.conflicts()).isZero();
            t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(t.object(0).read(BLOCK, 1)).isEqualTo(TestMirrors.randomData(21, BS));
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    @Test
    void aDeviceThatGotTheOthersNewestWriteAndThenAnotherIsAheadThoughEachMissedWrites() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            write(t, 1, 10); // 1:0 on both
            onlyOn(t, 0, () -> write(t, 2, 20)); // 2:0 on device 0 only
            write(t, 1, 11); // 1:1 on both: device 0's newest
            onlyOn(t, 1, () -> write(t, 2, 21)); // 2:1 on device 1 only, after 1:1 there

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);

            assertThat(report.divergent()).as("device 1 received 1:1, device 0's newest, before 2:1")
                    .singleElement().satisfies(d -> {
                        assertThat(d.verdict()).isEqualTo(Verdict.COPY);
                        assertThat(d.newest()).isEqualTo(new Tag(2, 1));
                        assertThat(d.source()).isEqualTo(t.device(1).uuid());
                    });
        }
    }

    @Test
    void theNewestWriteIsFoundThroughAChainOfDevices() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 3, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            UUID a = t.device(0).uuid();
            UUID b = t.device(1).uuid();
            UUID c = t.device(2).uuid();
            write(t, 1, 10); // 1:0 on all three
            t.mirror.takeOffline(c, "outage");
            write(t, 1, 11); // 1:1 on a and b
            t.mirror.takeOffline(a, "outage");
            write(t, 2, 20); // 2:0 on b only
            t.mirror.bringOnline(c);
            t.mirror.takeOffline(b, "outage");
            write(t, 2, 21); // 2:1 on c only
            t.mirror.bringOnline(a);
            t.mirror.bringOnline(b);

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);

            // a's newest 1:1 precedes b's 2:0 (b got 1:1 first), which precedes c's 2:1 (one writer);
            // c holds nothing of a's, so only the chain through b orders them
            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.COPY);
                assertThat(d.newest()).isEqualTo(new Tag(2, 1));
                assertThat(d.source()).isEqualTo(c);
                assertThat(d.targets()).containsExactlyInAnyOrder(a, b);
            });
        }
    }

    @Test
    void newestWritesOfTwoWritersThatNoDeviceOrdersAreStillAConflict() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            write(t, 1, 10); // 1:0 on both
            onlyOn(t, 0, () -> write(t, 2, 20)); // 2:0 on device 0 only
            onlyOn(t, 1, () -> write(t, 1, 11)); // 1:1 on device 1 only

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);

            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.CONFLICT);
                assertThat(d.sides()).extracting(ConflictSide::dataMatches).containsExactly(new Tag(2, 0), new Tag(1, 1));
            });
        }
    }

    @Test
    void theNewestSequencePolicyOfAConflictPicksAmongTheNewestWritesNotAnOlderOneWithAHigherSequence()
            throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 3, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            for (int i = 0; i < 5; i++) {
                t.mirror.write(t.mirror.generator(1), 20L * BS, TestMirrors.randomData(i, BS)); // 1:0 .. 1:4 elsewhere
            }
            write(t, 1, 10); // 1:5 on all three: device 0's newest
            onlyOn(t, 1, () -> write(t, 2, 20)); // 2:0 on device 1 only, after 1:5
            onlyOn(t, 2, () -> write(t, 3, 30)); // 3:0 on device 2 only, after 1:5

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);

            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.CONFLICT);
                assertThat(d.newest()).as("1:5 has the highest sequence but 2:0 and 3:0 both follow it")
                        .isEqualTo(new Tag(3, 0));
                assertThat(d.source()).isEqualTo(t.device(2).uuid());
            });
        }
    }

    @Test
    void aNewestWriteTornOnTheOnlyDeviceThatGotItIsReportedAsTornNotAsAConflict() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, 64L * BS, DurabilityMode.CRASH_SAFE)) {
            UUID a = t.device(0).uuid();
            UUID b = t.device(1).uuid();
            write(t, 1, 10); // 1:0 on both: another writer's entry on the block
            write(t, 2, 20); // 2:0 on both
            onlyOn(t, 0, () -> {
                write(t, 2, 21); // 2:1 on device 0 only ...
                ByteBuffer torn = TestMirrors.randomData(21, BS);
                torn.put(BS / 2, new byte[BS / 2]);
                t.object(0).write(BLOCK, torn); // ... where only its first half landed
            });

            CompareReport report = t.mirror.compare(TaskMonitor.NONE);

            assertThat(report.divergent()).singleElement().satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.TORN_NEWEST);
                assertThat(d.newest()).as("the torn write").isEqualTo(new Tag(2, 1));
                assertThat(d.sourceVerified()).isFalse();
                assertThat(d.sides()).extracting(ConflictSide::device).containsExactly(a, b);
                assertThat(d.sides()).extracting(ConflictSide::dataMatches).containsExactly(null, new Tag(2, 0));
            });
            assertThat(report.conflicts()).isZero();
            assertThat(report.tornNewest()).isEqualTo(1);
            assertThat(report.bytesToCopy()).as("nothing is copied on a guess").isZero();

            RepairReport none = t.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(none.bytesCopied()).isZero();
            assertThat(none.tornNewestLeft()).isEqualTo(1);
            assertThat(none.conflictsLeft()).isZero();
            t.mirror.repair(t.mirror.compare(TaskMonitor.NONE), RepairPolicy.prefer(b), TaskMonitor.NONE);
            assertThat(t.object(0).read(BLOCK, 1)).isEqualTo(TestMirrors.randomData(20, BS));
            assertThat(t.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(t.device(0).tagTable().count() + t.device(1).tagTable().count()).isZero();
        }
    }
}
