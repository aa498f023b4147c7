package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut simulator on mixed mirrors: an image file (a block device, its superblocks, intent ring
 * and tag log inside it) beside a directory device, each run one of the {@link IntentWorkload}s (a small
 * intent set under a working set inside it or four times beyond it, with flushes, and by run an outage
 * of one member, the image or the directory in turn, and a compare and repair while the writers go on).
 * Everything both members see goes into one ordered log ({@link RecordingIo}: the image's writes and
 * syncs through {@link RecordingIo#image}, the directory's object and intent files, its tag table's
 * commits). At seeded cuts the state each member may hold is rebuilt (the image's pages written since
 * its last sync each in one of the versions it went through, as writeback leaves them) and checked
 * ({@link Recovery}): invariant 1 in its power-safe form (every block that differs is named by a durable
 * entry or lies in a durable intent extent of either member), the repair copies nothing else, the
 * members verify identical after it, and no write acknowledged before a flush that returned before the
 * cut is lost.
 *
 * <p>The pages of a tag log written since its last sync reach the disk in any subset: an image whose
 * log lost one page and kept a later one opens with the tail cut off ({@link PowerCutSimulator#openImage}).
 *
 * <p>{@value #DEFAULT_STATES} states by default, {@code -Dtagmirror.mixedcut.states=N} for more. How
 * the threads interleave is not seeded: a failure prints the run seed, the cut and the state seed.
 */
class MixedPowerCutTest {
    private static final int STATES_PER_RUN = 40;
    private static final int DEFAULT_STATES = 200;
    private static final String IMAGE = "image.img";
    private static final String DIRECTORY = "dir";

    @TempDir
    Path tmp;

    @Test
    void everyPowerCutStateOfAMirrorOfAnImageFileAndADirectoryKeepsTheInvariants() throws Exception {
        int states = Integer.getInteger("tagmirror.mixedcut.states", DEFAULT_STATES);
        int runs = Math.max(IntentWorkload.values().length, (states + STATES_PER_RUN - 1) / STATES_PER_RUN);
        long base = Long.getLong("tagmirror.mixedcut.seed", 20261205L);
        PowerCutSimulator.Plan plan = new PowerCutSimulator.Plan("power cut of a mixed mirror", base, runs,
                PowerCutSimulator.Cuts.oneStateEach(STATES_PER_RUN, Random::new),
                seed -> "-Dtagmirror.mixedcut.seed=" + seed + "; workload " + IntentWorkload.of((int) (seed - base))
                        + " on " + members((int) (seed - base)) + ", the second away in an outage");
        PowerCutSimulator.Tally t = PowerCutSimulator.checkEveryState(plan,
                (k, seed) -> IntentWorkload.of(k).record(tmp.resolve("run-" + k), seed, members(k), Random::new,
                        "mixed-cut"),
                (run, state) -> run.check(state, tmp));
        long needingIntents = t.count(o -> o.intentOnlyBlocks() > 0);
        System.out.printf("power cut of mixed mirrors (an image file and a directory), power-safe with intent"
                + " extents: %d states from %d runs, all invariants held in %d; %d states needed the intent extents (%d"
                + " differing blocks no durable entry named); %d divergent blocks, %d blocks copied (%d of them for"
                + " intent extents), %d intent-extent blocks compared beside the entries%n", t.states(), runs,
                t.states(), needingIntents, t.sum(Recovery.Outcome::intentOnlyBlocks),
                t.sum(Recovery.Outcome::divergentBlocks), t.sum(Recovery.Outcome::copiedBlocks),
                t.sum(Recovery.Outcome::intentBlocksCopied), t.sum(Recovery.Outcome::intentBlocksCompared));
        assertThat(t.states()).isEqualTo((long) runs * STATES_PER_RUN);
        assertThat(needingIntents).as("some cut must keep data whose entry it lost, or the intent sets were never tested")
                .isPositive();
    }

    /** The image first in even runs, so an outage takes the directory away; the directory first in odd ones. */
    private static List<String> members(int k) {
        return k % 2 == 0 ? List.of(IMAGE, DIRECTORY) : List.of(DIRECTORY, IMAGE);
    }
}
