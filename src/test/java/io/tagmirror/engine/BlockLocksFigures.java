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
 * Figures for the block locks, printed, not asserted (run with {@code java -cp ... BlockLocksFigures DIR}):
 * two writers through a mirror of two directory devices (crash-safe, page cache), the same seeded
 * random 4 KiB writes, the second writer at a fixed distance from the first; and what taking the
 * locks of one large write costs a single thread. A distance at which the writers wait for each other
 * although they never touch the same block shows as fewer writes per second than the control distance.
 */
public final class BlockLocksFigures {
    private static final int BS = 4096;
    private static final long SIZE = 64L << 20;
    private static final int WRITES = 20_000;

    private BlockLocksFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")),
                "block-locks-");
        try {
            long[] distances = {16L << 20, 8L << 20, 24L << 20};
            for (int run = 1; run <= 6; run++) {
                // each distance goes first in turn: the first mirror of a run is the slowest to warm up
                for (int k = 0; k < distances.length; k++) {
                    long apart = distances[(run + k) % distances.length];
                    double rate = twoWriters(dir.resolve("run" + run + "-" + (apart >> 20)), apart);
                    System.out.printf(Locale.ROOT, "run %d: two writers %2d MiB apart: %,8.0f writes/s%n", run, apart >> 20, rate);
                }
            }
            for (int blocks : new int[] {1, 256, 8192}) {
                System.out.printf(Locale.ROOT, "lock and release of %5d blocks (%s): %,10.0f ns%n", blocks,
                        ByteSize.format((long) blocks * BS), lockCost(blocks));
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Writes per second of two threads writing the same seeded blocks, the second {@code apart} bytes further. */
    private static double twoWriters(Path dir, long apart) throws Exception {
        Files.createDirectories(dir);
        try (DirectoryDevice a = DirectoryDevice.format(dir.resolve("a"), BS);
             DirectoryDevice b = DirectoryDevice.format(dir.resolve("b"), BS);
             Mirror mirror = Mirror.create("figures", SIZE, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                long base = t * apart;
                TagGenerator generator = mirror.generator(t + 1);
                Thread thread = new Thread(() -> {
                    Random random = new Random(7);
                    ByteBuffer data = ByteBuffer.allocate(BS);
                    long span = (SIZE - apart) / BS;
                    try {
                        start.await();
                        for (int i = 0; i < WRITES; i++) {
                            long block = (long) (random.nextDouble() * span);
                            mirror.write(generator, base + block * BS, data.clear());
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
            return 2.0 * WRITES / (ns / 1e9);
        }
    }

    /** Nanoseconds one thread spends taking and giving back the locks of a write of {@code blocks} blocks. */
    private static double lockCost(int blocks) {
        BlockLocks locks = new BlockLocks();
        int rounds = Math.max(200, 2_000_000 / blocks);
        for (int i = 0; i < rounds; i++) {
            locks.lock(i * 7L, blocks).close();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            locks.lock(i * 7L, blocks).close();
        }
        return (System.nanoTime() - t0) / (double) rounds;
    }
}
