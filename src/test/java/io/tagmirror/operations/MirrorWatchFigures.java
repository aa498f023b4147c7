package io.tagmirror.operations;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Figures for the event check the console runs every 15 s and {@code tagmirror monitor} every few
 * seconds, printed, not asserted (run with {@code java -cp ... MirrorWatchFigures [DIR]}): a workspace
 * with two mirrors whose members each hold 100,000 entries, checked once cold, then again and again
 * with nothing changed, then once after one member took one more batch of entries. Bytes read count
 * what came from the page cache too: they are the work a check does, whatever the disks.
 */
public final class MirrorWatchFigures {
    private static final int ENTRIES = 100_000;
    private static final int BATCH = 1000;
    private static final int CHECKS = 30;

    private MirrorWatchFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")),
                "watch-figures-");
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            List<Path> firstMembers = new ArrayList<>();
            for (String name : List.of("m1", "m2")) {
                firstMembers.add(mirror(ws, dir, name));
            }
            MirrorWatch watch = new MirrorWatch(Clock.systemUTC());
            System.out.printf(Locale.ROOT, "two mirrors of two directory devices, %,d entries on each device%n", ENTRIES);
            print("first check", measure(() -> watch.check(ws, List.of())));
            // the console checks every 15 s: by then the files written a moment ago are no longer too new to trust
            Thread.sleep(2500);
            Cost sum = new Cost(0, 0, 0);
            for (int i = 0; i < CHECKS; i++) {
                sum = sum.plus(measure(() -> watch.check(ws, List.of())));
            }
            print("a check, nothing changed (mean of " + CHECKS + ")", sum.over(CHECKS));
            try (DirectoryDevice d = DirectoryDevice.open(firstMembers.get(0), false)) {
                d.tagTable().append(entries(d.descriptor().mirror("m1").orElseThrow().objectId(), 9, BATCH));
            }
            print("a check after " + BATCH + " more entries on one device", measure(() -> watch.check(ws, List.of())));
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Mirror {@code name} of 64 MiB over two new directory devices, {@link #ENTRIES} entries on each; returns the first's path. */
    private static Path mirror(Workspace ws, Path dir, String name) throws IOException {
        Path a = dir.resolve(name + "-a");
        Path b = dir.resolve(name + "-b");
        try (DirectoryDevice da = DirectoryDevice.format(a, 4096);
             DirectoryDevice db = DirectoryDevice.format(b, 4096)) {
            da.setDurability(DurabilityMode.CRASH_SAFE);
            db.setDurability(DurabilityMode.CRASH_SAFE);
            try (Mirror m = Mirror.create(name, 64L << 20, List.of(da, db), DurabilityMode.CRASH_SAFE)) {
                String object = m.definition().objectId();
                for (int done = 0; done < ENTRIES; done += BATCH) {
                    List<TagEntry> batch = entries(object, 1, BATCH, done);
                    da.tagTable().append(batch);
                    db.tagTable().append(batch);
                }
                ws.addDevice(da.uuid(), a);
                ws.addDevice(db.uuid(), b);
                ws.addMirror(m.definition());
            }
        }
        return a;
    }

    private static List<TagEntry> entries(String object, long generator, int count) {
        return entries(object, generator, count, 0);
    }

    private static List<TagEntry> entries(String object, long generator, int count, int from) {
        List<TagEntry> out = new ArrayList<>(count);
        long blocks = (64L << 20) / 4096;
        for (int i = from; i < from + count; i++) {
            out.add(new TagEntry(new Tag(generator, i + 1), object, EntryKind.BLOCKS, (i * 7L) % (blocks - 8), 1 + i % 8,
                    (int) (generator * 1_000_003 + i)));
        }
        return out;
    }

    @FunctionalInterface
    private interface Check {
        void run() throws IOException;
    }

    /** What one check cost: wall time, this thread's CPU time, and bytes the process read (page cache included). */
    private record Cost(double wallMillis, double cpuMillis, double bytesRead) {
        Cost plus(Cost o) {
            return new Cost(wallMillis + o.wallMillis, cpuMillis + o.cpuMillis, bytesRead + o.bytesRead);
        }

        Cost over(int n) {
            return new Cost(wallMillis / n, cpuMillis / n, bytesRead / n);
        }
    }

    private static Cost measure(Check check) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long read0 = bytesRead();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        check.run();
        long wall = System.nanoTime() - t0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        return new Cost(wall / 1e6, cpu / 1e6, bytesRead() - read0);
    }

    private static void print(String what, Cost c) {
        System.out.printf(Locale.ROOT, "%-50s %8.1f ms wall, %8.1f ms CPU, %,12.0f bytes read%n", what + ":",
                c.wallMillis(), c.cpuMillis(), c.bytesRead());
    }

    /** The bytes this process read through system calls so far ({@code rchar} of /proc/self/io), or 0 elsewhere. */
    private static long bytesRead() throws IOException {
        Path io = Path.of("/proc/self/io");
        if (!Files.isReadable(io)) {
            return 0;
        }
        for (String line : Files.readAllLines(io)) {
            if (line.startsWith("rchar:")) {
                return Long.parseLong(line.substring("rchar:".length()).strip());
            }
        }
        return 0;
    }
}
