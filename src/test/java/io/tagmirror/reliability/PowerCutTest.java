package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
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

    /** One recorded run: its template (the devices before it), its log, and the writers' marks. */
    private record Run(Path template, List<String> devices, RecordingIo io, DurabilityMode mode, long seed,
                       Map<WriteLog.Write, byte[]> data) {
        byte[] dataOf(WriteLog.Write w) {
            return data.computeIfAbsent(w, x -> CrashChild.data(seed, x.stream(), x.index(), x.length()).array());
        }
    }

    @Test
    void powerSafeModeKeepsEveryInvariantInEveryCrashState() throws Exception {
        int runs = Reliability.cases(10, 100);
        int statesPerRun = 52;
        long base = Reliability.baseSeed(71_000);
        long[] totals = new long[4];
        for (int k = 0; k < runs; k++) {
            long seed = base + k;
            Run run = record(tmp.resolve("run-" + k), seed, DurabilityMode.POWER_SAFE, k % 3 == 2 ? 3 : 2);
            Random r = Reliability.random(seed);
            for (int s = 0; s < statesPerRun; s += SUBSETS_PER_CUT) {
                int cut = r.nextInt(run.io().size() + 1);
                long tableSeed = r.nextLong();
                Path tables = tables(run, cut, new Random(tableSeed), tmp.resolve("tables"));
                for (int subset = 0; subset < SUBSETS_PER_CUT; subset++) {
                    long stateSeed = r.nextLong();
                    try {
                        Recovery.Outcome o = checkState(run, cut, tables, stateSeed, tmp.resolve("state"));
                        totals[0]++;
                        totals[1] += o.entries();
                        totals[2] += o.divergentBlocks();
                        totals[3] += o.copiedBlocks();
                    } catch (AssertionError | Exception e) {
                        throw new AssertionError("power-safe crash state failed: run seed " + seed + " (replay with"
                                + " -Dtagmirror.reliability.seed=" + seed + " -Dtagmirror.reliability.cases=1), cut " + cut
                                + " of " + run.io().size() + " (" + describe(run, cut) + "), state seed " + stateSeed + ": "
                                + e.getMessage(), e);
                    }
                }
            }
            Reliability.deleteTree(tmp.resolve("run-" + k));
        }
        System.out.printf("power cut, power-safe: %d crash states from %d runs, all invariants held; %d entries,"
                + " %d divergent blocks found and %d blocks copied in all%n", totals[0], runs, totals[1], totals[2], totals[3]);
        assertThat(totals[0]).isGreaterThanOrEqualTo(Math.min(500, (long) runs * statesPerRun));
    }

    @Test
    void crashSafeModeCanLoseTheEntryOfADataWriteThatSurvivedThePowerCut() throws Exception {
        long base = Reliability.baseSeed(72_000);
        int violations = 0;
        int tried = 0;
        String example = null;
        for (int k = 0; tried < 60 || violations == 0 && k < 6; k++) {
            long seed = base + k;
            Run run = record(tmp.resolve("crash-safe-" + k), seed, DurabilityMode.CRASH_SAFE, 2);
            Random r = Reliability.random(seed);
            for (int s = 0; s < 30; s++) {
                int cut = r.nextInt(run.io().size() + 1);
                tried++;
                try {
                    Path tables = tables(run, cut, new Random(r.nextLong()), tmp.resolve("tables"));
                    checkState(run, cut, tables, r.nextLong(), tmp.resolve("state"));
                } catch (AssertionError e) {
                    if (e.getMessage() != null && e.getMessage().contains("invariant")) {
                        violations++;
                        example = example == null ? "seed " + seed + ", cut " + cut + ": " + e.getMessage() : example;
                    } else {
                        throw e;
                    }
                }
            }
            Reliability.deleteTree(tmp.resolve("crash-safe-" + k));
        }
        System.out.printf("power cut, crash-safe: %d of %d crash states broke an invariant, e.g. %s%n", violations, tried,
                example);
        assertThat(violations).as("crash-safe mode does not survive power loss, and the model must show it").isPositive();
    }

    @Test
    void aPowerCutAfterARepairOfUnflushedWritesKeepsEveryInvariant() throws Exception {
        long seed = Reliability.baseSeed(73_000);
        Run run = record(tmp.resolve("repair"), seed, DurabilityMode.POWER_SAFE, 2, true);
        Random r = Reliability.random(seed);
        int states = 0;
        for (int s = 0; s < 120; s++) {
            int cut = r.nextInt(run.io().size() + 1);
            long stateSeed = r.nextLong();
            Path tables = tables(run, cut, new Random(stateSeed), tmp.resolve("tables"));
            try {
                checkState(run, cut, tables, stateSeed, tmp.resolve("state"));
                states++;
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", cut " + cut + " of " + run.io().size() + " (" + describe(run, cut)
                        + "), state seed " + stateSeed + ": " + e.getMessage(), e);
            }
        }
        assertThat(states).isEqualTo(120);
    }

    /** Where a cut falls: after which writers' marks and table commits. */
    private static String describe(Run run, int cut) {
        List<RecordingIo.Event> events = run.io().events();
        String lastMark = "start";
        int commits = 0;
        for (RecordingIo.Event e : events.subList(0, cut)) {
            if (e instanceof RecordingIo.Mark m) {
                lastMark = m.text();
                commits = 0;
            } else if (e instanceof RecordingIo.Commit) {
                commits++;
            }
        }
        return "after mark '" + lastMark + "' and " + commits + " commits";
    }

    /** Runs the workload over a recording layer, from a template kept aside. */
    private Run record(Path root, long seed, DurabilityMode mode, int deviceCount) throws Exception {
        return record(root, seed, mode, deviceCount, false);
    }

    /**
     * As {@link #record(Path, long, DurabilityMode, int)}; with {@code repairMidway} one writer writes
     * without flushing, a compare + repair runs, and the writer goes on.
     */
    private Run record(Path root, long seed, DurabilityMode mode, int deviceCount, boolean repairMidway) throws Exception {
        Path template = root.resolve("template");
        Files.createDirectories(template);
        List<DirectoryDevice> devices = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            devices.add(DirectoryDevice.format(template.resolve("dev" + i), BS));
            names.add("dev" + i);
        }
        Mirror.create(CrashChild.MIRROR, (long) THREADS * REGION_BLOCKS * BS, devices, mode).close();
        for (DirectoryDevice d : devices) {
            d.close();
        }
        Path live = root.resolve("live");
        Reliability.copyTree(template, live);
        RecordingIo io = new RecordingIo(live);
        devices.clear();
        for (String n : names) {
            devices.add(DirectoryDevice.open(live.resolve(n), false, io, io.tableRecorder(n)));
        }
        MirrorDefinition def = devices.get(0).descriptor().mirror(CrashChild.MIRROR).orElseThrow();
        try (Mirror mirror = Mirror.open(def, devices, mode)) {
            if (repairMidway) {
                writeUnflushedThenRepair(mirror, io, seed);
                return new Run(template, names, io, mode, seed, new ConcurrentHashMap<>());
            }
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread th = new Thread(() -> {
                    try {
                        write(mirror, io, seed, thread);
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "power-cut-writer-" + t);
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("a writer failed", failures.get(0));
            }
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
        return new Run(template, names, io, mode, seed, new ConcurrentHashMap<>());
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

    /**
     * The tag tables the devices hold after a cut at {@code cut}: built once on a copy of the template
     * and kept as {@code <dir>/<device>/tags.log}, since a state's repair changes them.
     */
    private static Path tables(Run run, int cut, Random r, Path dir) throws IOException {
        Reliability.deleteTree(dir);
        for (String device : run.devices()) {
            Path d = dir.resolve(device);
            Files.createDirectories(d.resolve("objects"));
            Files.copy(run.template().resolve(device).resolve("device.json"), d.resolve("device.json"));
            Files.copy(run.template().resolve(device).resolve("tags.log"), d.resolve("tags.log"));
            List<List<TagEntry>> batches = run.io().tableAt(device, cut, r);
            if (batches != null && !batches.isEmpty()) {
                try (DirectoryDevice open = DirectoryDevice.open(d, false, ObjectIo.SYSTEM, UnaryOperator.identity())) {
                    open.setDurability(DurabilityMode.CRASH_SAFE); // building the state, not testing it
                    for (List<TagEntry> batch : batches) {
                        open.tagTable().append(batch, run.io().blockChecksums(batch)); // as the device kept them
                    }
                }
            }
        }
        return dir;
    }

    /** Rebuilds the state after a cut on real directories and checks the invariants on it. */
    private Recovery.Outcome checkState(Run run, int cut, Path tables, long stateSeed, Path state) throws IOException {
        Reliability.deleteTree(state);
        for (String device : run.devices()) {
            Path d = state.resolve(device);
            Files.createDirectories(d.resolve("objects"));
            Files.copy(tables.resolve(device).resolve("device.json"), d.resolve("device.json"));
            Files.copy(tables.resolve(device).resolve("tags.log"), d.resolve("tags.log"));
        }
        Random r = new Random(stateSeed);
        double keep = new double[] {0, 0.25, 0.5, 0.75, 1}[r.nextInt(5)];
        for (String file : run.io().files()) {
            Files.write(state.resolve(file), run.io().objectAt(file, cut, r, keep));
        }
        WriteLog log = new WriteLog();
        for (RecordingIo.Event e : run.io().events().subList(0, cut)) {
            if (e instanceof RecordingIo.Mark m) {
                String[] f = m.text().split(" ");
                if (f[0].equals("W")) {
                    log.issued(new WriteLog.Write(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Integer.parseInt(f[4])));
                } else if (f[0].equals("F")) {
                    log.flushed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                }
            }
        }
        List<Path> dirs = run.devices().stream().map(state::resolve).toList();
        return Recovery.check(dirs, CrashChild.MIRROR, run.mode(), image -> log.checkNoFlushedWriteLost(image,
                run::dataOf, "power cut"));
    }

}
