package io.tagmirror.reliability;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.block.BlockDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The power-cut simulator's loop, the same for every power-cut test whatever records its runs (a
 * {@link RecordingIo} under directory devices, a recording channel under block devices): runs recorded
 * one by one from consecutive seeds, the cut points and state seeds of each drawn from its seed, every
 * state rebuilt and checked (usually by {@link Recovery}), and a failure named by the run seed, the cut
 * and the state seed that replay it.
 *
 * <p>Public for the power-cut tests of device kinds whose test seams live in their own packages.
 */
public final class PowerCutSimulator {
    private PowerCutSimulator() {
    }

    /** A recorded run as the simulator cuts it. */
    public interface Recording {
        /** How many events its log holds: a cut falls at 0 (nothing happened) to this (everything did). */
        int events();

        /** Where a cut falls, in words for a failure message (after which writer's mark); null says nothing. */
        default String where(int cut) {
            return null;
        }

        /** Removes what the run left on disk, once its states are checked. */
        default void discard() throws IOException {
        }
    }

    /** Records run {@code run} of a test from {@code seed}. */
    @FunctionalInterface
    public interface Recorder<R extends Recording> {
        R record(int run, long seed) throws Exception;
    }

    /** Rebuilds one state a cut of a run may leave on disk and checks it. */
    @FunctionalInterface
    public interface StateCheck<R extends Recording> {
        Recovery.Outcome check(R run, State state) throws Exception;
    }

    /**
     * One state a power cut may leave: the cut point in the run's log, the seed of what the cut keeps of
     * the tag tables (states of one cut share it, and so their tables) and of what it keeps of the data.
     */
    public record State(int cut, long tablesSeed, long seed) {
    }

    /**
     * How the states of a run are drawn from its seed, through {@code random}: {@code perRun} cuts,
     * each a cut point and a seed, then {@code statesPerCut} states of that cut. With
     * {@code tablesApart} the cut's seed is its tables' alone and every state draws its own; without it
     * (one state per cut) the state uses the cut's seed for both.
     */
    public record Cuts(int perRun, int statesPerCut, boolean tablesApart, LongFunction<Random> random) {
        public Cuts {
            if (statesPerCut < 1 || statesPerCut > 1 && !tablesApart) {
                throw new IllegalArgumentException("the states of one cut need seeds of their own: tablesApart");
            }
        }

        /** One state per cut point, its tables and data drawn from one seed. */
        public static Cuts oneStateEach(int perRun, LongFunction<Random> random) {
            return new Cuts(perRun, 1, false, random);
        }

        /** States of a run, in the order they are drawn. */
        public List<State> of(Recording run, long seed) {
            Random r = random.apply(seed);
            List<State> states = new ArrayList<>();
            for (int c = 0; c < perRun; c++) {
                int cut = r.nextInt(run.events() + 1);
                long cutSeed = r.nextLong();
                for (int s = 0; s < statesPerCut; s++) {
                    states.add(new State(cut, cutSeed, tablesApart ? r.nextLong() : cutSeed));
                }
            }
            return states;
        }
    }

    /**
     * A test's plan: its {@code name} in failure messages, {@code runs} runs from consecutive seeds
     * from {@code baseSeed}, their states drawn as {@code cuts} says, and {@code replay} the options that
     * replay a run seed.
     */
    public record Plan(String name, long baseSeed, int runs, Cuts cuts, LongFunction<String> replay) {
    }

    /**
     * Opens the block device of a rebuilt state. A power cut can leave a page of the tag log's unsynced
     * tail on the disk without the page before it (writeback and a disk's cache keep no order between
     * syncs): the log ends there as at a torn tail, and a refusal as damaged fails the state, since the
     * simulator damages no synced byte.
     */
    public static Device openImage(Path image) throws IOException {
        return BlockDevice.open(image, false);
    }

    /** What the states of a test found: one outcome per state checked. */
    public record Tally(List<Recovery.Outcome> outcomes) {
        /** States checked. */
        public long states() {
            return outcomes.size();
        }

        /** A figure of the outcomes, summed over the states. */
        public long sum(ToLongFunction<Recovery.Outcome> figure) {
            return outcomes.stream().mapToLong(figure).sum();
        }

        /** How many states' outcomes show {@code what}. */
        public long count(Predicate<Recovery.Outcome> what) {
            return outcomes.stream().filter(what).count();
        }
    }

    /**
     * Records the plan's runs and checks every state of each; a state that fails ends the test with
     * its run seed, cut and state seed. Each run is discarded once checked.
     */
    public static <R extends Recording> Tally checkEveryState(Plan plan, Recorder<R> recorder, StateCheck<R> check)
            throws Exception {
        List<Recovery.Outcome> outcomes = new ArrayList<>();
        for (int k = 0; k < plan.runs(); k++) {
            long seed = plan.baseSeed() + k;
            R run = recorder.record(k, seed);
            for (State state : plan.cuts().of(run, seed)) {
                try {
                    outcomes.add(check.check(run, state));
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(plan.name() + " failed: " + replay(plan, run, seed, state) + ": "
                            + e.getMessage(), e);
                }
            }
            run.discard();
        }
        return new Tally(outcomes);
    }

    /** The words that find a state again: its run seed (and how to replay it), cut and state seed. */
    public static String replay(Plan plan, Recording run, long seed, State state) {
        String where = run.where(state.cut());
        return "run seed " + seed + " (replay with " + plan.replay().apply(seed) + "), cut " + state.cut() + " of "
                + run.events() + (where == null ? "" : " (" + where + ")") + ", state seed " + state.seed();
    }

    /** What one thread of a run's workload does. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    /**
     * Runs each task on a thread of its name, all at once, and waits for them: the workload of a run.
     * The first failure fails the run once every thread has ended.
     */
    public static void runTogether(Map<String, Task> tasks) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        tasks.forEach((name, task) -> threads.add(new Thread(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, name)));
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("the workload failed: " + failures.get(0), failures.get(0));
        }
    }

    /** Empties {@code dir} (making it if need be), for the next state's files. */
    public static Path emptyDirectory(Path dir) throws IOException {
        Reliability.deleteTree(dir);
        return java.nio.file.Files.createDirectories(dir);
    }
}
