package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.reliability.PowerCutSimulator;
import io.tagmirror.reliability.Recovery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut simulator on a mirror of two image files (block devices), power-safe with a small intent
 * set. Every write and fdatasync each device's channel sees goes into one ordered log ({@link
 * RecordingChannel}); a cut at a point of that log keeps, per device, every write its last completed
 * sync covered, plus a seeded random subset of the 4 KiB pages written since, in a seeded order (a disk
 * keeps such subsets). The images so rebuilt are checked as every power-cut state is ({@link Recovery}):
 * every block that differs is named by a durable entry or lies in a durable intent extent, the repair
 * copies nothing else, the members verify identical after it, and no write acknowledged before a flush
 * that returned before the cut is lost. An image whose tag log lost an unsynced page and kept a later
 * one must open with that tail cut off ({@link PowerCutSimulator#openImage}).
 *
 * <p>{@value #DEFAULT_STATES} states by default; {@code -Dtagmirror.blockcut.states=N} for more. A
 * failure names the run seed, the cut and the state seed.
 */
class BlockPowerCutTest {
    private static final int BS = 4096;
    private static final int WRITERS = 2;
    /** Blocks each writer owns, so the log tells which data each block may hold. */
    private static final int REGION_BLOCKS = 48;
    private static final int WRITES_PER_WRITER = 120;
    /**
     * Writes per writer when the outage must fill the small log several times over: about 1,600 entries
     * over the 96 blocks while the member is away or back and not yet repaired (nothing is trimmed
     * then), twice what a log half holds, so the mirror deletes superseded entries to keep naming them.
     */
    private static final int COMPACTING_WRITES_PER_WRITER = 1200;
    private static final long IMAGE = 4L << 20;
    private static final int STATES_PER_RUN = 20;
    /** A writer flushes after one write in this many: often enough that the small logs never fill. */
    private static final int OFTEN_FLUSH = 8;
    /** So rarely that the logs fill and the mirror makes room in them itself. */
    private static final int RARE_FLUSH = 400;
    private static final int DEFAULT_STATES = 40;
    private static final String MIRROR = "m";

    @TempDir
    Path tmp;

    /** One writer's write: its index, first block and block count, and the seed of its data. */
    private record Write(int writer, int index, int firstBlock, int blocks) {
    }

    private static byte[] data(long seed, Write w) {
        byte[] b = new byte[w.blocks() * BS];
        new Random(seed * 1_000_003L + w.writer() * 100_003L + w.index()).nextBytes(b);
        b[0] |= 1;
        return b;
    }

    /** What a run recorded: the images as formatted, the log, and each writer's writes and flush marks. */
    private record Run(long seed, List<byte[]> initial, List<Path> paths, RecordingChannel.Log log,
                       List<Write> writes) implements PowerCutSimulator.Recording {
        @Override
        public int events() {
            return log.size();
        }

        @Override
        public void discard() throws IOException {
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void everyPowerCutStateOfAMirrorOfImageFilesRecoversIdenticalAndLosesNoFlushedWrite() throws Exception {
        PowerCutSimulator.Tally t = checkEveryState("block power cut", 20261204L,
                (k, seed) -> record(tmp.resolve("run-" + k), seed, k % 2 == 1, WRITES_PER_WRITER));
        System.out.printf("power cut on image files, power-safe: %d states, all recovered identical with no flushed"
                + " write lost; %d divergent blocks, %d of them found only in intent extents%n", t.states(),
                t.sum(o -> o.report().divergentBytes()) / BS, t.sum(o -> o.report().intents().blocksDiffering()));
        int states = Integer.getInteger("tagmirror.blockcut.states", DEFAULT_STATES);
        assertThat(t.states()).isEqualTo((long) (states + STATES_PER_RUN - 1) / STATES_PER_RUN * STATES_PER_RUN);
    }

    /**
     * An outage long enough that the member kept deletes superseded entries (several times) to keep its
     * small log from filling: every state, also one cut while it does, names what the member away missed.
     */
    @Test
    void everyPowerCutStateOfAnOutageWhoseLogDeletesSupersededEntriesRecoversAndLosesNoFlushedWrite()
            throws Exception {
        PowerCutSimulator.Tally t = checkEveryState("block power cut, compacting outage", 20261205L,
                (k, seed) -> record(tmp.resolve("run-" + k), seed, true, COMPACTING_WRITES_PER_WRITER));
        System.out.printf("power cut on image files during a compacting outage: %d states, all recovered identical with"
                + " no flushed write lost; %d divergent blocks%n", t.states(), t.sum(o -> o.report().divergentBytes()) / BS);
    }

    /**
     * Every member present and flushes rare, so the small logs pass half full again and again and the
     * mirror makes room beside the writes: the data synced on its own thread while they go on, then
     * the entries up to the cut taken before that sync trimmed. Cuts fall before, during and after.
     */
    @Test
    void everyPowerCutStateWhileLogRoomIsMadeBesideTheWritesRecoversAndLosesNoFlushedWrite() throws Exception {
        PowerCutSimulator.Tally t = checkEveryState("block power cut, log room beside the writes", 20261206L,
                (k, seed) -> record(tmp.resolve("run-" + k), seed, false, COMPACTING_WRITES_PER_WRITER, RARE_FLUSH));
        System.out.printf("power cut on image files while log room is made beside the writes: %d states, all recovered"
                + " identical with no flushed write lost; %d divergent blocks%n", t.states(),
                t.sum(o -> o.report().divergentBytes()) / BS);
    }

    /**
     * Checks the states of {@code -Dtagmirror.blockcut.states} (default {@value #DEFAULT_STATES}) cuts,
     * {@value #STATES_PER_RUN} from each run {@code recorder} records, from {@code -Dtagmirror.blockcut.seed}.
     */
    private PowerCutSimulator.Tally checkEveryState(String name, long defaultSeed,
                                                    PowerCutSimulator.Recorder<Run> recorder) throws Exception {
        int states = Integer.getInteger("tagmirror.blockcut.states", DEFAULT_STATES);
        PowerCutSimulator.Plan plan = new PowerCutSimulator.Plan(name, Long.getLong("tagmirror.blockcut.seed", defaultSeed),
                (states + STATES_PER_RUN - 1) / STATES_PER_RUN, PowerCutSimulator.Cuts.oneStateEach(STATES_PER_RUN, Random::new),
                seed -> "-Dtagmirror.blockcut.seed=" + seed);
        return PowerCutSimulator.checkEveryState(plan, recorder, (run, state) -> checkState(run, state, tmp.resolve("state")));
    }

    /** Formats two images, then writes through recording channels with flushes, and with an outage when asked. */
    private Run record(Path root, long seed, boolean outage, int writesPerWriter) throws Exception {
        return record(root, seed, outage, writesPerWriter, OFTEN_FLUSH);
    }

    /** As {@link #record(Path, long, boolean, int)}, each writer flushing after one write in {@code flushOneIn}. */
    private Run record(Path root, long seed, boolean outage, int writesPerWriter, int flushOneIn) throws Exception {
        Files.createDirectories(root);
        List<Path> paths = List.of(root.resolve("a.img"), root.resolve("b.img"));
        MirrorDefinition def;
        List<Device> made = new ArrayList<>();
        try {
            for (Path p : paths) {
                made.add(BlockDevice.createImage(p, IMAGE, BS, BlockLayout.MIN_LOG_HALF_BYTES));
            }
            // a small intent set (4 extents of 8 blocks) under a working set larger than it: misses sync
            try (Mirror m = Mirror.create(MIRROR, (long) WRITERS * REGION_BLOCKS * BS, made, DurabilityMode.POWER_SAFE,
                    new IntentExtents(8L * BS, 4))) {
                def = m.definition();
            }
        } finally {
            for (Device d : made) {
                d.close();
            }
        }
        List<byte[]> initial = new ArrayList<>();
        for (Path p : paths) {
            initial.add(Files.readAllBytes(p));
        }
        RecordingChannel.Log log = new RecordingChannel.Log();
        List<Device> devices = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        try {
            for (int i = 0; i < paths.size(); i++) {
                int device = i;
                devices.add(BlockDevice.open(paths.get(i), false, ch -> new RecordingChannel(ch, device, log)));
            }
            java.util.concurrent.atomic.AtomicInteger compactions = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger roomFlushes = new java.util.concurrent.atomic.AtomicInteger();
            try (Mirror m = Mirror.open(def, devices, DurabilityMode.POWER_SAFE)) {
                m.addListener(e -> {
                    // a flush's trim names no device; deleting superseded entries names the member
                    if (e.kind() == io.tagmirror.engine.MirrorEvent.Kind.TRIMMED && e.device() != null) {
                        compactions.incrementAndGet();
                    }
                    if (e.kind() == io.tagmirror.engine.MirrorEvent.Kind.FLUSHED && e.message().contains("beside the writes")) {
                        roomFlushes.incrementAndGet();
                    }
                });
                Map<String, PowerCutSimulator.Task> writers = new LinkedHashMap<>();
                for (int t = 0; t < WRITERS; t++) {
                    int writer = t;
                    writers.put("block-cut-writer-" + t, () -> write(m, seed, writer, outage, devices.get(1), log, writes,
                            writesPerWriter, flushOneIn));
                }
                PowerCutSimulator.runTogether(writers);
            }
            if (flushOneIn == RARE_FLUSH) {
                assertThat(roomFlushes.get()).as("room made beside the writes, seed %d", seed).isPositive();
            } else if (writesPerWriter == COMPACTING_WRITES_PER_WRITER) {
                assertThat(compactions.get()).as("superseded entries deleted during the outage, seed %d", seed)
                        .isPositive();
                assertThat(devices.get(0).tagTable().incomplete()).as("seed %d", seed).isFalse();
            }
        } finally {
            for (Device d : devices) {
                d.close();
            }
        }
        return new Run(seed, initial, paths, log, writes);
    }

    private static void write(Mirror m, long seed, int writer, boolean outage, Device away, RecordingChannel.Log log,
                              List<Write> writes, int count, int flushOneIn) throws IOException {
        TagGenerator g = m.generator(1 + writer);
        Random r = new Random(seed * 31 + writer);
        for (int i = 0; i < count; i++) {
            if (outage && writer == 0 && i == count / 3) {
                m.takeOffline(away.uuid(), "test outage");
            }
            if (outage && writer == 0 && i == 2 * count / 3) {
                m.bringOnline(away.uuid());
            }
            int blocks = 1 + r.nextInt(4);
            Write w = new Write(writer, i, writer * REGION_BLOCKS + r.nextInt(REGION_BLOCKS - blocks + 1), blocks);
            synchronized (writes) {
                writes.add(w);
            }
            log.mark(new int[] {0, writer, i});
            m.write(g, (long) w.firstBlock() * BS, ByteBuffer.wrap(data(seed, w)));
            if (r.nextInt(flushOneIn) == 0) {
                m.flush();
                log.mark(new int[] {1, writer, i});
            }
        }
    }

    /** Rebuilds the images a cut may leave, in {@code dir}, and checks them. */
    private static Recovery.Outcome checkState(Run run, PowerCutSimulator.State state, Path dir) throws IOException {
        PowerCutSimulator.emptyDirectory(dir);
        Random random = new Random(state.seed());
        List<Path> images = new ArrayList<>();
        for (int d = 0; d < run.paths().size(); d++) {
            Path image = dir.resolve(run.paths().get(d).getFileName());
            Files.write(image, run.log().stateAt(d, run.initial().get(d), state.cut(), random));
            images.add(image);
        }
        return Recovery.check(images, PowerCutSimulator::openImage, MIRROR, DurabilityMode.POWER_SAFE,
                volume -> checkNoFlushedWriteLost(run, state.cut(), volume));
    }

    /**
     * Every block holds the data of the last write to it acknowledged before a flush that returned
     * before the cut, or of a later write issued before the cut; a block no such flush covered may also
     * still be zero.
     */
    private static void checkNoFlushedWriteLost(Run run, int cut, byte[] volume) {
        int[] flushedUpTo = new int[WRITERS];
        int[] issuedUpTo = new int[WRITERS];
        Arrays.fill(flushedUpTo, -1);
        Arrays.fill(issuedUpTo, -1);
        for (int[] mark : run.log().marksBefore(cut)) {
            if (mark[0] == 0) {
                issuedUpTo[mark[1]] = Math.max(issuedUpTo[mark[1]], mark[2]);
            } else {
                flushedUpTo[mark[1]] = Math.max(flushedUpTo[mark[1]], mark[2]);
            }
        }
        int blocks = WRITERS * REGION_BLOCKS;
        int[] lastFlushed = new int[blocks];
        Arrays.fill(lastFlushed, -1);
        List<Write> writes;
        synchronized (run.writes()) {
            writes = new ArrayList<>(run.writes());
        }
        for (Write w : writes) {
            if (w.index() <= flushedUpTo[w.writer()]) {
                for (int b = w.firstBlock(); b < w.firstBlock() + w.blocks(); b++) {
                    lastFlushed[b] = Math.max(lastFlushed[b], w.index());
                }
            }
        }
        for (int b = 0; b < blocks; b++) {
            byte[] held = Arrays.copyOfRange(volume, b * BS, (b + 1) * BS);
            boolean ok = lastFlushed[b] < 0 && isZero(held);
            for (Write w : writes) {
                if (ok) {
                    break;
                }
                boolean covers = b >= w.firstBlock() && b < w.firstBlock() + w.blocks();
                boolean candidate = w.index() == lastFlushed[b] || (w.index() > lastFlushed[b]
                        && w.index() <= issuedUpTo[w.writer()]);
                if (covers && candidate) {
                    byte[] d = data(run.seed(), w);
                    ok = Arrays.equals(held, 0, BS, d, (b - w.firstBlock()) * BS, (b - w.firstBlock() + 1) * BS);
                }
            }
            if (!ok) {
                throw new AssertionError("block " + b + " lost the flushed write " + lastFlushed[b] + " of its writer");
            }
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
