package io.tagmirror.engine.block;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.TagGenerator;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures, printed, not asserted (run with {@code java -cp ... LogRoomStallFigures DIR [MiB] [writers]
 * [writes each]}): how long a write waits at the longest while the mirror makes room in its members'
 * tag logs. Two image files (a 1 GiB data region each by default, filled 1 MiB at a time as the bench
 * fills them, logs of the default size), sixteen writers of seeded random 4 KiB writes, in each
 * durability mode: writes a second, the median and longest wait, and how many times the mirror trimmed
 * the logs.
 */
public final class LogRoomStallFigures {
    private static final int BS = 4096;

    private LogRoomStallFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")),
                "log-room-");
        long volume = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int each = args.length > 3 ? Integer.parseInt(args[3]) : 25_000;
        try {
            for (DurabilityMode mode : DurabilityMode.values()) {
                run(dir.resolve(mode.name()), volume, writers, each, mode);
            }
        } finally {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(Path dir, long volume, int writers, int each, DurabilityMode mode) throws Exception {
        Files.createDirectories(dir);
        List<BlockDevice> devices = new ArrayList<>();
        for (String name : List.of("a.img", "b.img")) {
            devices.add(BlockDevice.createImage(dir.resolve(name), volume + (64L << 20), BS));
        }
        AtomicInteger trims = new AtomicInteger();
        try (Mirror m = Mirror.create("m", volume, devices, mode)) {
            TagGenerator filler = m.generator(1);
            byte[] mib = new byte[1 << 20];
            new Random(1).nextBytes(mib);
            for (long at = 0; at < volume; at += mib.length) {
                m.write(filler, at, ByteBuffer.wrap(mib));
            }
            m.flush();
            m.addListener(e -> {
                if (e.kind() == MirrorEvent.Kind.TRIMMED) {
                    trims.incrementAndGet();
                }
            });
            long blocks = volume / BS;
            long[][] waits = new long[writers][each];
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                int writer = t;
                Thread th = new Thread(() -> {
                    try {
                        TagGenerator g = m.generator(100 + writer);
                        Random r = new Random(writer);
                        byte[] b = new byte[BS];
                        r.nextBytes(b);
                        go.await();
                        for (int i = 0; i < each; i++) {
                            long start = System.nanoTime();
                            m.write(g, Math.floorMod(r.nextLong(), blocks) * BS, ByteBuffer.wrap(b));
                            waits[writer][i] = System.nanoTime() - start;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "figures-writer-" + t);
                th.start();
                threads.add(th);
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] all = Arrays.stream(waits).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s, %d writers: %.0f writes/s, median %.0f µs, 99.9th %.1f ms, longest %.0f ms,"
                    + " %d trims%n", mode.label(), writers, all.length / seconds, all[all.length / 2] / 1e3,
                    all[(int) (all.length * 0.999)] / 1e6, all[all.length - 1] / 1e6, trims.get());
        } finally {
            for (BlockDevice d : devices) {
                d.close();
            }
        }
    }
}
