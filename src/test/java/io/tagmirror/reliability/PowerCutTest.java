package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault class 2, power cut: the OS cache is lost too. A mirror runs a workload (three writers in their
 * own regions, two generators, appends, frequent flushes) over {@link RecordingIo}; then, for many cut
 * points in the log and many seeded subsets of the unsynced writes, the state a disk may hold is
 * rebuilt on real device directories and DESIGN §3's invariants are checked on it ({@link Recovery}).
 *
 * <p>{@code power-safe} must pass every state; {@code crash-safe} is shown to fail some, so the
 * difference between the modes is real.
 *
 * <p>The workload, the cut points and the subsets are seeded; how the writer threads and the device
 * pipelines interleave is not, so a run's log (and so the states a seed names) can differ from one run
 * to the next. A failure prints the run seed, the cut and the state seed, and where the cut fell.
 */
class PowerCutTest {
    private static final int THREADS = 3;
    private static final int REGION_BLOCKS = 40;
    private static final int APPEND_STREAM = THREADS;
    private static final int BS = CrashChild.BS;
    /** Object subsets tried per cut point: the cut fixes the tag tables, the subset the data. */
    private static final int SUBSETS_PER_CUT = 2;

    @TempDir
    Path tmp;

    @Test
    void powerSafeModeKeepsEveryInvariantInEveryCrashState() throws Exception {
        int runs = Reliability.cases(10, 100);
        int statesPerRun = 52;
        PowerCutSimulator.Plan plan = new PowerCutSimulator.Plan("power-safe crash state", Reliability.baseSeed(71_000),
                runs, new PowerCutSimulator.Cuts(statesPerRun / SUBSETS_PER_CUT, SUBSETS_PER_CUT, true,
                Reliability::random), seed -> "-Dtagmirror.reliability.seed=" + seed + " -Dtagmirror.reliability.cases=1");
        PowerCutSimulator.Tally t = PowerCutSimulator.checkEveryState(plan,
                (k, seed) -> record(tmp.resolve("run-" + k), seed, DurabilityMode.POWER_SAFE, k % 3 == 2 ? 3 : 2, false),
                (run, state) -> run.check(state, tmp));
        System.out.printf("power cut, power-safe: %d crash states from %d runs, all invariants held; %d entries,"
                + " %d divergent blocks found and %d blocks copied in all%n", t.states(), runs,
                t.sum(Recovery.Outcome::entries), t.sum(Recovery.Outcome::divergentBlocks),
                t.sum(Recovery.Outcome::copiedBlocks));
        assertThat(t.states()).isGreaterThanOrEqualTo(Math.min(500, (long) runs * statesPerRun));
    }

    @Test
    void crashSafeModeCanLoseTheEntryOfADataWriteThatSurvivedThePowerCut() throws Exception {
        PowerCutSimulator.Plan plan = new PowerCutSimulator.Plan("crash-safe crash state", Reliability.baseSeed(72_000),
                6, new PowerCutSimulator.Cuts(30, 1, true, Reliability::random),
                seed -> "-Dtagmirror.reliability.seed=" + seed);
        int violations = 0;
        int tried = 0;
        String example = null;
        for (int k = 0; tried < 60 || violations == 0 && k < plan.runs(); k++) {
            long seed = plan.baseSeed() + k;
            RecordedMirror run = record(tmp.resolve("crash-safe-" + k), seed, DurabilityMode.CRASH_SAFE, 2, false);
            for (PowerCutSimulator.State state : plan.cuts().of(run, seed)) {
                tried++;
                try {
                    run.check(state, tmp);
                } catch (Recovery.InvariantBroken e) {
                    violations++;
                    example = example == null ? PowerCutSimulator.replay(plan, run, seed, state) + ": " + e.getMessage()
                            : example;
                }
            }
            run.discard();
        }
        System.out.printf("power cut, crash-safe: %d of %d crash states broke an invariant, e.g. %s%n", violations, tried,
                example);
        assertThat(violations).as("crash-safe mode does not survive power loss, and the model must show it").isPositive();
    }

