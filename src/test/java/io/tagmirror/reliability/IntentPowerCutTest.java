package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut simulator on power-safe writes with intent extents (DESIGN §3, "Power-safe without a
 * sync per write"): entries are appended without a sync, so a cut can keep a write's data and lose its
 * entry; the intent sets must cover it. Each run is one of the {@link IntentWorkload}s (a small intent
 * set under a working set inside it or four times beyond it, with flushes, and by run an outage of one
 * member and a compare and repair while the writers go on). Then, at seeded cut points, the state a disk
 * may hold is rebuilt ({@link RecordingIo}: the intent slots are a file written through it, torn like any
 * other) and checked: invariant 1 in its new form (every block that differs is named by a durable entry
 * or in a durable intent extent), no write acknowledged before a completed flush lost, and after repair
 * and verify the members identical ({@link Recovery}).
 *
 * <p>The default run checks {@value #DEFAULT_STATES} states; {@code -Dtagmirror.intent.states=520} the
 * full run. How the threads interleave is not seeded: a failure prints the run seed, the cut and the
 * state seed, and where the cut fell.
 */
class IntentPowerCutTest {
    private static final int STATES_PER_RUN = 40;
    private static final int DEFAULT_STATES = 160;

    @TempDir
    Path tmp;

    @Test
    void everyPowerCutStateKeepsTheInvariantsWithIntentExtents() throws Exception {
        int states = Integer.getInteger("tagmirror.intent.states", DEFAULT_STATES);
        int runs = Math.max(IntentWorkload.values().length, (states + STATES_PER_RUN - 1) / STATES_PER_RUN);
        long base = Reliability.baseSeed(74_000);
        PowerCutSimulator.Plan plan = new PowerCutSimulator.Plan("power cut with intent extents", base, runs,
                PowerCutSimulator.Cuts.oneStateEach(STATES_PER_RUN, Reliability::random),
                seed -> "-Dtagmirror.reliability.seed=" + seed + "; workload " + IntentWorkload.of((int) (seed - base)));
        PowerCutSimulator.Tally t = PowerCutSimulator.checkEveryState(plan,
                (k, seed) -> IntentWorkload.of(k).record(tmp.resolve("run-" + k), seed,
                        k % 4 == 3 ? List.of("dev0", "dev1", "dev2") : List.of("dev0", "dev1"), Reliability::random, "intent"),
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
}
