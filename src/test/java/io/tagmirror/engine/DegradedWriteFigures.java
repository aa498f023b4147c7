package io.tagmirror.engine;

import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Figures for the write path of a degraded mirror, printed, not asserted (run with
 * {@code java -cp ... DegradedWriteFigures DIR}): four writers, each with its own generator, write
 * the same number of seeded random 4 KiB blocks through a mirror of three directory devices
 * (crash-safe, page cache), once with every member online and once with one taken offline. Every
 * write of the degraded mirror checks whether the members it misses were announced; a check that
 * takes a shared monitor shows as the degraded rate falling behind the whole one.
 */
public final class DegradedWriteFigures {
    private static final int BS = 4096;
    private static final long SIZE = 64L << 20;
    private static final int WRITERS = 4;
    private static final int WRITES = 20_000;

    private DegradedWriteFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")),
                "degraded-writes-");
        try {
            for (int run = 1; run <= 4; run++) {
                // each shape goes first in turn: the first mirror of a run is the slowest to warm up
                for (int k = 0; k < 2; k++) {
                    boolean degraded = (run + k) % 2 == 0;
                    double rate = writers(dir.resolve("run" + run + (degraded ? "-degraded" : "-whole")), degraded);
                    System.out.printf(Locale.ROOT, "run %d: %d writers, %-8s %,9.0f writes/s%n", run, WRITERS,
                            degraded ? "degraded" : "whole", rate);
                }
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Writes per second of {@link #WRITERS} threads, with the third member offline when {@code degraded}. */
    private static double writers(Path dir, boolean degraded) throws Exception {
        Files.createDirectories(dir);
        try (DirectoryDevice a = DirectoryDevice.format(dir.resolve("a"), BS);
             DirectoryDevice b = DirectoryDevice.format(dir.resolve("b"), BS);
             DirectoryDevice c = DirectoryDevice.format(dir.resolve("c"), BS);
             Mirror mirror = Mirror.create("figures", SIZE, List.of(a, b, c), DurabilityMode.CRASH_SAFE)) {
            if (degraded) {
                mirror.takeOffline(c.uuid(), "figures");
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                TagGenerator generator = mirror.generator(t + 1);
                int seed = t;
                Thread thread = new Thread(() -> {
                    Random random = new Random(seed);
                    ByteBuffer data = ByteBuffer.allocate(BS);
                    try {
                        start.await();
                        for (int i = 0; i < WRITES; i++) {
                            long block = (long) (random.nextDouble() * (SIZE / BS));
                            mirror.write(generator, block * BS, data.clear());
                        }
                    } catch (InterruptedException | IOException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "figures-writer-" + t);
                threads.add(thread);
                thread.start();
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long ns = System.nanoTime() - t0;
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a writer failed", failures.get(0));
            }
            return (double) WRITERS * WRITES / (ns / 1e9);
        }
    }
}
