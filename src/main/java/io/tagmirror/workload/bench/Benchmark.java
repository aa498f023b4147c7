package io.tagmirror.workload.bench;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceKind;
import io.tagmirror.engine.block.BlockDevice;
import io.tagmirror.engine.block.BlockLayout;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code tagmirror bench}: tagged against untagged writes on the same devices, group commit, compare
 * growth, and resync after divergence against a full scan and a full copy, in one process and run.
 */
public final class Benchmark {
    private static final int BS = 4096;
    private static final int BUFFERS = 64;
    /** The larger of the two outage write sizes of the resync part: 64 KiB, a common application write. */
    private static final int CLUSTERED_WRITE_BLOCKS = 16;
    /** Tagged runs at the target points of the write part that are tagged / untagged; the median ratio is reported. */
    private static final int TARGET_REPEATS = 5;
    /** A warm-up round that compiled for less than this left the write path compiled. */
    private static final long SETTLED_COMPILE_MILLIS = 20;
    private static final int MAX_WARM_UP_ROUNDS = 8;
    /** The blocks the warm-up's overlapping writes go to. */
    private static final int OVERLAP_BLOCKS = 64;
    private static final java.io.File PROC_IO = new java.io.File("/proc/self/io");

    /** How one point of the write benchmark issues a write: tagged through the mirror, or plain. */
    private interface Writer extends InterleavedRun.Writer {
    }

    private final BenchOptions options;
    private final Consumer<String> log;
    private final List<Device> devices = new ArrayList<>();
    private final ByteBuffer[] buffers4k = new ByteBuffer[BUFFERS];
    private final ByteBuffer buffer1m;
    private MirrorDefinition definition;
    private Mirror mirror;
    private FileChannel[] plain;
    /** Where the mirror's block 0 lies in each plain channel: 0 in an object file, the data region's offset in an image. */
    private final long[] plainBase = new long[2];
    private long outages;

    /** The size of the writes that fill the devices by default: large folios in the page cache, as the targets assume. */
    static final int DEFAULT_FILL_BYTES = 1 << 20;
    /** The size of this run's filling writes ({@link #fillBytes()}), read as the run begins. */
    private int fillBytes = DEFAULT_FILL_BYTES;

    public Benchmark(BenchOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        SplittableRandom r = new SplittableRandom(options.seed());
        for (int i = 0; i < BUFFERS; i++) {
            buffers4k[i] = randomBuffer(r, BS);
        }
        buffer1m = randomBuffer(r, 1 << 20);
    }

    /**
     * The size of the writes that fill the devices before the write part runs, from
     * {@code -Dtagmirror.bench.fillBytes} (a power of two from 4 KiB to 1 MiB). Filled 4 KiB at a time,
     * the page cache keeps the files in small folios, where an untagged 4 KiB write costs about a
     * quarter of the CPU it costs in a large one: the engine's own share of a tagged write then shows
     * about four times larger, above the noise of a shared machine (docs/performance.md). The write
     * targets are set against the default's floor, and are not checked against another.
     */
    private static int fillBytes() throws TagMirrorException {
        String given = System.getProperty("tagmirror.bench.fillBytes");
        int bytes;
        try {
            bytes = given == null ? DEFAULT_FILL_BYTES : Integer.parseInt(given.trim());
        } catch (NumberFormatException e) {
            bytes = -1; // refused below, naming what was given
        }
        if (bytes < BS || bytes > DEFAULT_FILL_BYTES || Integer.bitCount(bytes) != 1) {
            throw new TagMirrorException("-Dtagmirror.bench.fillBytes must be a power of two from " + BS + " to "
                    + DEFAULT_FILL_BYTES + ", not " + given);
        }
        return bytes;
    }

    private static ByteBuffer randomBuffer(SplittableRandom r, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return ByteBuffer.wrap(b);
    }

    /** Whether this process may empty the kernel's page cache for the cold figures (root on Linux). */
    public static boolean mayDropCaches() {
        return PageCache.canDrop();
    }

