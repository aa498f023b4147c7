package io.tagmirror.engine.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.NotInSyncException;
import io.tagmirror.engine.ReadPlan;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.TestMirrors;
import io.tagmirror.engine.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadPlannerTest {
    private static final int BS = 4096;
    private static final int BLOCKS = 64;

    @TempDir
    Path tmp;

    private static byte[] read(Mirror mirror, ReadPlan plan, long firstBlock, int blocks) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(blocks * BS);
        mirror.read(plan, firstBlock, into);
        return into.array();
    }

    @Test
    void blocksWrittenWhileAMemberWasAwayAreReadFromTheOtherAfterARestart() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            TagGenerator g = t.mirror.generator(1);
            t.mirror.write(g, 0, TestMirrors.randomData(1, BLOCKS * BS));
            t.mirror.flush();
            // the first member is away while blocks 10-13 are rewritten; after a restart nothing in
            // memory says it missed them, only the other member's entries do
            t.mirror.takeOffline(t.device(0).uuid(), "test");
            ByteBuffer newer = TestMirrors.randomData(2, 4 * BS);
            t.mirror.write(g, 10L * BS, newer.duplicate());
            t.reopen(DurabilityMode.CRASH_SAFE);
            UUID first = t.device(0).uuid();
            UUID second = t.device(1).uuid();

            ReadPlan plan = t.mirror.planRead(new BlockRange(8, 8), TaskMonitor.NONE);

            assertThat(plan.sources()).containsExactly(new ReadPlan.Source(8, 2, first),
                    new ReadPlan.Source(10, 4, second), new ReadPlan.Source(14, 2, first));
            assertThat(plan.degraded()).isFalse();
            byte[] data = read(t.mirror, plan, 8, 8);
            assertThat(ByteBuffer.wrap(data, 2 * BS, 4 * BS)).isEqualTo(newer);
            assertThat(ByteBuffer.wrap(data, 0, 2 * BS)).isEqualTo(ByteBuffer.wrap(t.object(0).read(8, 2).array()));
        }
    }

    @Test
    void blocksWhoseNewestWriteNoMemberHoldsAreRefusedWithTheReason() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            TagGenerator g = t.mirror.generator(1);
            // the host dies in a write that reached the first member only ...
            t.writeInterrupted(g, 20L * BS, TestMirrors.randomData(3, 2 * BS), 1);
            t.mirror.abandon();
            // ... and that member's copy is damaged afterwards: neither holds the write, and they differ
            t.object(0).write(20, ByteBuffer.wrap(new byte[2 * BS]));
            t.object(0).write(20, TestMirrors.randomData(4, BS));
            t.reopen(DurabilityMode.CRASH_SAFE);

            assertThatThrownBy(() -> t.mirror.planRead(new BlockRange(16, 8), TaskMonitor.NONE))
                    .isInstanceOf(NotInSyncException.class)
                    .hasMessageContaining("blocks 20 of mirror m differ between its devices")
                    .hasMessageContaining("no device is known to hold their current data")
                    .hasMessageContaining("tagmirror compare m");
            // blocks no entry names are still readable
            assertThat(t.mirror.planRead(new BlockRange(0, 16), TaskMonitor.NONE).sources()).hasSize(1);
        }
    }

    @Test
    void aTornWriteIsReadFromTheMemberWhoseDataMatchesIt() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            TagGenerator g = t.mirror.generator(1);
            ByteBuffer torn = TestMirrors.randomData(5, 2 * BS);
            t.mirror.write(g, 30L * BS, TestMirrors.randomData(6, 2 * BS));
            t.mirror.flush();
            // the second member (in order) gets the data; the first only the entry
            t.mirror.takeOffline(t.device(0).uuid(), "order");
            t.mirror.bringOnline(t.device(0).uuid());
            t.reopen(DurabilityMode.CRASH_SAFE);
            Mirror m = t.mirror;
            TagEntry entry = new TagEntry(m.generator(1).next(), m.definition().objectId(), EntryKind.BLOCKS, 30, 2,
                    TestMirrors.checksum(torn));
            t.recordEntryOnly(0, entry, torn);
            t.recordEntryOnly(1, entry, torn);
            t.object(1).write(30, torn.duplicate());

            ReadPlan plan = m.planRead(new BlockRange(30, 2), TaskMonitor.NONE);

            assertThat(plan.sources()).containsExactly(new ReadPlan.Source(30, 2, t.device(1).uuid()));
            assertThat(ByteBuffer.wrap(read(m, plan, 30, 2))).isEqualTo(torn);
        }
    }

    @Test
    void aMemberThatCameBackIsNeverReadEvenWhereNoEntryNamesTheBlocks() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            t.mirror.takeOffline(t.device(0).uuid(), "test");
            t.mirror.bringOnline(t.device(0).uuid());

            ReadPlan plan = t.mirror.planRead(new BlockRange(0, BLOCKS), TaskMonitor.NONE);

            assertThat(plan.devices()).containsExactly(t.device(1).uuid());
        }
    }

    @Test
    void noMemberKnownGoodRefusesSayingWhy() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            t.mirror.takeOffline(t.device(0).uuid(), "test");
            t.mirror.bringOnline(t.device(0).uuid());
            t.mirror.takeOffline(t.device(1).uuid(), "unplugged");

            assertThatThrownBy(() -> t.mirror.planRead(new BlockRange(0, 1), TaskMonitor.NONE))
                    .isInstanceOf(NotInSyncException.class)
                    .hasMessageContaining("no device of mirror m is known to hold current data")
                    .hasMessageContaining(t.device(0).location() + " missed writes")
                    .hasMessageContaining(t.device(1).location() + " is offline (unplugged)");
        }
    }

    @Test
    void aDegradedMirrorIsReadFromItsOneGoodMember() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            t.mirror.takeOffline(t.device(0).uuid(), "test");

            ReadPlan plan = t.mirror.planRead(new BlockRange(0, 4), TaskMonitor.NONE);

            assertThat(plan.devices()).containsExactly(t.device(1).uuid());
            assertThat(plan.degraded()).isTrue();
        }
    }

    @Test
    void aMemberThatLeftAfterThePlanIsNotRead() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 3, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            ReadPlan plan = t.mirror.planRead(new BlockRange(0, 4), TaskMonitor.NONE);
            UUID planned = plan.devices().get(0);
            t.mirror.takeOffline(planned, "test");

            assertThatThrownBy(() -> read(t.mirror, plan, 0, 4))
                    .isInstanceOf(NotInSyncException.class)
                    .hasMessageContaining("went offline during the read; read again");
        }
    }

    @Test
    void aCompareScopedToSomeBlocksDecidesThemAsTheWholeCompareDoes() throws IOException {
        long seed = 7;
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            java.util.Random r = new java.util.Random(seed);
            TagGenerator g = t.mirror.generator(1);
            for (int i = 0; i < 200; i++) {
                if (i == 60) {
                    t.mirror.flush();
                    t.mirror.takeOffline(t.device(1).uuid(), "window");
                }
                if (i == 140) {
                    t.mirror.bringOnline(t.device(1).uuid());
                }
                int first = r.nextInt(BLOCKS - 4);
                t.mirror.write(g, (long) first * BS + r.nextInt(BS), TestMirrors.randomData(seed * 1000 + i, 1 + r.nextInt(3 * BS)));
            }
            t.reopen(DurabilityMode.CRASH_SAFE);
            java.util.List<DiffRange> whole = t.mirror.compare(TaskMonitor.NONE).ranges();
            assertThat(whole).as("seed " + seed).anyMatch(d -> d.verdict() != Verdict.IN_SYNC);
            for (int from = 0; from < BLOCKS; from += 5) {
                BlockRange scope = new BlockRange(from, Math.min(7, BLOCKS - from));
                java.util.List<DiffRange> scoped = new Comparison(t.access(), TaskMonitor.NONE).within(scope).run().ranges();
                assertThat(perBlock(scoped, scope)).as("seed " + seed + ", blocks " + scope).isEqualTo(perBlock(whole, scope));
            }
        }
    }

    /** Each block of {@code scope} with the verdict and source that cover it, nothing for blocks no range names. */
    private static java.util.Map<Long, String> perBlock(java.util.List<DiffRange> ranges, BlockRange scope) {
        java.util.Map<Long, String> out = new java.util.TreeMap<>();
        for (DiffRange d : ranges) {
            for (long b = Math.max(d.firstBlock(), scope.firstBlock()); b < Math.min(d.endBlock(), scope.endBlock()); b++) {
                out.put(b, d.verdict() + " " + d.source() + " " + d.targets() + " " + d.sourceVerified());
            }
        }
        return out;
    }

    @Test
    void aRangeOutsideTheVolumeIsRefused() throws IOException {
        try (TestMirrors t = TestMirrors.create(tmp, 2, (long) BLOCKS * BS, DurabilityMode.CRASH_SAFE)) {
            assertThatThrownBy(() -> t.mirror.planRead(new BlockRange(BLOCKS - 1, 2), TaskMonitor.NONE))
                    .isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("the volume has blocks 0 to " + (BLOCKS - 1));
        }
    }
}
