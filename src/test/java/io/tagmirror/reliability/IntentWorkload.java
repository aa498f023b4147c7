package io.tagmirror.reliability;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongFunction;

/**
 * The runs of the power-cut tests with intent extents: a small intent set (4 extents of 8 blocks) under
 * a working set inside it (3 extents) or four times beyond it (16), two writers with flushes, and by
 * kind an outage of one member (its writes missed, flushes while it is away, its return) and a compare
 * and repair while the writers go on. Each kind comes in turn, run after run.
 */
enum IntentWorkload {
    INSIDE(3), BEYOND(16), INSIDE_WITH_OUTAGE(3), BEYOND_WITH_OUTAGE_AND_REPAIR(16), BEYOND_WITH_REPAIR(16);

    static final int EXTENT_BLOCKS = 8;
    static final int SET_EXTENTS = 4;
    static final int VOLUME_BLOCKS = 160;
    static final int WRITERS = 2;
    private static final int WRITES = 48;

    private final int workingExtents;

    IntentWorkload(int workingExtents) {
        this.workingExtents = workingExtents;
    }

    /** The kind of run {@code k} of a test: each kind in turn. */
    static IntentWorkload of(int k) {
        return values()[k % values().length];
    }

    /** The intent set the mirror is made with. */
    static IntentExtents intents() {
        return new IntentExtents((long) EXTENT_BLOCKS * CrashChild.BS, SET_EXTENTS);
    }

    boolean outage() {
        return this == INSIDE_WITH_OUTAGE || this == BEYOND_WITH_OUTAGE_AND_REPAIR;
    }

    boolean repair() {
        return this == BEYOND_WITH_OUTAGE_AND_REPAIR || this == BEYOND_WITH_REPAIR;
    }

    /**
     * Records a run of this kind from {@code seed} under {@code root}: a mirror of {@code members} (as
     * {@link RecordedMirror#start} names them) made with this intent set, written as {@link #run} says,
     * the second member the one an outage takes away.
     */
    RecordedMirror record(Path root, long seed, List<String> members, LongFunction<Random> random, String threads)
            throws Exception {
        RecordedMirror recorded = RecordedMirror.start(root, members, CrashChild.MIRROR,
                (long) VOLUME_BLOCKS * CrashChild.BS, DurabilityMode.POWER_SAFE, intents(), seed);
        try (recorded; Mirror mirror = Mirror.open(recorded.definition(), recorded.devices(), DurabilityMode.POWER_SAFE)) {
            run(mirror, recorded.io(), seed, recorded.devices().get(1), random, threads);
        }
        return recorded;
    }

    /**
     * Runs this kind on {@code mirror}, marking in {@code io} what it does: the writers draw from
     * {@code random} of the run's seed, and an outage takes {@code away}. Threads are named from
     * {@code threads}.
     */
    private void run(Mirror mirror, RecordingIo io, long seed, Device away, LongFunction<Random> random, String threads)
            throws InterruptedException {
        CountDownLatch[] reached = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
        Map<String, PowerCutSimulator.Task> tasks = new LinkedHashMap<>();
        for (int t = 0; t < WRITERS; t++) {
            int stream = t;
            Random r = random.apply(seed * 31 + stream);
            tasks.put(threads + "-writer-" + t, () -> write(mirror, io, seed, stream, r, stream == 0 ? reached : null));
        }
        tasks.put(threads + "-control", () -> control(mirror, io, away, reached));
        PowerCutSimulator.runTogether(tasks);
    }

    /** Writer 0's progress releases the outage, the return and the repair at fixed points of its stream. */
    private void write(Mirror mirror, RecordingIo io, long seed, int stream, Random r, CountDownLatch[] reached)
            throws IOException {
        TagGenerator g = mirror.generator(1 + stream);
        // Each writer has its half of the working set ({@link WriteLog} tells flushed writes apart per
        // stream, so streams must not overwrite each other); the halves share the extent between them.
        int half = workingExtents * EXTENT_BLOCKS / WRITERS;
        long regionStart = (long) stream * half * CrashChild.BS;
        for (int i = 0; i < WRITES; i++) {
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

    /** The outage of one member and the repair in flight, as the kind asks. */
    private void control(Mirror mirror, RecordingIo io, Device away, CountDownLatch[] reached) throws Exception {
        if (outage()) {
            reached[0].await();
            io.mark("offline");
            mirror.takeOffline(away.uuid(), "test outage");
            reached[1].await();
            mirror.bringOnline(away.uuid());
            io.mark("online");
        }
        if (repair()) {
            reached[2].await();
            io.mark("repair");
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
            io.mark("repaired");
        }
    }
}