    public Map<String, Object> run() throws IOException {
        fillBytes = fillBytes(); // refused before anything is made
        Map<String, Object> out = new LinkedHashMap<>();
        Path root = options.dir();
        Files.createDirectories(root);
        try {
            out.put("machine", machine());
            boolean writes = options.parts().contains(BenchOptions.Part.WRITE);
            if (writes && options.deviceKinds().contains(DeviceKind.BLOCK)) {
                // the block kind first, on image files of its own, gone before the directory devices are made
                setUpImages(root);
                try {
                    out.put("writeBlock", writePart());
                } finally {
                    tearDownImages(root);
                }
            }
            boolean directoryWrites = writes && options.deviceKinds().contains(DeviceKind.DIRECTORY);
            if (directoryWrites || options.parts().stream().anyMatch(p -> p != BenchOptions.Part.NBD
                    && p != BenchOptions.Part.WRITE)) {
                setUp(root);
            }
            if (directoryWrites) {
                out.put("write", writePart());
            }
            if (options.parts().contains(BenchOptions.Part.COMPARE)) {
                out.put("compare", comparePart(root));
            }
            if (options.parts().contains(BenchOptions.Part.RESYNC)) {
                out.put("resync", resyncPart());
                if (options.dropCaches()) {
                    out.put("resyncCold", coldResync());
                }
                out.put("resyncSizes", new ResyncSizeBench(root, options.resyncSizes(), Math.max(3, options.resyncRepeats()),
                        options.seed(), options.dropCaches(), buffers4k, log).run());
            }
            if (options.parts().contains(BenchOptions.Part.NBD)) {
                out.put("nbd", new NbdBench(root.resolve("nbd"), options.volumeBytes(), options.nbd(), options.seed(), log)
                        .run());
            }
            List<Map<String, Object>> targets = BenchTargets.check(out);
            out.put("targets", targets);
            log.accept(BenchTargets.table(targets));
            return out;
        } finally {
            tearDown();
        }
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        m.put("java", System.getProperty("java.version"));
        m.put("volumeBytes", options.volumeBytes());
        return m;
    }

