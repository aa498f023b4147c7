package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut simulator on power-safe writes with intent extents (DESIGN §3, "Power-safe without a
 * sync per write"): entries are appended without a sync, so a cut can keep a write's data and lose its
 * entry; the intent sets must cover it. Each run writes with a small intent set (4 extents of 8
 * blocks) over a working set inside it (3 extents) or four times beyond it (16 extents), with flushes,
 * and, by run, an outage of one member (its writes missed, flushes while it is away, its return) and a
 * compare and repair while the writers go on. Then, at seeded cut points, the state a disk may hold is
 * rebuilt ({@link RecordingIo}: the intent slots are a file written through it, torn like any other)
 * and checked: invariant 1 in its new form (every block that differs is named by a durable entry or in
 * a durable intent extent), no write acknowledged before a completed flush lost, and after repair and
 * verify the members identical ({@link Recovery}).
 *
 * <p>The default run checks {@value #DEFAULT_STATES} states; {@code -Dtagmirror.intent.states=520} the
 * full run. How the threads interleave is not seeded: a failure prints the run seed, the cut and the
 * state seed, and where the cut fell.
 */
class IntentPowerCutTest {
    private static final int BS = CrashChild.BS;
    private static final int EXTENT_BLOCKS = 8;
    private static final int SET_EXTENTS = 4;
    private static final int VOLUME_BLOCKS = 160;
    private static final int STATES_PER_RUN = 40;
    private static final int DEFAULT_STATES = 160;
    private static final int WRITERS = 2;

    @TempDir
    Path tmp;

    /** The kinds of run, in turn. */
    private enum Workload {
        INSIDE(3), BEYOND(16), INSIDE_WITH_OUTAGE(3), BEYOND_WITH_OUTAGE_AND_REPAIR(16), BEYOND_WITH_REPAIR(16);

        final int workingExtents;

        Workload(int workingExtents) {
            this.workingExtents = workingExtents;
        }

        boolean outage() {
            return this == INSIDE_WITH_OUTAGE || this == BEYOND_WITH_OUTAGE_AND_REPAIR;
        }

        boolean repair() {
            return this == BEYOND_WITH_OUTAGE_AND_REPAIR || this == BEYOND_WITH_REPAIR;
        }
    }

    @Test
    void everyPowerCutStateKeepsTheInvariantsWithIntentExtents() throws Exception {
        int states = Integer.getInteger("tagmirror.intent.states", DEFAULT_STATES);
        int runs = Math.max(Workload.values().length, (states + STATES_PER_RUN - 1) / STATES_PER_RUN);
        long base = Reliability.baseSeed(74_000);
        PowerCutSimulator.Plan plan = new PowerCutSimulator.Plan("power cut with intent extents", base, runs,
                PowerCutSimulator.Cuts.oneStateEach(STATES_PER_RUN, Reliability::random),
                seed -> "-Dtagmirror.reliability.seed=" + seed + "; workload " + workload((int) (seed - base)));
        PowerCutSimulator.Tally t = PowerCutSimulator.checkEveryState(plan,
                (k, seed) -> record(tmp.resolve("run-" + k), seed, workload(k), k % 4 == 3 ? 3 : 2),
                (run, state) -> run.check(state, tmp));
        long needingIntents = t.count(o -> o.intentOnlyBlocks() > 0);
        System.out.printf("power cut, power-safe with intent extents: %d states from %d runs, all invariants held;"
                + " %d states needed the intent extents (%d differing blocks no durable entry named);"
                + " %d divergent blocks, %d blocks copied (%d of them for intent extents), %d intent-extent blocks"
                + " compared beside the entries%n", t.states(), runs, needingIntents,
                t.sum(Recovery.Outcome::intentOnlyBlocks), t.sum(Recovery.Outcome::divergentBlocks),
                t.sum(Recovery.Outcome::copiedBlocks), t.sum(Recovery.Outcome::intentBlocksCopied),
                t.sum(Recovery.Outcome::intentBlocksCompared));
        assertThat(t.states()).isEqualTo((long) runs * STATES_PER_RUN);
        assertThat(needingIntents)
                .as("some cut must keep data whose entry it lost, or the intent sets were never tested").isPositive();
    }

    /** The kind of run {@code k} of the test: each kind in turn. */
    private static Workload workload(int k) {
        return Workload.values()[k % Workload.values().length];
    }

    private static RecordedMirror record(Path root, long seed, Workload workload, int deviceCount) throws Exception {
        RecordedMirror run = RecordedMirror.start(root, deviceCount, CrashChild.MIRROR, (long) VOLUME_BLOCKS * BS,
                DurabilityMode.POWER_SAFE, new IntentExtents((long) EXTENT_BLOCKS * BS, SET_EXTENTS), seed);
        RecordingIo io = run.io();
        try (run; Mirror mirror = Mirror.open(run.definition(), run.devices(), DurabilityMode.POWER_SAFE)) {
            CountDownLatch[] reached = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
            Map<String, PowerCutSimulator.Task> tasks = new LinkedHashMap<>();
            for (int t = 0; t < WRITERS; t++) {
                int stream = t;
                tasks.put("intent-writer-" + t, () -> write(mirror, io, seed, stream, workload, stream == 0 ? reached : null));
            }
            tasks.put("intent-control", () -> control(mirror, io, run.devices().get(1), workload, reached));
            PowerCutSimulator.runTogether(tasks);
        }
        return run;
    }

    /** Writer 0's progress releases the outage, the return and the repair at fixed points of its stream. */
    private static void write(Mirror mirror, RecordingIo io, long seed, int stream, Workload workload,
                              CountDownLatch[] reached) throws IOException {
        TagGenerator g = mirror.generator(1 + stream);
        Random r = Reliability.random(seed * 31 + stream);
        // Each writer has its half of the working set ({@link WriteLog} tells flushed writes apart per
        // stream, so streams must not overwrite each other); the halves share the extent between them.
        int half = workload.workingExtents * EXTENT_BLOCKS / WRITERS;
        long regionStart = (long) stream * half * BS;
        for (int i = 0; i < 48; i++) {
            if (reached != null && (i == 12 || i == 26 || i == 34)) {
                reached[i == 12 ? 0 : i == 26 ? 1 : 2].countDown();
            }
            long[] p = CrashChild.placement(r, regionStart, half);
            io.mark("W " + stream + " " + i + " " + p[0] + " " + p[1]);
            mirror.write(g, p[0], CrashChild.data(seed, stream, i, (int) p[1]));
            if (r.nextInt(7) == 0) {
                mirror.flush();
                io.mark("F " + stream + " " + i);
            }
        }
    }

    /** The outage of one member and the repair in flight, as the run's workload asks. */
    private static void control(Mirror mirror, RecordingIo io, DirectoryDevice away, Workload workload,
                                CountDownLatch[] reached) throws Exception {
        if (workload.outage()) {
            reached[0].await();
            io.mark("offline");
            mirror.takeOffline(away.uuid(), "test outage");
            reached[1].await();
            mirror.bringOnline(away.uuid());
            io.mark("online");
        }
        if (workload.repair()) {
            reached[2].await();
            io.mark("repair");
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
            io.mark("repaired");
        }
    }
}
