package io.tagmirror.workload.replay;

import static io.tagmirror.workload.replay.ReplayFixture.BS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault kind end to end: replay with it, then compare, repair and verify. */
class ReplayFaultsTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void anOfflineWindowDivergesExactlyTheBlocksLastWrittenInIt() throws IOException {
        List<WorkloadOp> ops = ReplayFixture.overlappingWrites(21, 600, 96 * BS, 3 * BS, 50);
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            FaultPlan plan = f.resolve(FaultPlan.parse(null, List.of(f.dir(1) + ":200:400"), List.of()));
            RunSummary summary = f.replay(ops).faults(plan).queueDepth(16).writers(2).seed(3).build().run();

            assertThat(summary.faults()).extracting(AppliedFault::kind, AppliedFault::write, AppliedFault::device)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("offline", 200L, f.dir(1).toString()),
                            org.assertj.core.groups.Tuple.tuple("online", 400L, f.dir(1).toString()));
            assertThat(summary.faultsNotReached()).isEmpty();
            assertThat(summary.result()).isEqualTo("faults injected");
            assertThat(f.mirror.state()).isEqualTo(MirrorState.DIVERGED);

            List<long[]> covering = ReplayFixture.coveringBlocks(ops);
            long[] lastWriter = new long[96];
            Arrays.fill(lastWriter, -1);
            for (int n = 0; n < covering.size(); n++) {
                for (long b = covering.get(n)[0]; b < covering.get(n)[1]; b++) {
                    lastWriter[(int) b] = n;
                }
            }
            TreeSet<Long> expected = new TreeSet<>();
            for (int b = 0; b < lastWriter.length; b++) {
                if (lastWriter[b] >= 200 && lastWriter[b] < 400) {
                    expected.add((long) b);
                }
            }
            assertThat(expected).isNotEmpty();

            CompareReport report = f.mirror.compare(TaskMonitor.NONE);
            assertThat(ReplayFixture.divergentBlocks(report)).isEqualTo(expected);
            assertThat(report.divergent()).allSatisfy(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.COPY);
                assertThat(d.source()).isEqualTo(f.devices.get(0).uuid());
                assertThat(d.targets()).containsExactly(f.devices.get(1).uuid());
            });
            RepairReport repair = f.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(repair.bytesCopied()).isEqualTo(expected.size() * (long) BS);
            assertThat(f.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(f.mirror.compare(TaskMonitor.NONE).inSync()).isTrue();
            assertThat(Arrays.mismatch(f.objectBytes(1), ReplayFixture.sequentialImage(ops, 3, MIB))).isEqualTo(-1);
        }
    }

    @Test
    void aTornWriteIsFoundAsTornAndRepaired() throws IOException {
        List<WorkloadOp> ops = new ArrayList<>(ReplayFixture.overlappingWrites(31, 100, 64 * BS, 2 * BS, 30));
        // write 100: unaligned, alone in blocks 70-71; write 101: four whole blocks, alone in blocks 80-83
        ops.add(WorkloadOp.write("", 70L * BS + 100, 5000, -1, 1000));
        ops.add(WorkloadOp.write("", 80L * BS, 4 * BS, -1, 1001));
        ops.addAll(ReplayFixture.overlappingWrites(32, 100, 64 * BS, 2 * BS, 30));
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            FaultPlan plan = f.resolve(FaultPlan.parse(null, List.of(), List.of("100:" + f.dir(1), "101:" + f.dir(1))));
            RunSummary summary = f.replay(ops).faults(plan).queueDepth(8).seed(4).build().run();
            assertThat(summary.faults()).extracting(AppliedFault::kind).containsExactly("tear", "tear");
            assertThat(summary.faults().get(1).detail()).contains("blocks 80+4");
            assertThat(summary.writes()).isEqualTo(202);

            CompareReport report = f.mirror.compare(TaskMonitor.NONE);
            assertThat(ReplayFixture.divergentBlocks(report)).containsExactly(70L, 71L, 82L, 83L);
            assertThat(report.divergent()).allSatisfy(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.TORN);
                assertThat(d.source()).isEqualTo(f.devices.get(0).uuid());
                assertThat(d.targets()).containsExactly(f.devices.get(1).uuid());
                assertThat(d.sourceVerified()).isTrue();
            });
            f.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(f.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(Arrays.mismatch(f.objectBytes(1), ReplayFixture.sequentialImage(ops, 4, MIB))).isEqualTo(-1);
        }
    }

    @Test
    void aCrashLeavesTheEntryOnBothDevicesAndTheDataOnOneUntilRepair() throws IOException {
        List<WorkloadOp> ops = ReplayFixture.overlappingWrites(41, 120, 64 * BS, 3 * BS, 25);
        int crashAt = 80;
        WorkloadOp crashing = ops.stream().filter(o -> o.kind() == WorkloadOp.Kind.WRITE).skip(crashAt).findFirst()
                .orElseThrow();
        long first = crashing.offset() / BS;
        long end = Replayer.ceilDiv(crashing.end(), BS);
        List<WorkloadOp> upToCrash = new ArrayList<>();
        List<WorkloadOp> beforeCrash = new ArrayList<>();
        for (WorkloadOp o : ops) {
            if (o == crashing) {
                upToCrash.add(o);
                break;
            }
            upToCrash.add(o);
            beforeCrash.add(o);
        }
        byte[] withCrashWrite = ReplayFixture.sequentialImage(upToCrash, 6, MIB);
        byte[] withoutIt = ReplayFixture.sequentialImage(beforeCrash, 6, MIB);

        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.POWER_SAFE)) {
            AtomicReference<RunSummary> halted = new AtomicReference<>();
            FaultPlan plan = f.resolve(FaultPlan.parse(Integer.toString(crashAt), List.of(), List.of()));
            RunSummary summary = f.replay(ops).faults(plan).queueDepth(16).writers(2).seed(6)
                    .halter(halted::set).build().run();

            assertThat(halted.get()).isSameAs(summary);
            assertThat(summary.crashed()).isTrue();
            assertThat(summary.result()).isEqualTo("crashed");
            assertThat(summary.writes()).isEqualTo(crashAt);
            assertThat(summary.faults()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo("crash");
                assertThat(c.write()).isEqualTo(crashAt);
                assertThat(c.device()).isEqualTo(f.dir(0).toString());
            });
            for (int d = 0; d < 2; d++) {
                List<TagEntry> entries = new ArrayList<>();
                f.devices.get(d).tagTable().scan((batch, e) -> entries.add(e));
                assertThat(entries).as("device %d keeps the unflushed entries, the crashing write's last", d)
                        .isNotEmpty().last().satisfies(e -> {
                            assertThat(e.firstBlock()).isEqualTo(first);
                            assertThat(e.endBlock()).isEqualTo(end);
                        });
            }
            byte[] dev0 = f.objectBytes(0);
            byte[] dev1 = f.objectBytes(1);
            int from = (int) (first * BS);
            int to = (int) (end * BS);
            assertThat(Arrays.equals(dev0, from, to, withCrashWrite, from, to)).as("the data reached device 0").isTrue();
            assertThat(Arrays.equals(dev1, from, to, withoutIt, from, to)).as("and not device 1").isTrue();
            assertThat(Arrays.equals(dev0, from, to, dev1, from, to)).isFalse();

            f.reopenAsAfterCrash(DurabilityMode.POWER_SAFE);
            assertThat(f.mirror.state()).isEqualTo(MirrorState.DIVERGED);
            CompareReport report = f.mirror.compare(TaskMonitor.NONE);
            assertThat(ReplayFixture.divergentBlocks(report)).isNotEmpty()
                    .allSatisfy(b -> assertThat(b).isBetween(first, end - 1));
            assertThat(report.divergent()).extracting(DiffRange::source).containsOnly(f.devices.get(0).uuid());
            f.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(f.mirror.verify(TaskMonitor.NONE).identical()).isTrue();
            assertThat(Arrays.mismatch(f.objectBytes(1), withCrashWrite)).isEqualTo(-1);
        }
    }

    @Test
    void aCrashOnAnAppendComesBeforeItSoNothingDiverges() throws IOException {
        List<WorkloadOp> ops = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ops.add(WorkloadOp.append("", 3 * BS + i, -1, i + 1));
        }
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, MIB, DurabilityMode.CRASH_SAFE)) {
            FaultPlan plan = f.resolve(FaultPlan.parse("12", List.of(), List.of()));
            RunSummary summary = f.replay(ops).faults(plan).halter(s -> { }).build().run();
            assertThat(summary.writes()).isEqualTo(12);
            assertThat(summary.faults()).singleElement().satisfies(c -> assertThat(c.detail()).contains("an append"));
            assertThat(f.mirror.compare(TaskMonitor.NONE).inSync()).isTrue();
        }
    }

    @Test
    void aWindowStillOpenAtTheEndIsReportedAndTheDeviceStaysOffline() throws IOException {
        List<WorkloadOp> ops = ReplayFixture.overlappingWrites(51, 50, 32 * BS, BS, 0);
        try (ReplayFixture f = ReplayFixture.create(tmp, 3, MIB, DurabilityMode.CRASH_SAFE)) {
            FaultPlan plan = f.resolve(FaultPlan.parse(null, List.of(f.dir(1) + ":40:100", f.dir(0) + ":70:80"), List.of()));
            RunSummary summary = f.replay(ops).faults(plan).build().run();
            assertThat(summary.faults()).extracting(AppliedFault::kind).containsExactly("offline");
            assertThat(summary.faultsNotReached()).hasSize(2)
                    .anySatisfy(s -> assertThat(s).contains("still offline"))
                    .anySatisfy(s -> assertThat(s).contains("offline " + f.dir(0) + " before write 70"));
            assertThat(f.mirror.state()).isEqualTo(MirrorState.DEGRADED);
            assertThat(summary.text()).contains("not reached");
        }
    }
}