    private void setUp(Path root) throws IOException {
        devices.add(DeviceAddress.directory(root.resolve("dev0")).format(BS));
        devices.add(DeviceAddress.directory(root.resolve("dev1")).format(BS));
        // -Dtagmirror.bench.intentExtents=N measures power-safe writes with a smaller intent set (4 MiB
        // extents): a working set (the volume) larger than N x 4 MiB pays a sync per miss
        int intentExtents = Integer.getInteger("tagmirror.bench.intentExtents", IntentExtents.DEFAULT_COUNT);
        mirror = Mirror.create("bench", options.volumeBytes(), devices, DurabilityMode.CRASH_SAFE,
                new IntentExtents(IntentExtents.DEFAULT_EXTENT_BYTES, intentExtents));
        definition = mirror.definition();
        plain = new FileChannel[2];
        for (int i = 0; i < 2; i++) {
            plain[i] = FileChannel.open(root.resolve("dev" + i).resolve("objects").resolve(definition.objectId()),
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
            plainBase[i] = 0;
        }
        fill("objects");
    }

    /**
     * Two image files as block devices, a mirror over them, and plain channels on the same images at
     * their data regions: the untagged floor writes the same bytes of the same files.
     */
    private void setUpImages(Path root) throws IOException {
        // -Dtagmirror.bench.logHalf=BYTES measures the block kind with larger log halves: the default's
        // make room every ~110 k writes by a flush that stops the writers (docs/performance.md)
        long half = Long.getLong("tagmirror.bench.logHalf", BlockLayout.LOG_HALF_BYTES);
        long imageBytes = options.volumeBytes() + (BlockLayout.SLOTS_OFFSET + BlockLayout.RING_BYTES
                + 2 * half) + (1 << 20);
        for (int i = 0; i < 2; i++) {
            devices.add(DeviceAddress.createImage(root.resolve("dev" + i + ".img"), imageBytes, BS, 2 * half));
        }
        int intentExtents = Integer.getInteger("tagmirror.bench.intentExtents", IntentExtents.DEFAULT_COUNT);
        mirror = Mirror.create("bench", options.volumeBytes(), devices, DurabilityMode.CRASH_SAFE,
                new IntentExtents(IntentExtents.DEFAULT_EXTENT_BYTES, intentExtents));
        definition = mirror.definition();
        plain = new FileChannel[2];
        for (int i = 0; i < 2; i++) {
            plain[i] = FileChannel.open(root.resolve("dev" + i + ".img"), StandardOpenOption.WRITE, StandardOpenOption.READ);
            plainBase[i] = ((BlockDevice) devices.get(i)).layout().dataOffset();
        }
        fill("image files' data regions");
    }

    private void fill(String what) throws IOException {
        log.accept("filling two " + options.volumeBytes() / (1 << 20) + " MiB " + what
                + (fillBytes == DEFAULT_FILL_BYTES ? "" : ", " + fillBytes / 1024 + " KiB at a time,")
                + " so every run writes allocated blocks");
        for (long off = 0; off < options.volumeBytes(); off += fillBytes) {
            for (int i = 0; i < 2; i++) {
                ByteBuffer piece = buffer1m.slice((int) (off % DEFAULT_FILL_BYTES), fillBytes);
                while (piece.hasRemaining()) {
                    plain[i].write(piece, plainBase[i] + off + piece.position());
                }
            }
        }
        for (FileChannel ch : plain) {
            ch.force(false);
        }
    }

    /** Closes the block kind's mirror and devices and removes its images, so the run goes on as before. */
    private void tearDownImages(Path root) throws IOException {
        try {
            tearDown();
        } finally {
            mirror = null;
            plain = null;
            devices.clear();
            for (int i = 0; i < 2; i++) {
                Files.deleteIfExists(root.resolve("dev" + i + ".img"));
            }
        }
    }

    private void reopen(DurabilityMode mode) throws IOException {
        mirror.close();
        mirror = Mirror.open(definition, devices, mode);
    }

    // ---------------------------------------------------------------- write path

    private Map<String, Object> writePart() throws IOException {
        HeapProbe.reset();
        Map<String, Object> out = new LinkedHashMap<>();
        double fsyncMillis = fsyncLatencyMillis();
        out.put("fsyncMillis", fsyncMillis);
        out.put("fillBytes", fillBytes);
        if (fillBytes != DEFAULT_FILL_BYTES) {
            log.accept("the write targets are not checked: the devices were filled " + fillBytes / 1024
                    + " KiB at a time, a cheaper untagged floor than the one they are set against");
        }
        log.accept(String.format("fsync of a small append: %.3f ms", fsyncMillis));
        List<Map<String, Object>> points = new ArrayList<>();
        Map<String, Object> ratio = new LinkedHashMap<>();
        Map<String, Object> groupCommit = new LinkedHashMap<>();
        for (DurabilityMode mode : List.of(DurabilityMode.CRASH_SAFE, DurabilityMode.POWER_SAFE)) {
            reopen(mode);
            out.put(mode == DurabilityMode.CRASH_SAFE ? "warmUpRoundsCrashSafe" : "warmUpRoundsPowerSafe", warmUp());
            for (int qd : options.queueDepths()) {
                // power-safe at 1 and 16 is set against crash-safe there: both sides get the repeats
                boolean target = qd == 1 || qd == 16 || (mode == DurabilityMode.POWER_SAFE && qd == 128);
                // A power-safe write at depth 1 or 2 waits for an fsync (a few thousand a second, steady):
                // a quarter of the writes measure it as well and save the run ten seconds.
                int writes = mode == DurabilityMode.POWER_SAFE && qd <= 2
                        ? Math.max(1_000, options.writesPerPoint() / 4) : options.writesPerPoint();
                Map<String, Object> p = point(mode, qd, "random-4k", writes, BS, target ? TARGET_REPEATS : 1);
                points.add(p);
                if (target && qd != 1) {
                    ratio.put(mode == DurabilityMode.CRASH_SAFE ? "crashSafe" : "powerSafe", p.get("ratio"));
                    groupCommit.put(mode == DurabilityMode.CRASH_SAFE ? "crashSafeQd16" : "powerSafeQd128", p.get("groupCommit"));
                }
            }
            points.add(point(mode, 1, "sequential-1m", Math.max(64, options.writesPerPoint() / 40), 1 << 20, 1));
        }
        // The untagged floor's threads write the same block concurrently in different orders on the
        // two files, so the plain runs leave a few blocks different: the divergence tags exist to
        // prevent. Count it, then copy it away so the later parts start from identical devices.
        io.tagmirror.engine.VerifyReport check = mirror.verify(TaskMonitor.NONE);
        out.put("untaggedDivergentBlocks", check.differingBlocks());
        log.accept("blocks the untagged runs left different between the two objects: " + check.differingBlocks());
        if (!check.identical()) {
            fullCopy();
        }
        out.put("ratio", ratio);
        out.put("groupCommit", groupCommit);
        out.put("points", points);
        out.put("heapBytes", HeapProbe.peakBytes());
        return out;
    }

    /**
     * One point: {@code repeats} times the same writes tagged and untagged, side by side in slices
     * ({@link InterleavedRun}), then handed to the devices' threads. Each repeat gives a ratio, and
     * the point's is the median: the target points run five times, because on a shared machine one
     * repeat can still land on a burst of the kernel's write-back.
     */
    private Map<String, Object> point(DurabilityMode mode, int qd, String pattern, int writes, int length, int repeats)
            throws IOException {
        long blocks = options.volumeBytes() / BS;
        int blocksPerWrite = length / BS;
        long[] offsets = new long[writes];
        SplittableRandom r = new SplittableRandom(options.seed() * 31 + qd);
        for (int i = 0; i < writes; i++) {
            offsets[i] = pattern.startsWith("random")
                    ? r.nextLong(blocks - blocksPerWrite + 1) * BS
                    : ((long) i * length) % (options.volumeBytes() - length + 1);
        }
        ByteBuffer[] data = length == BS ? buffers4k : new ByteBuffer[] {buffer1m};
        Writer untagged = untaggedWriter();
        TagGenerator g = mirror.generator(1);
        Writer waiting = waitingWriter(g);
        double[] plain = new double[repeats];
        double[] tagged = new double[repeats];
        double[] handedOver = new double[repeats];
        double[] ratios = new double[repeats];
        double[] handOverRatios = new double[repeats];
        long[] before = commitStats();
        double taggedTotal = 0;
        long tableBytesWritten = 0;
        long[] afterWaiting = null;
        for (int i = 0; i < repeats; i++) {
            long[] beforeWaiting = commitStats();
            long written = bytesWrittenByProcess();
            long appended = tableBytesAppended();
            double[] seconds = InterleavedRun.run(qd, offsets, data, waiting, untagged);
            tagged[i] = seconds[0];
            plain[i] = seconds[1];
            // what the tag tables appended; where a table does not say, what the run wrote beyond the
            // data itself (two copies of each write, tagged and untagged)
            tableBytesWritten += appended >= 0 ? tableBytesAppended() - appended
                    : bytesWrittenByProcess() - written - 4L * writes * length;
            taggedTotal += tagged[i];
            long[] now = commitStats();
            afterWaiting = afterWaiting == null ? new long[now.length] : afterWaiting;
            for (int k = 0; k < now.length; k++) {
                afterWaiting[k] += now[k] - beforeWaiting[k];
            }
            ratios[i] = plain[i] / tagged[i];
            // the same writes handed to the devices' threads, after the repeat and against its floor:
            // not side by side, so this secondary figure still carries the machine's drift
            handedOver[i] = taggedRun(qd, g, offsets, data);
            handOverRatios[i] = plain[i] / handedOver[i];
        }
        long[] after = new long[before.length];
        for (int k = 0; k < before.length; k++) {
            after[k] = before[k] + afterWaiting[k];
        }
        mirror.flush();
        double floor = median(plain);
        double tag = median(tagged);
        double ratio = median(ratios);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mode", mode.label());
        p.put("pattern", pattern);
        p.put("queueDepth", qd);
        p.put("writes", writes);
        p.put("untaggedPerSecond", writes / floor);
        p.put("taggedPerSecond", writes / tag);
        p.put("ratio", ratio);
        if (repeats > 1) {
            p.put("ratioRuns", ratios);
        }
        // today's default for a waiting writer against the device threads it replaced, in the same run
        p.put("handOverPerSecond", writes / median(handedOver));
        p.put("handOverRatio", median(handOverRatios));
        long batches = after[0] - before[0];
        long entries = after[1] - before[1];
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("entriesPerSecondPerDevice", entries / 2.0 / taggedTotal);
        gc.put("meanBatch", batches == 0 ? 0 : (double) entries / batches);
        gc.put("handOversPerWrite", entries == 0 ? 0 : (double) (after[2] - before[2]) / entries);
        if (PROC_IO.canRead() || tableBytesAppended() >= 0) {
            gc.put("tagTableBytesPerWrite", (double) tableBytesWritten / ((long) writes * repeats) / 2);
        }
        gc.put("entryBytesPerWrite", devices.get(0).tagTable().entryBytes(blocksPerWrite));
        // intent records written (one sync each): batches whose writes found an extent outside the set
        gc.put("intentSyncsPerWrite", (after[3] - before[3]) / 2.0 / ((double) writes * repeats));
        p.put("groupCommit", gc);
        log.accept(String.format("%-10s %-13s qd %3d  untagged %9.0f w/s  tagged %9.0f w/s  ratio %.2f  batch %.1f"
                        + "  (handed to device threads: ratio %.2f)  intent syncs %.3f/write%s",
                mode.label(), pattern, qd, writes / floor, writes / tag, ratio, gc.get("meanBatch"),
                median(handOverRatios), gc.get("intentSyncsPerWrite"),
                repeats > 1 ? String.format("  (median of %d; runs %s)", repeats, formatRuns(ratios)) : ""));
        return p;
    }

    private static String formatRuns(double[] ratios) {
        StringBuilder b = new StringBuilder();
        for (double x : ratios) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("%.2f", x));
        }
        return b.toString();
    }

    /**
     * Untimed tagged and untagged writes at a few depths first, so the points measure compiled code
     * in a steady state whatever depths the user picked, not the JIT warming up on the first one.
     * One round was not enough on a small machine: the compiler went on for 100-300 ms inside the
     * first tagged runs at depth 16 (of about half a second each), on a core the writers needed.
     * Rounds go on until one compiles for less than {@link #SETTLED_COMPILE_MILLIS}, at most
     * {@link #MAX_WARM_UP_ROUNDS}; returns how many ran.
     */
    private int warmUp() throws IOException {
        long blocks = options.volumeBytes() / BS;
        SplittableRandom r = new SplittableRandom(options.seed() - 1);
        long[] offsets = new long[Math.min(20_000, Math.max(2_000, options.writesPerPoint() / 2))];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = r.nextLong(blocks) * BS;
        }
        // Writes to a few blocks only, so at depth 16 they keep meeting: a write that waits for an
        // overlapping one takes branches that random writes over a whole volume take about once a
        // run. Unseen in the warm-up, the compiler leaves them out of the write path, and the first
        // overlap of a timed run throws the compiled write path away in the middle of it.
        long[] overlapping = new long[offsets.length / 4];
        for (int i = 0; i < overlapping.length; i++) {
            overlapping[i] = r.nextLong(Math.min(blocks, OVERLAP_BLOCKS)) * BS;
        }
        TagGenerator g = mirror.generator(1);
        int rounds = 0;
        long compiled;
        do {
            long before = compileMillis();
            for (int qd : new int[] {1, 16}) {
                InterleavedRun.run(qd, offsets, buffers4k, waitingWriter(g), untaggedWriter());
                taggedRun(qd, g, offsets, buffers4k);
            }
            waitingRun(16, g, overlapping, buffers4k);
            taggedRun(16, g, overlapping, buffers4k);
            mirror.flush();
            rounds++;
            compiled = before < 0 ? -1 : compileMillis() - before;
        } while (compiled >= SETTLED_COMPILE_MILLIS && rounds < MAX_WARM_UP_ROUNDS);
        log.accept(compiled < 0 ? "warm-up: one round (this JVM does not say how long it compiles)"
                : String.format("warm-up: %d round%s, the last compiled for %d ms", rounds, rounds == 1 ? "" : "s", compiled));
        return rounds;
    }

    /** Milliseconds the JIT has spent compiling in this JVM, or -1 where it does not say. */
    private static long compileMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit == null || !jit.isCompilationTimeMonitoringSupported() ? -1 : jit.getTotalCompilationTime();
    }

    private Writer untaggedWriter() {
        return (offset, buf) -> {
            for (int i = 0; i < plain.length; i++) {
                FileChannel ch = plain[i];
                ByteBuffer d = buf.duplicate();
                long pos = plainBase[i] + offset;
                while (d.hasRemaining()) {
                    pos += ch.write(d, pos);
                }
            }
        };
    }

    /** The mirror's batches, entries, hand-overs and intent records so far ({@link Mirror#commitStatistics}). */
    private long[] commitStats() {
        long[] s = Arrays.copyOf(mirror.commitStatistics(), 5);
        return new long[] {s[0], s[1], s[2], s[4]};
    }

    /** Bytes the devices' tag tables have appended to their logs, or -1 when one of them does not say. */
    private long tableBytesAppended() {
        long sum = 0;
        for (Device d : devices) {
            long b = d.tagTable().bytesAppended();
            if (b < 0) {
                return -1;
            }
            sum += b;
        }
        return sum;
    }

    /**
     * Bytes this process has written with write system calls (Linux's /proc/self/io), or 0 where
     * that is not available: the tag tables' share of a tagged run is what it wrote beyond the data.
     */
    private static long bytesWrittenByProcess() {
        if (!PROC_IO.canRead()) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(PROC_IO.toPath())) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static double timedRun(int qd, long[] offsets, ByteBuffer[] data, Writer writer) throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<IOException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < qd; t++) {
            Thread th = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < offsets.length && failure.get() == null) {
                    try {
                        writer.write(offsets[i], data[i % data.length]);
                    } catch (IOException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "tagmirror-bench-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TagMirrorException("benchmark interrupted");
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Tagged writes from {@code qd} threads that each wait for their write, as the untagged floor's
     * threads do: a device that is idle is written by the waiting thread itself, without waking one.
     */
    private double waitingRun(int qd, TagGenerator g, long[] offsets, ByteBuffer[] data) throws IOException {
        return timedRun(qd, offsets, data, waitingWriter(g));
    }

    /** Tagged writes that each wait for their write, as the untagged floor's do. */
    private Writer waitingWriter(TagGenerator g) {
        return (offset, buf) -> mirror.write(g, offset, buf.duplicate());
    }

    /**
     * Tagged writes kept {@code qd} deep by one submitting thread, as an application with
     * asynchronous I/O does; the device threads do the entry batches and the data writes.
     */
    private double taggedRun(int qd, TagGenerator g, long[] offsets, ByteBuffer[] data) throws IOException {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(qd);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long started = System.nanoTime();
        for (int i = 0; i < offsets.length && failure.get() == null; i++) {
            slots.acquireUninterruptibly();
            mirror.writeAsync(g, offsets[i], data[i % data.length].duplicate()).whenComplete((tag, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                slots.release();
            });
        }
        slots.acquireUninterruptibly(qd);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failure.get() != null) {
            throw new TagMirrorException("benchmark write failed: " + failure.get().getMessage());
        }
        return seconds;
    }

    private double fsyncLatencyMillis() throws IOException {
        // beside the devices, on the same file system (an image file's or a device folder's)
        Path probe = options.dir().resolve("fsync-probe");
        double[] samples = new double[50];
        try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE)) {
            ByteBuffer b = ByteBuffer.allocate(512);
            for (int i = 0; i < samples.length; i++) {
                ch.write(b.clear(), (long) i * 512);
                long t = System.nanoTime();
                ch.force(false);
                samples[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    // ---------------------------------------------------------------- compare

    private List<Map<String, Object>> comparePart(Path root) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        long blocks = options.volumeBytes() / BS;
        for (int entries : options.compareEntries()) {
            mirror.close();
            // Matched entries straight into both tables, as a crash with this many writes in flight
            // would leave them; the data under them is identical, so compare must read it to say so.
            SplittableRandom r = new SplittableRandom(options.seed() + entries);
            List<TagEntry> batch = new ArrayList<>(1024);
            long sequenceBase = (long) entries * 16;
            for (int i = 0; i < entries; i++) {
                batch.add(new TagEntry(new Tag(9, sequenceBase + i), definition.objectId(), EntryKind.BLOCKS,
                        r.nextLong(blocks), 1, r.nextInt()));
                if (batch.size() == 1024 || i == entries - 1) {
                    for (Device d : devices) {
                        d.tagTable().append(batch);
                    }
                    batch.clear();
                }
            }
            mirror = Mirror.open(definition, devices, DurabilityMode.CRASH_SAFE);
            HeapProbe.reset();
            long t = System.nanoTime();
            CompareReport report = mirror.compare(TaskMonitor.NONE);
            double seconds = (System.nanoTime() - t) / 1e9;
            long heap = HeapProbe.peakBytes();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("entries", entries);
            p.put("seconds", seconds);
            p.put("heapBytes", heap);
            p.put("blocksExamined", report.blocksExamined());
            p.put("inSync", report.inSync());
            Map<String, Object> phases = new LinkedHashMap<>();
            for (io.tagmirror.engine.PhaseTimings.Phase phase : report.phases().phases()) {
                phases.put(phase.name() + "Seconds", phase.seconds());
            }
            p.put("phases", phases);
            // what the console's tag-table screen waits for over these tables
            Map<String, Object> index = IndexBench.measure(root.resolve("index.db"), definition, devices);
            p.put("consoleIndex", index);
            // reopening a 1 GiB mirror with this many entries outstanding
            mirror.close();
            for (Device d : devices) {
                d.close();
            }
            devices.clear();
            long o = System.nanoTime();
            devices.add(DeviceAddress.directory(root.resolve("dev0")).open(false));
            devices.add(DeviceAddress.directory(root.resolve("dev1")).open(false));
            mirror = Mirror.open(definition, devices, DurabilityMode.CRASH_SAFE);
            String state = mirror.state().label();
            double openSeconds = (System.nanoTime() - o) / 1e9;
            p.put("openSeconds", openSeconds);
            p.put("stateAfterOpen", state);
            log.accept(String.format("compare %8d entries per device: %.3f s (%s), peak heap %d MiB; reopen %.3f s (%s);"
                            + " console's tag index built in %.3f s, first page %.1f ms, middle page %.1f ms",
                    entries, seconds, report.phases().text(), heap >> 20, openSeconds, state, (double) index.get("buildSeconds"),
                    (double) index.get("firstPageSeconds") * 1000, (double) index.get("middlePageSeconds") * 1000));
            RepairReport cleared = mirror.repair(mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);
            if (cleared.entriesDeleted() != 2L * entries) {
                throw new TagMirrorException("benchmark: repair deleted " + cleared.entriesDeleted() + " entries, expected "
                        + 2L * entries);
            }
            out.add(p);
        }
        return out;
    }

    // ---------------------------------------------------------------- resync

    private List<Map<String, Object>> resyncPart() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        reopen(DurabilityMode.CRASH_SAFE);
        long blocks = options.volumeBytes() / BS;
        // one untimed round first, so the timed ones measure compiled code, not the JIT warming up
        for (int writeBlocks : new int[] {1, CLUSTERED_WRITE_BLOCKS}) {
            for (int round = 0; round < 3; round++) {
                long[] warm = distinctBlocks(256, blocks / writeBlocks, options.seed() - round);
                for (int i = 0; i < warm.length; i++) {
                    warm[i] *= writeBlocks;
                }
                diverge(warm, writeBlocks);
                mirror.repair(mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);
            }
        }
        // Scattered 4 KiB writes are the worst case for tags (one copy per block); an outage's writes
        // more often come as larger runs, which tags copy as one range each. Both are measured.
        for (int writeBlocks : new int[] {1, CLUSTERED_WRITE_BLOCKS}) {
            for (double fraction : options.divergences()) {
                out.add(resyncPoint(blocks, writeBlocks, fraction));
            }
        }
        return out;
    }

    /** One resync point: {@code fraction} of the volume diverged in writes of {@code writeBlocks} blocks. */
    private Map<String, Object> resyncPoint(long blocks, int writeBlocks, double fraction) throws IOException {
        int runs = (int) Math.max(1, Math.round(blocks * fraction) / writeBlocks);
        int divergent = runs * writeBlocks;
        long[] targets = distinctBlocks(runs, blocks / writeBlocks, options.seed() + divergent + writeBlocks);
        for (int i = 0; i < targets.length; i++) {
            targets[i] *= writeBlocks;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("divergence", fraction);
        p.put("writeBytes", writeBlocks * BS);
        p.put("divergentBytes", (long) divergent * BS);

        // Each side runs resyncRepeats times (three by default) on a fresh divergence of the same blocks and the median
        // counts: a run of a few milliseconds is otherwise at the mercy of one scheduler hiccup.
        double[] tagRuns = new double[options.resyncRepeats()];
        double[] compareRuns = new double[options.resyncRepeats()];
        double[] repairRuns = new double[options.resyncRepeats()];
        double[] scanRuns = new double[options.resyncRepeats()];
        double[] copyRuns = new double[options.resyncRepeats()];
        RepairReport repair = null;
        CompareReport report = null;
        long[] scan = null;
        long[] copied = null;
        long tagHeap = 0;
        long scanHeap = 0;
        long copyHeap = 0;
        for (int rep = 0; rep < options.resyncRepeats(); rep++) {
            diverge(targets, writeBlocks);
            HeapProbe.reset();
            long t = System.nanoTime();
            report = mirror.compare(TaskMonitor.NONE);
            long compared = System.nanoTime();
            repair = mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
            tagRuns[rep] = (System.nanoTime() - t) / 1e9;
            compareRuns[rep] = (compared - t) / 1e9;
            repairRuns[rep] = tagRuns[rep] - compareRuns[rep];
            tagHeap = Math.max(tagHeap, HeapProbe.peakBytes());
            if (repair.bytesCopied() != (long) divergent * BS) {
                throw new TagMirrorException("benchmark: repair copied " + repair.bytesCopied() + " bytes, "
                        + (long) divergent * BS + " diverged");
            }

            diverge(targets, writeBlocks);
            HeapProbe.reset();
            t = System.nanoTime();
            scan = FullScan.run(plain[0], plain[1], options.volumeBytes());
            scanRuns[rep] = (System.nanoTime() - t) / 1e9;
            scanHeap = Math.max(scanHeap, HeapProbe.peakBytes());
            // the divergence made for the scan left entries on the first device; settle them untimed
            mirror.repair(mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);

            HeapProbe.reset();
            t = System.nanoTime();
            copied = fullCopy();
            copyRuns[rep] = (System.nanoTime() - t) / 1e9;
            copyHeap = Math.max(copyHeap, HeapProbe.peakBytes());
        }
        double tagSeconds = median(tagRuns);
        double scanSeconds = median(scanRuns);
        double copySeconds = median(copyRuns);
        p.put("tagSeconds", tagSeconds);
        p.put("tagCompareSeconds", median(compareRuns));
        p.put("tagRepairSeconds", median(repairRuns));
        p.put("tagSecondsRuns", tagRuns);
        p.put("bytesCopied", repair.bytesCopied());
        p.put("tagBytesRead", report.bytesRead());
        p.put("tagHeapBytes", tagHeap);
        p.put("scanSeconds", scanSeconds);
        p.put("scanSecondsRuns", scanRuns);
        p.put("scanBytesRead", scan[0]);
        p.put("scanBytesCopied", scan[1]);
        p.put("scanHeapBytes", scanHeap);
        p.put("copySeconds", copySeconds);
        p.put("copyBytes", copied[1]);
        p.put("copyBytesRead", copied[0]);
        p.put("copyBytesWritten", copied[1]);
        p.put("copyHeapBytes", copyHeap);
        p.put("speedupOverScan", scanSeconds / tagSeconds);
        log.accept(String.format("resync %5.1f%% (%d blocks in %s writes): tags %.3f s (compare %.3f, repair %.3f),"
                        + " read %s, wrote %s; scan %.3f s, read %s, wrote %s; full copy %.3f s, read %s, wrote %s;"
                        + " tags %.0fx faster than the scan", fraction * 100, divergent,
                writeBlocks == 1 ? "4 KiB" : writeBlocks * BS / 1024 + " KiB",
                tagSeconds, p.get("tagCompareSeconds"), p.get("tagRepairSeconds"), mib(report.bytesRead()),
                mib(repair.bytesCopied()), scanSeconds, mib(scan[0]), mib(scan[1]), copySeconds, mib(copied[0]),
                mib(copied[1]), scanSeconds / tagSeconds));
        return p;
    }

    /**
     * The scattered 0.1 % resync from a cold page cache (root only): what a drive, rather than
     * memory, costs tags and the full scan; each beside the same run warm, once.
     */
    private Map<String, Object> coldResync() throws IOException {
        long[] targets = distinctBlocks(ResyncSizeBench.DIVERGENT_BLOCKS, options.volumeBytes() / BS, options.seed() + 263);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("volumeBytes", options.volumeBytes());
        p.put("divergentBlocks", targets.length);
        for (boolean cold : new boolean[] {true, false}) {
            diverge(targets, 1);
            if (cold) {
                PageCache.drop();
            }
            long t = System.nanoTime();
            mirror.repair(mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);
            p.put(cold ? "tagColdSeconds" : "tagWarmSeconds", (System.nanoTime() - t) / 1e9);
            diverge(targets, 1);
            if (cold) {
                PageCache.drop();
            }
            t = System.nanoTime();
            FullScan.run(plain[0], plain[1], options.volumeBytes());
            p.put(cold ? "scanColdSeconds" : "scanWarmSeconds", (System.nanoTime() - t) / 1e9);
            mirror.repair(mirror.compare(TaskMonitor.NONE), RepairPolicy.NONE, TaskMonitor.NONE);
        }
        log.accept(String.format("resync of %d scattered blocks in %s from a cold page cache: tags %.1f ms (warm %.1f),"
                        + " full scan %.2f s (warm %.2f)", targets.length, ResyncSizeBench.size(options.volumeBytes()),
                (double) p.get("tagColdSeconds") * 1e3, (double) p.get("tagWarmSeconds") * 1e3,
                p.get("scanColdSeconds"), p.get("scanWarmSeconds")));
        return p;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    static double median(double[] runs) {
        double[] sorted = runs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long[] distinctBlocks(int count, long blocks, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        java.util.BitSet chosen = new java.util.BitSet((int) Math.min(blocks, Integer.MAX_VALUE));
        long[] out = new long[count];
        int n = 0;
        while (n < count) {
            int b = (int) r.nextLong(blocks);
            if (!chosen.get(b)) {
                chosen.set(b);
                out[n++] = b;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The second device misses one write of {@code writeBlocks} blocks at each of the given blocks. */
    private void diverge(long[] firstBlocks, int writeBlocks) throws IOException {
        Outage.diverge(mirror, devices.get(1), firstBlocks, writeBlocks, buffers4k, ++outages);
    }

    /** Copies the first object over the second; returns the bytes read and written. */
    private long[] fullCopy() throws IOException {
        int chunk = 4 << 20;
        ByteBuffer a = ByteBuffer.allocateDirect(chunk);
        long read = 0;
        long written = 0;
        for (long off = 0; off < options.volumeBytes(); off += chunk) {
            a.clear().limit((int) Math.min(chunk, options.volumeBytes() - off));
            FullScan.readFully(plain[0], a, off);
            a.flip();
            read += a.remaining();
            while (a.hasRemaining()) {
                written += plain[1].write(a, off + a.position());
            }
        }
        return new long[] {read, written};
    }

    private void tearDown() throws IOException {
        try {
            if (mirror != null) {
                mirror.close();
            }
        } finally {
            if (plain != null) {
                for (FileChannel ch : plain) {
                    ch.close();
                }
            }
            for (Device d : devices) {
                d.close();
            }
        }
    }
}