    @Test
    void aPowerCutAfterARepairOfUnflushedWritesKeepsEveryInvariant() throws Exception {
        PowerCutSimulator.Plan plan = new PowerCutSimulator.Plan("power cut after a repair", Reliability.baseSeed(73_000),
                1, PowerCutSimulator.Cuts.oneStateEach(120, Reliability::random),
                seed -> "-Dtagmirror.reliability.seed=" + seed);
        PowerCutSimulator.Tally t = PowerCutSimulator.checkEveryState(plan,
                (k, seed) -> record(tmp.resolve("repair"), seed, DurabilityMode.POWER_SAFE, 2, true),
                (run, state) -> run.check(state, tmp));
        System.out.printf("power cut after a repair of unflushed writes: %d crash states, all invariants held; %d"
                + " divergent blocks found and %d blocks copied in all%n", t.states(),
                t.sum(Recovery.Outcome::divergentBlocks), t.sum(Recovery.Outcome::copiedBlocks));
        assertThat(t.states()).isEqualTo(120);
    }

    /**
     * Runs the workload over a recording layer, from a template kept aside; with {@code repairMidway} one
     * writer writes without flushing, a compare + repair runs, and the writer goes on.
     */
    private static RecordedMirror record(Path root, long seed, DurabilityMode mode, int deviceCount,
                                         boolean repairMidway) throws Exception {
        RecordedMirror run = RecordedMirror.start(root, deviceCount, CrashChild.MIRROR,
                (long) THREADS * REGION_BLOCKS * BS, mode, IntentExtents.DEFAULT, seed);
        RecordingIo io = run.io();
        try (run; Mirror mirror = Mirror.open(run.definition(), run.devices(), mode)) {
            if (repairMidway) {
                writeUnflushedThenRepair(mirror, io, seed);
            } else {
                Map<String, PowerCutSimulator.Task> writers = new LinkedHashMap<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    writers.put("power-cut-writer-" + t, () -> write(mirror, io, seed, thread));
                }
                PowerCutSimulator.runTogether(writers);
            }
        }
        return run;
    }

    private static void writeUnflushedThenRepair(Mirror mirror, RecordingIo io, long seed) throws IOException {
        TagGenerator g = mirror.generator(1);
        Random r = Reliability.random(seed);
        for (int i = 0; i < 30; i++) {
            if (i == 20) {
                io.mark("repair");
                CompareReport report = mirror.compare(TaskMonitor.NONE);
                mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
                io.mark("repaired");
            }
            long[] p = CrashChild.placement(r, 0, THREADS * REGION_BLOCKS);
            io.mark("W 0 " + i + " " + p[0] + " " + p[1]);
            mirror.write(g, p[0], CrashChild.data(seed, 0, i, (int) p[1]));
        }
    }

    private static void write(Mirror mirror, RecordingIo io, long seed, int thread) throws IOException {
        TagGenerator g = mirror.generator(1 + thread % 2);
        Random r = Reliability.random(seed * 17 + thread);
        long appends = 0;
        for (int i = 0; i < 40; i++) {
            long[] p = CrashChild.placement(r, (long) thread * REGION_BLOCKS * BS, REGION_BLOCKS);
            io.mark("W " + thread + " " + i + " " + p[0] + " " + p[1]);
            mirror.write(g, p[0], CrashChild.data(seed, thread, i, (int) p[1]));
            if (thread == 0 && r.nextInt(12) == 0) {
                // Only this thread appends, so the volume's end before the append is where it lands.
                int length = 1 + r.nextInt(2 * BS);
                long offset = mirror.lengthBlocks() * BS;
                io.mark("W " + APPEND_STREAM + " " + appends + " " + offset + " " + length);
                mirror.append(g, CrashChild.data(seed, APPEND_STREAM, appends, length));
                appends++;
            }
            if (r.nextInt(6) == 0) {
                mirror.flush();
                io.mark("F " + thread + " " + i);
                if (thread == 0 && appends > 0) {
                    io.mark("F " + APPEND_STREAM + " " + (appends - 1));
                }
            }
        }
    }

}
