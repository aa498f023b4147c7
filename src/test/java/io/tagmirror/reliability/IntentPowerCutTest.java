package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
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
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
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

    private record Run(Path template, List<String> devices, RecordingIo io, long seed, Map<WriteLog.Write, byte[]> data) {
        byte[] dataOf(WriteLog.Write w) {
            return data.computeIfAbsent(w, x -> CrashChild.data(seed, x.stream(), x.index(), x.length()).array());
        }
    }

    @Test
    void everyPowerCutStateKeepsTheInvariantsWithIntentExtents() throws Exception {
        int states = Integer.getInteger("tagmirror.intent.states", DEFAULT_STATES);
        int runs = Math.max(Workload.values().length, (states + STATES_PER_RUN - 1) / STATES_PER_RUN);
        long base = Reliability.baseSeed(74_000);
        long checked = 0;
        long needingIntents = 0;
        long intentOnlyBlocks = 0;
        long intentBlocksCompared = 0;
        long intentBlocksCopied = 0;
        long copied = 0;
        long divergent = 0;
        for (int k = 0; k < runs; k++) {
            long seed = base + k;
            Workload workload = Workload.values()[k % Workload.values().length];
            Run run = record(tmp.resolve("run-" + k), seed, workload, k % 4 == 3 ? 3 : 2);
            Random r = Reliability.random(seed);
            for (int s = 0; s < STATES_PER_RUN; s++) {
                int cut = r.nextInt(run.io().size() + 1);
                long stateSeed = r.nextLong();
                try {
                    Path tables = tables(run, cut, new Random(stateSeed), tmp.resolve("tables"));
                    Recovery.Outcome o = checkState(run, cut, tables, stateSeed, tmp.resolve("state"));
                    checked++;
                    divergent += o.divergentBlocks();
                    copied += o.copiedBlocks();
                    intentOnlyBlocks += o.intentOnlyBlocks();
                    intentBlocksCompared += o.intentBlocksCompared();
                    intentBlocksCopied += o.intentBlocksCopied();
                    if (o.intentOnlyBlocks() > 0) {
                        needingIntents++;
                    }
                } catch (AssertionError | Exception e) {
                    throw new AssertionError("power cut with intent extents failed (" + workload + "): run seed " + seed
                            + " (replay with -Dtagmirror.reliability.seed=" + seed + "), cut " + cut + " of "
                            + run.io().size() + " (" + describe(run, cut) + "), state seed " + stateSeed + ": "
                            + e.getMessage(), e);
                }
            }
            Reliability.deleteTree(tmp.resolve("run-" + k));
        }
        System.out.printf("power cut, power-safe with intent extents: %d states from %d runs, all invariants held;"
                + " %d states needed the intent extents (%d differing blocks no durable entry named);"
                + " %d divergent blocks, %d blocks copied (%d of them for intent extents), %d intent-extent blocks"
                + " compared beside the entries%n", checked, runs, needingIntents, intentOnlyBlocks, divergent, copied,
                intentBlocksCopied, intentBlocksCompared);
        assertThat(checked).isEqualTo((long) runs * STATES_PER_RUN);
        assertThat(needingIntents).as("some cut must keep data whose entry it lost, or the intent sets were never tested")
                .isPositive();
    }

    private static String describe(Run run, int cut) {
        String lastMark = "start";
        int commits = 0;
        for (RecordingIo.Event e : run.io().events().subList(0, cut)) {
            if (e instanceof RecordingIo.Mark m) {
                lastMark = m.text();
                commits = 0;
            } else if (e instanceof RecordingIo.Commit) {
                commits++;
            }
        }
        return "after mark '" + lastMark + "' and " + commits + " commits";
    }

    private Run record(Path root, long seed, Workload workload, int deviceCount) throws Exception {
        Path template = root.resolve("template");
        Files.createDirectories(template);
        List<DirectoryDevice> devices = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            devices.add(DirectoryDevice.format(template.resolve("dev" + i), BS));
            names.add("dev" + i);
        }
        Mirror.create(CrashChild.MIRROR, (long) VOLUME_BLOCKS * BS, devices, DurabilityMode.POWER_SAFE,
                new IntentExtents((long) EXTENT_BLOCKS * BS, SET_EXTENTS)).close();
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
        try (Mirror mirror = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
            CountDownLatch[] reached = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
            List<Throwable> failures = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                int stream = t;
                threads.add(new Thread(() -> {
                    try {
                        write(mirror, io, seed, stream, workload, stream == 0 ? reached : null);
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "intent-writer-" + t));
            }
            threads.add(new Thread(() -> {
                try {
                    control(mirror, io, devices.get(1), workload, reached);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "intent-control"));
            for (Thread th : threads) {
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("the workload failed", failures.get(0));
            }
        } finally {
            for (DirectoryDevice d : devices) {
                d.close();
            }
        }
        return new Run(template, names, io, seed, new ConcurrentHashMap<>());
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

    /** The tag tables after a cut, built once per cut on copies of the template (as {@link PowerCutTest} does). */
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
                    open.setDurability(DurabilityMode.CRASH_SAFE);
                    for (List<TagEntry> batch : batches) {
                        open.tagTable().append(batch, run.io().blockChecksums(batch)); // as the device kept them
                    }
                    open.tagTable().sync();
                }
            }
        }
        return dir;
    }

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
        return Recovery.check(dirs, CrashChild.MIRROR, DurabilityMode.POWER_SAFE,
                image -> log.checkNoFlushedWriteLost(image, run::dataOf, "power cut"));
    }
}
