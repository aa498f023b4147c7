package io.tagmirror.engine;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link KillNineCrashTest}: several threads, two generators, writing to a
 * mirror until killed. Each thread owns a region of blocks, so the parent can tell from the log which
 * data each byte may hold. It prints {@code W thread i offset length} before issuing a write,
 * {@code A thread i} when it returns, and {@code F thread i} when a flush after write i returns.
 */
public final class CrashWriter {
    static final int THREADS = 4;
    static final int REGION_BLOCKS = 128;
    static final int BS = 4096;

    private CrashWriter() {
    }

    /** The data of write {@code i} of thread {@code t}: seeded, never all zeros. */
    static ByteBuffer data(long seed, int thread, int i, int length) {
        byte[] b = new byte[length];
        new Random(seed * 1_000_003L + thread * 100_003L + i).nextBytes(b);
        b[0] |= 1;
        return ByteBuffer.wrap(b);
    }

    /** Where write {@code i} of thread {@code t} goes: offset and length inside the thread's region. */
    static long[] placement(long seed, int thread, int i) {
        Random r = new Random(seed * 7_919L + thread * 104_729L + i * 31L);
        long regionStart = (long) thread * REGION_BLOCKS * BS;
        int kind = r.nextInt(8);
        if (kind < 2) {
            // large writes keep a transaction in flight long enough for kills to land between devices
            int blocks = 32 + r.nextInt(REGION_BLOCKS - 32);
            long first = r.nextInt(REGION_BLOCKS - blocks + 1);
            return new long[] {regionStart + first * BS, (long) blocks * BS};
        }
        if (kind < 6) {
            int blocks = 1 + r.nextInt(8);
            long first = r.nextInt(REGION_BLOCKS - blocks + 1);
            return new long[] {regionStart + first * BS, (long) blocks * BS};
        }
        int length = 1 + r.nextInt(3 * BS);
        long offset = r.nextInt(REGION_BLOCKS * BS - length + 1);
        return new long[] {regionStart + offset, length};
    }

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args[0]);
        long seed = Long.parseLong(args[1]);
        DurabilityMode mode = DurabilityMode.parse(args[2]);
        PrintStream out = new PrintStream(System.out, true);
        // a folder is a directory device, a file an image file's block device
        List<Device> devices = List.of(DeviceAddress.at(root.resolve("dev0")).open(false),
                DeviceAddress.at(root.resolve("dev1")).open(false));
        MirrorDefinition def = devices.get(0).descriptor().mirror("m").orElseThrow();
        Mirror mirror = Mirror.open(def, devices, mode);
        out.println("READY");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    TagGenerator g = mirror.generator(1 + thread % 2);
                    Random flushes = new Random(seed + thread);
                    for (int i = 0; i < 1_000_000; i++) {
                        long[] p = placement(seed, thread, i);
                        out.println("W " + thread + " " + i + " " + p[0] + " " + p[1]);
                        mirror.write(g, p[0], data(seed, thread, i, (int) p[1]));
                        out.println("A " + thread + " " + i);
                        if (flushes.nextInt(10) == 0) {
                            mirror.flush();
                            out.println("F " + thread + " " + i);
                        }
                    }
                } catch (Exception e) {
                    out.println("E " + thread + " " + e);
                }
            }, "crash-writer-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        out.println("DONE");
    }
}
