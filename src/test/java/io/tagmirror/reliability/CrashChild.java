package io.tagmirror.reliability;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.replay.Replayer;
import io.tagmirror.workload.replay.WorkloadSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The child process of {@link ProcessCrashTest}: runs one phase (replay, writers with frequent
 * flush and trim, compare + repair, verify, device creation, mirror creation) until it is killed,
 * printing a line just before each step it takes, so the parent can aim its SIGKILL at a step.
 */
public final class CrashChild {
    static final int BS = 4096;
    static final String MIRROR = "m";

    private static final PrintStream OUT = new PrintStream(System.out, true);

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        switch (args[0]) {
            case "warmup" -> warmup(root);
            case "replay" -> replay(root, Long.parseLong(args[2]), DurabilityMode.parse(args[3]), Integer.parseInt(args[4]));
            case "writers" -> writers(root, Long.parseLong(args[2]), DurabilityMode.parse(args[3]));
            case "repair" -> repair(root, DurabilityMode.parse(args[2]));
            case "verify" -> verify(root, DurabilityMode.parse(args[2]));
            case "create-devices" -> createDevices(root);
            case "create-mirrors" -> createMirrors(root, DurabilityMode.parse(args[2]));
            case "hold" -> hold(root);
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
    }

    /** Device directories {@code dev0, dev1, ...} under {@code root}. */
    static List<Path> deviceDirs(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().matches("dev\\d+")).sorted().toList();
        }
    }

    private static List<DirectoryDevice> openDevices(Path root) throws IOException {
        List<DirectoryDevice> devices = new ArrayList<>();
        for (Path p : deviceDirs(root)) {
            devices.add(DirectoryDevice.open(p, false));
        }
        return devices;
    }

    private static Mirror openMirror(List<DirectoryDevice> devices, DurabilityMode mode) throws IOException {
        MirrorDefinition def = devices.get(0).descriptor().mirror(MIRROR).orElseThrow();
        return Mirror.open(def, devices, mode);
    }

    /** Loads and runs the classes the phases use once, so the class-data-sharing archive holds them. */
    private static void warmup(Path root) throws IOException {
        Files.createDirectories(root);
        List<DirectoryDevice> devices = List.of(DirectoryDevice.format(root.resolve("dev0"), BS),
                DirectoryDevice.format(root.resolve("dev1"), BS));
        try (Mirror m = Mirror.create(MIRROR, 64L * BS, devices, DurabilityMode.POWER_SAFE)) {
            TagGenerator g = m.generator(1);
            m.write(g, 0, data(1, 0, 0, 3 * BS));
            m.takeOffline(devices.get(1).uuid(), "warm-up");
            m.write(g, 100, data(1, 0, 1, 5000));
            m.flush();
            m.bringOnline(devices.get(1).uuid());
            CompareReport report = m.compare(TaskMonitor.NONE);
            m.repair(report, RepairPolicy.NEWEST_SEQUENCE, TaskMonitor.NONE);
            m.verify(TaskMonitor.NONE);
        }
        try (Mirror m = Mirror.open(devices.get(0).descriptor().mirror(MIRROR).orElseThrow(), devices,
                DurabilityMode.CRASH_SAFE)) {
            List<WorkloadOp> ops = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ops.add(WorkloadOp.write("", (long) i * BS, BS, -1, i));
            }
            ops.add(WorkloadOp.flush("", -1, 20));
            Replayer.builder(m, WorkloadSource.of(ops.iterator(), "warm-up")).writers(2).build().run();
        }
        for (DirectoryDevice d : devices) {
            d.close();
        }
    }

    /** The data of write {@code i} of stream {@code s}: seeded, never all zeros. */
    static ByteBuffer data(long seed, int stream, long i, int length) {
        byte[] b = new byte[length];
        new Random(seed * 1_000_003L + stream * 100_003L + i).nextBytes(b);
        b[0] |= 1;
        return ByteBuffer.wrap(b);
    }

    /** Where write {@code i} of a stream goes inside a region of {@code regionBlocks}: offset and length. */
    static long[] placement(Random r, long regionStart, int regionBlocks) {
        int kind = r.nextInt(10);
        if (kind < 2) {
            int blocks = Math.min(regionBlocks, 16 + r.nextInt(Math.max(1, regionBlocks / 2)));
            long first = r.nextInt(regionBlocks - blocks + 1);
            return new long[] {regionStart + first * BS, (long) blocks * BS};
        }
        if (kind < 8) {
            int blocks = 1 + r.nextInt(8);
            long first = r.nextInt(regionBlocks - blocks + 1);
            return new long[] {regionStart + first * BS, (long) blocks * BS};
        }
        int length = 1 + r.nextInt(3 * BS);
        long offset = r.nextInt(regionBlocks * BS - length + 1);
        return new long[] {regionStart + offset, length};
    }

    /** A replay with several writers; the source prints each write before the replayer takes it, and each flush that returned. */
    private static void replay(Path root, long seed, DurabilityMode mode, int writers) throws IOException {
        List<DirectoryDevice> devices = openDevices(root);
        Mirror mirror = openMirror(devices, mode);
        int blocks = (int) mirror.lengthBlocks();
        Random r = Reliability.random(seed);
        WorkloadSource source = new WorkloadSource() {
            private long writes;
            private boolean flushPending;

            @Override
            public Optional<WorkloadOp> next() {
                if (flushPending) {
                    // The replayer asks for the next operation only once the flush returned.
                    OUT.println("F " + writes);
                    flushPending = false;
                }
                if (writes > 0 && r.nextInt(25) == 0) {
                    flushPending = true;
                    return Optional.of(WorkloadOp.flush("", -1, writes));
                }
                long[] p = placement(r, 0, blocks);
                OUT.println("W " + writes + " " + p[0] + " " + p[1]);
                return Optional.of(WorkloadOp.write("", p[0], p[1], -1, writes++));
            }

            @Override
            public String description() {
                return "reliability replay, seed " + seed;
            }
        };
        OUT.println("READY");
        Replayer.builder(mirror, source).writers(writers).queueDepth(8).seed(seed).devices(devices).build().run();
        OUT.println("DONE");
    }

    /** Threads that each write their own region and flush often, so kills land in flushes and trims. */
    private static void writers(Path root, long seed, DurabilityMode mode) throws Exception {
        List<DirectoryDevice> devices = openDevices(root);
        Mirror mirror = openMirror(devices, mode);
        int threads = 3;
        int region = (int) (mirror.lengthBlocks() / threads);
        OUT.println("READY");
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    TagGenerator g = mirror.generator(1 + thread % 2);
                    Random r = Reliability.random(seed * 31 + thread);
                    for (int i = 0; ; i++) {
                        long[] p = placement(r, (long) thread * region * BS, region);
                        OUT.println("W " + thread + " " + i + " " + p[0] + " " + p[1]);
                        mirror.write(g, p[0], data(seed, thread, i, (int) p[1]));
                        if (r.nextInt(3) == 0) {
                            OUT.println("S " + thread + " " + i);
                            mirror.flush();
                            OUT.println("F " + thread + " " + i);
                        }
                    }
                } catch (Exception e) {
                    OUT.println("E " + thread + " " + e);
                }
            }, "crash-child-writer-" + t);
            running.add(th);
            th.start();
        }
        for (Thread th : running) {
            th.join();
        }
    }

    private static TaskMonitor printing(String prefix) {
        return new TaskMonitor() {
            @Override
            public void progress(String phase, long done, long total) {
                OUT.println(prefix + " " + done + " " + total);
            }

            @Override
            public boolean isCancelled() {
                OUT.println(prefix + "?");
                return false;
            }
        };
    }

    /** Compare, repair and verify, over and over, reporting each step. */
    private static void repair(Path root, DurabilityMode mode) throws IOException {
        List<DirectoryDevice> devices = openDevices(root);
        Mirror mirror = openMirror(devices, mode);
        OUT.println("READY");
        for (int pass = 0; ; pass++) {
            OUT.println("C " + pass);
            CompareReport report = mirror.compare(printing("c"));
            OUT.println("R " + pass);
            mirror.repair(report, RepairPolicy.NEWEST_SEQUENCE, printing("r"));
            OUT.println("V " + pass);
            mirror.verify(printing("v"));
        }
    }

    /** Verify over and over. */
    private static void verify(Path root, DurabilityMode mode) throws IOException {
        List<DirectoryDevice> devices = openDevices(root);
        Mirror mirror = openMirror(devices, mode);
        OUT.println("READY");
        for (int pass = 0; ; pass++) {
            OUT.println("V " + pass);
            mirror.verify(printing("v"));
        }
    }

    /** Holds device {@code root} open until its standard input closes. */
    private static void hold(Path device) throws IOException {
        try (DirectoryDevice d = DirectoryDevice.open(device, false)) {
            OUT.println("HELD " + d.uuid());
            while (System.in.read() >= 0) {
                // wait for the parent to close the pipe
            }
        }
        OUT.println("RELEASED");
    }

    /** Formats devices {@code dev-0, dev-1, ...} one after another. */
    private static void createDevices(Path root) throws IOException {
        OUT.println("READY");
        for (int i = 0; ; i++) {
            OUT.println("D " + i);
            DirectoryDevice.format(root.resolve("dev-" + i), BS).close();
            OUT.println("d " + i);
        }
    }

    /** Formats pairs of devices and makes a mirror on each pair, one after another. */
    private static void createMirrors(Path root, DurabilityMode mode) throws IOException {
        OUT.println("READY");
        for (int i = 0; ; i++) {
            OUT.println("D " + i);
            List<DirectoryDevice> pair = List.of(DirectoryDevice.format(root.resolve("a-" + i), BS),
                    DirectoryDevice.format(root.resolve("b-" + i), BS));
            OUT.println("M " + i);
            Mirror.create(MIRROR, 32L * BS, pair, mode).close();
            for (DirectoryDevice d : pair) {
                d.close();
            }
            OUT.println("m " + i);
        }
    }
}
