package io.tagmirror.workload.replay;

import static io.tagmirror.workload.replay.ReplayFixture.BS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.ConflictSide;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded runs of two writers (generators 1 and 2) on a small hot volume, with outages of either device,
 * torn writes, and a repair between two phases, then a compare and a repair. Whatever happened, compare
 * calls a range a conflict only between the newest writes of different writers, calls a write torn only
 * when no device's data matches it, and everything else it repairs equals a sequential replay.
 *
 * <p>Writes are whole blocks: a partial-block write while every device has missed some writes merges
 * bytes read from one of them, which is the write path's business, not compare's.
 */
class TwoWritersOutagesCompareTest {
    private static final int BLOCKS = 8;
    private static final int SEEDS = 40;

    @TempDir
    Path tmp;

    @Test
    void compareOrdersOneWritersWritesAndNamesTornOnesWhateverTheOutages() throws IOException {
        Map<Verdict, Integer> seen = new EnumMap<>(Verdict.class);
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                run(seed, seen);
            } catch (AssertionError | IOException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        // the seeds are chosen to reach every decision this test is about
        assertThat(seen).containsKeys(Verdict.COPY, Verdict.TORN, Verdict.CONFLICT, Verdict.TORN_NEWEST);
    }

    private void run(long seed, Map<Verdict, Integer> seen) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] reference = new byte[BLOCKS * BS];
        boolean[] lost = new boolean[BLOCKS];
        try (ReplayFixture f = ReplayFixture.create(tmp.resolve("seed" + seed), 2, (long) BLOCKS * BS,
                DurabilityMode.CRASH_SAFE)) {
            for (int phase = 0; phase < 2; phase++) {
                int writes = 40 + r.nextInt(80);
                List<WorkloadOp> ops = wholeBlockWrites(r.split(), writes, 5 + r.nextInt(30));
                FaultPlan plan = faults(f, r, writes);
                long dataSeed = seed * 7 + phase;
                f.replay(ops).writers(2).queueDepth(1 + r.nextInt(4)).seed(dataSeed).faults(plan).build().run();
                apply(ops, dataSeed, plan, f.devices.stream().map(d -> d.uuid()).toList(), reference, lost);
                CompareReport report = f.mirror.compare(TaskMonitor.NONE);
                Set<Long> undecided = checkVerdicts(report, seen);
                f.mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
                byte[] a = f.objectBytes(0);
                byte[] b = f.objectBytes(1);
                for (int block = 0; block < BLOCKS; block++) {
                    if (undecided.contains((long) block)) {
                        continue;
                    }
                    int from = block * BS;
                    int to = from + BS;
                    assertThat(Arrays.equals(a, from, to, b, from, to)).as("phase %d block %d identical", phase, block)
                            .isTrue();
                    if (lost[block]) {
                        continue; // its last write is torn wherever it went, and no copy of it is left
                    }
                    assertThat(Arrays.equals(a, from, to, reference, from, to))
                            .as("phase %d block %d holds its last write", phase, block).isTrue();
                }
            }
        }
    }

    /**
     * Applies the writes to the reference image, and marks the blocks whose last write is lost: torn on
     * every device that received it, in the half that covers the block.
     */
    private static void apply(List<WorkloadOp> ops, long dataSeed, FaultPlan plan, List<UUID> devices,
                              byte[] reference, boolean[] lost) {
        long n = 0;
        for (WorkloadOp op : ops) {
            if (op.kind() != WorkloadOp.Kind.WRITE) {
                continue;
            }
            long write = n++;
            WriteData.of(dataSeed, write, (int) op.length()).get(reference, (int) op.offset(), (int) op.length());
            boolean tornEverywhere = tornEverywhere(plan, devices, write);
            long tornFrom = op.offset() + op.length() / 2;
            for (long b = op.offset() / BS; b < op.end() / BS; b++) {
                lost[(int) b] = tornEverywhere && tornFrom < (b + 1) * BS;
            }
        }
    }

    private static boolean tornEverywhere(FaultPlan plan, List<UUID> devices, long write) {
        Set<UUID> tore = new HashSet<>();
        for (Fault.Tear t : plan.tears()) {
            if (t.write() == write) {
                tore.add(t.uuid());
            }
        }
        for (UUID device : devices) {
            boolean away = plan.offline().stream().anyMatch(o -> o.uuid().equals(device) && o.covers(write));
            if (!away && !tore.contains(device)) {
                return false;
            }
        }
        return true;
    }

    /** Checks each verdict against the sides it names; returns the blocks left for a decision. */
    private static Set<Long> checkVerdicts(CompareReport report, Map<Verdict, Integer> seen) {
        Set<Long> undecided = new HashSet<>();
        for (DiffRange d : report.divergent()) {
            seen.merge(d.verdict(), 1, Integer::sum);
            if (d.verdict() == Verdict.CONFLICT) {
                // each side's first tag is the newest write that device received
                assertThat(d.sides().stream().filter(s -> !s.tags().isEmpty())
                        .map(s -> s.tags().get(0).generatorId()).distinct().count())
                        .as("conflict at %s between the newest writes of different writers: %s", d.range(), d.sides())
                        .isGreaterThan(1);
            }
            if (d.verdict() == Verdict.TORN_NEWEST) {
                assertThat(d.sides()).extracting(ConflictSide::dataMatches)
                        .as("no device's data matches torn write %s at %s", d.newest(), d.range())
                        .doesNotContain(d.newest());
            }
            if (d.verdict().needsDecision()) {
                for (long b = d.firstBlock(); b < d.endBlock(); b++) {
                    undecided.add(b);
                }
            }
        }
        return undecided;
    }

    /**
     * An outage of one device in the first half of the writes and, most times, one of the other in the
     * second half; up to four torn writes, some while the other device is away.
     */
    private static FaultPlan faults(ReplayFixture f, SplittableRandom r, int writes) throws IOException {
        int half = writes / 2;
        int first = r.nextInt(2);
        List<Fault.Offline> offline = new ArrayList<>();
        int from = r.nextInt(half - 1);
        offline.add(new Fault.Offline(f.dir(first), null, from, from + 1 + r.nextInt(half - from - 1)));
        if (r.nextInt(4) > 0) {
            int from2 = half + r.nextInt(writes - half - 1);
            offline.add(new Fault.Offline(f.dir(1 - first), null, from2, from2 + 1 + r.nextInt(writes - from2 - 1)));
        }
        List<Fault.Tear> tears = new ArrayList<>();
        int count = r.nextInt(5);
        for (int i = 0; i < count; i++) {
            Fault.Offline window = offline.get(r.nextInt(offline.size()));
            boolean whileAway = r.nextBoolean();
            int write = whileAway ? (int) window.from() + r.nextInt((int) (window.to() - window.from())) : r.nextInt(writes);
            Path dir = whileAway ? f.dir(window.device().equals(f.dir(0)) ? 1 : 0) : f.dir(r.nextInt(2));
            boolean receives = offline.stream().noneMatch(o -> o.device().equals(dir) && o.covers(write));
            boolean again = tears.stream().anyMatch(t -> t.write() == write && t.device().equals(dir));
            if (receives && !again) {
                tears.add(new Fault.Tear(write, dir, null));
            }
        }
        return f.resolve(new FaultPlan(null, offline, tears));
    }

    private static List<WorkloadOp> wholeBlockWrites(SplittableRandom r, int writes, int flushEvery) {
        List<WorkloadOp> ops = new ArrayList<>();
        long line = 0;
        for (int i = 0; i < writes; i++) {
            int count = 1 + r.nextInt(2);
            long first = r.nextInt(BLOCKS - count + 1);
            ops.add(WorkloadOp.write("", first * BS, (long) count * BS, -1, ++line));
            if (i % flushEvery == flushEvery - 1) {
                ops.add(WorkloadOp.flush("", -1, ++line));
            }
        }
        return ops;
    }
}
