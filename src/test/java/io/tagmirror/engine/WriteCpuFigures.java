package io.tagmirror.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures, printed, not asserted (run with {@code java -cp ... WriteCpuFigures DIR [seconds a round]
 * [rounds]}): what a tagged crash-safe write costs the machine beside the same write untagged, at
 * depth 16, where on a small machine both sides are CPU-bound and the bench's ratio is the two sides'
 * CPU per write. Two directory devices on 1 GiB objects filled 1 MiB at a time (as the bench fills
 * them), sixteen threads of seeded random 4 KiB writes, tagged and untagged in alternate rounds of
 * their own threads: writes a second, CPU microseconds a write (the writers' own, kernel included),
 * and voluntary and involuntary context switches a write (Linux's {@code /proc/thread-self/status}).
 * The threads are named {@code tagged-N} and {@code untagged-N}, so a profiler's samples split by side.
 */
public final class WriteCpuFigures {
    private static final int BS = 4096;
    private static final int THREADS = 16;
    private static final long VOLUME = 1L << 30;

    private WriteCpuFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")),
                "write-cpu-");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try {
            run(dir, seconds, rounds);
        } finally {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A side's totals over its rounds. */
    private static final class Totals {
        final AtomicLong writes = new AtomicLong();
        final AtomicLong cpuNanos = new AtomicLong();
        final AtomicLong voluntary = new AtomicLong();
        final AtomicLong involuntary = new AtomicLong();
        double wallSeconds;
    }

    private interface Writer {
        void write(long offset, ByteBuffer data) throws Exception;
    }

    private static void run(Path dir, int seconds, int rounds) throws Exception {
        List<Device> devices = List.of(DeviceAddress.directory(dir.resolve("dev0")).format(BS),
                DeviceAddress.directory(dir.resolve("dev1")).format(BS));
        try (Mirror m = Mirror.create("m", VOLUME, devices, DurabilityMode.CRASH_SAFE)) {
            FileChannel[] plain = new FileChannel[2];
            for (int i = 0; i < 2; i++) {
                plain[i] = FileChannel.open(dir.resolve("dev" + i).resolve("objects").resolve(m.definition().objectId()),
                        StandardOpenOption.WRITE);
            }
            try {
                ByteBuffer fill = ByteBuffer.allocateDirect(1 << 20);
                for (long off = 0; off < VOLUME; off += fill.capacity()) {
                    for (FileChannel ch : plain) {
                        writeFully(ch, fill.duplicate(), off);
                    }
                }
                for (FileChannel ch : plain) {
                    ch.force(false);
                }
                ByteBuffer[] data = new ByteBuffer[64];
                SplittableRandom r = new SplittableRandom(7);
                for (int i = 0; i < data.length; i++) {
                    byte[] b = new byte[BS];
                    r.nextBytes(b);
                    data[i] = ByteBuffer.allocateDirect(BS).put(b).flip();
                }
                TagGenerator g = m.generator(1);
                Writer tagged = (offset, d) -> m.write(g, offset, d);
                Writer untagged = (offset, d) -> {
                    for (FileChannel ch : plain) {
                        writeFully(ch, d.duplicate(), offset);
                    }
                };
                Totals taggedTotals = new Totals();
                Totals untaggedTotals = new Totals();
                // a short round of each first, so the rounds counted run compiled code
                round("tagged", tagged, data, 2, new Totals());
                round("untagged", untagged, data, 2, new Totals());
                for (int i = 0; i < rounds; i++) {
                    // the order swapped every round, so neither side always follows the other's dirty pages
                    boolean taggedFirst = i % 2 == 0;
                    round(taggedFirst ? "tagged" : "untagged", taggedFirst ? tagged : untagged, data, seconds,
                            taggedFirst ? taggedTotals : untaggedTotals);
                    round(taggedFirst ? "untagged" : "tagged", taggedFirst ? untagged : tagged, data, seconds,
                            taggedFirst ? untaggedTotals : taggedTotals);
                }
                print("tagged", taggedTotals);
                print("untagged", untaggedTotals);
                double perWriteTagged = (double) taggedTotals.cpuNanos.get() / taggedTotals.writes.get();
                double perWriteUntagged = (double) untaggedTotals.cpuNanos.get() / untaggedTotals.writes.get();
                System.out.printf(Locale.ROOT, "CPU a write, untagged / tagged: %.3f%n", perWriteUntagged / perWriteTagged);
            } finally {
                for (FileChannel ch : plain) {
                    if (ch != null) {
                        ch.close();
                    }
                }
            }
        }
    }

    private static void round(String side, Writer writer, ByteBuffer[] data, int seconds, Totals totals)
            throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long began = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            long seed = 31L * t + 5;
            Thread th = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                long n = 0;
                long cpuBefore = mx.getCurrentThreadCpuTime();
                long[] switchesBefore = contextSwitches();
                try {
                    while (System.nanoTime() < until) {
                        writer.write(r.nextLong(VOLUME / BS) * BS, data[(int) (n % data.length)].duplicate());
                        n++;
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
                long[] switchesAfter = contextSwitches();
                totals.cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpuBefore);
                totals.voluntary.addAndGet(switchesAfter[0] - switchesBefore[0]);
                totals.involuntary.addAndGet(switchesAfter[1] - switchesBefore[1]);
                totals.writes.addAndGet(n);
            }, side + "-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        totals.wallSeconds += (System.nanoTime() - began) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(side + " writes failed: " + failures.get(0), failures.get(0));
        }
    }

    private static void print(String side, Totals t) {
        double writes = t.writes.get();
        System.out.printf(Locale.ROOT, "%-9s %9.0f writes/s  CPU %6.2f us a write  context switches a write:"
                        + " voluntary %.3f, involuntary %.3f%n", side, writes / t.wallSeconds, t.cpuNanos.get() / 1e3 / writes,
                t.voluntary.get() / writes, t.involuntary.get() / writes);
    }

    /** This thread's voluntary and involuntary context switches so far; zeros where the system does not say. */
    private static long[] contextSwitches() {
        long[] counts = new long[2];
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    counts[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    counts[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return new long[2];
        }
        return counts;
    }

    private static void writeFully(FileChannel ch, ByteBuffer data, long offset) throws java.io.IOException {
        while (data.hasRemaining()) {
            offset += ch.write(data, offset);
        }
    }
}
