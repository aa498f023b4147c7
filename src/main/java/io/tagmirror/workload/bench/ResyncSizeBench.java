package io.tagmirror.workload.bench;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The same divergence (a fixed number of scattered 4 KiB blocks) resynchronised in mirrors of
 * different sizes: tags' time should not grow with the volume while the full scan's does, and per
 * divergent block it should stay near the floor of copying that block by hand (read it on both
 * devices, write it to the one that missed it, on the same files). The mirrors are sparse, so a
 * 64 GiB one needs no 128 GiB of disk; both sizes are made the same way so they compare fairly: only
 * the MiB around each divergent block is written before the outages, in 1 MiB writes.
 */
final class ResyncSizeBench {
    /** 0.1 % of a 1 GiB volume's 4 KiB blocks: the divergence the targets name. */
    static final int DIVERGENT_BLOCKS = 262;
    private static final int BS = 4096;
    private static final int WARM_ROUNDS = 3;

    private final Path root;
    private final List<Long> sizes;
    private final int repeats;
    private final long seed;
    private final boolean dropCaches;
    private final ByteBuffer[] pattern;
    private final Consumer<String> log;
    private long outages;

    ResyncSizeBench(Path root, List<Long> sizes, int repeats, long seed, boolean dropCaches, ByteBuffer[] pattern,
                    Consumer<String> log) {
        this.root = root;
        this.sizes = sizes;
        this.repeats = repeats;
        this.seed = seed;
        this.dropCaches = dropCaches;
        this.pattern = pattern;
        this.log = log;
    }

    Map<String, Object> run() throws IOException {
        List<Map<String, Object>> points = new ArrayList<>();
        for (long size : sizes) {
            points.add(measure(size));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("divergentBlocks", DIVERGENT_BLOCKS);
        out.put("sizes", points);
        Map<String, Object> first = points.get(0);
        Map<String, Object> last = points.get(points.size() - 1);
        double timeRatio = (double) last.get("tagSeconds") / (double) first.get("tagSeconds");
        double scanRatio = (double) last.get("scanSeconds") / (double) first.get("scanSeconds");
        out.put("tagTimeRatio", timeRatio);
        out.put("scanTimeRatio", scanRatio);
        out.put("perBlockVsFloor", points.stream().mapToDouble(p -> (double) p.get("perBlockVsFloor")).max().orElseThrow());
        log.accept(String.format("resync of %d scattered blocks, %s against %s: tags took %.2f× the time, the full scan"
                        + " %.1f×", DIVERGENT_BLOCKS, size((long) last.get("volumeBytes")),
                size((long) first.get("volumeBytes")), timeRatio, scanRatio));
        return out;
    }

    private Map<String, Object> measure(long size) throws IOException {
        Path dir = root.resolve("resync-" + (size >> 20) + "MiB");
        List<Device> devices = new ArrayList<>();
        Mirror mirror = null;
        FileChannel[] plain = new FileChannel[2];
        try {
            Files.createDirectories(dir);
            devices.add(DeviceAddress.directory(dir.resolve("dev0")).format(BS));
            devices.add(DeviceAddress.directory(dir.resolve("dev1")).format(BS));
            mirror = Mirror.create("resync" + (size >> 20), size, devices, DurabilityMode.CRASH_SAFE);
            for (int i = 0; i < 2; i++) {
                plain[i] = FileChannel.open(dir.resolve("dev" + i).resolve("objects").resolve(mirror.definition().objectId()),
                        StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return measure(size, mirror, devices, plain);
        } finally {
            try {
                if (mirror != null) {
                    mirror.close();
                }
            } finally {
                for (FileChannel ch : plain) {
                    if (ch != null) {
                        ch.close();
                    }
                }
                for (Device d : devices) {
                    d.close();
                }
            }
        }
    }

    private Map<String, Object> measure(long size, Mirror mirror, List<Device> devices, FileChannel[] plain)
            throws IOException {
        // the same count of blocks, scattered over the whole volume at each size
        long[] blocks = Benchmark.distinctBlocks(DIVERGENT_BLOCKS, size / BS, seed + 262);
        fillAround(plain, blocks);
        // untimed rounds, so the timed ones measure compiled code
        for (int round = 0; round < WARM_ROUNDS; round++) {
            diverge(mirror, devices, blocks);
            resync(mirror);
        }
        double[] tagRuns = new double[repeats];
        double[] floorRuns = new double[repeats];
        long tagBytesRead = 0;
        for (int rep = 0; rep < repeats; rep++) {
            diverge(mirror, devices, blocks);
            long t = System.nanoTime();
            long[] readCopied = resync(mirror);
            tagRuns[rep] = (System.nanoTime() - t) / 1e9;
            tagBytesRead = readCopied[0];
            if (readCopied[1] != (long) DIVERGENT_BLOCKS * BS) {
                throw new TagMirrorException("benchmark: repair copied " + readCopied[1] + " bytes, "
                        + (long) DIVERGENT_BLOCKS * BS + " diverged");
            }

            diverge(mirror, devices, blocks);
            t = System.nanoTime();
            bareCopy(plain, blocks);
            floorRuns[rep] = (System.nanoTime() - t) / 1e9;
            // the copy left the first device's entries of that outage; settle them untimed
            resync(mirror);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        double tag = Benchmark.median(tagRuns);
        double floor = Benchmark.median(floorRuns);
        p.put("volumeBytes", size);
        p.put("tagSeconds", tag);
        p.put("tagSecondsRuns", tagRuns);
        p.put("tagBytesRead", tagBytesRead);
        p.put("tagMicrosPerBlock", tag * 1e6 / DIVERGENT_BLOCKS);
        p.put("floorSeconds", floor);
        p.put("floorSecondsRuns", floorRuns);
        p.put("floorMicrosPerBlock", floor * 1e6 / DIVERGENT_BLOCKS);
        p.put("perBlockVsFloor", tag / floor);
        if (dropCaches) {
            diverge(mirror, devices, blocks);
            PageCache.drop();
            long t = System.nanoTime();
            resync(mirror);
            p.put("tagColdSeconds", (System.nanoTime() - t) / 1e9);
        }
        diverge(mirror, devices, blocks);
        log.accept("scanning both " + size(size) + " objects (the full scan reads " + size(2 * size) + ")");
        long t = System.nanoTime();
        long[] scan = FullScan.run(plain[0], plain[1], size);
        double scanSeconds = (System.nanoTime() - t) / 1e9;
        if (scan[1] != (long) DIVERGENT_BLOCKS * BS) {
            throw new TagMirrorException("benchmark: the full scan copied " + scan[1] + " bytes, "
                    + (long) DIVERGENT_BLOCKS * BS + " diverged");
        }
        resync(mirror);
        p.put("scanSeconds", scanSeconds);
        p.put("scanBytesRead", scan[0]);
        log.accept(String.format("resync of %d scattered 4 KiB blocks in a %s sparse mirror: tags %.1f ms (%.1f µs a"
                        + " block; runs %s), a bare read-read-write %.1f µs a block (%.2f×)%s; full scan %.2f s",
                DIVERGENT_BLOCKS, size(size), tag * 1e3, tag * 1e6 / DIVERGENT_BLOCKS, millis(tagRuns),
                floor * 1e6 / DIVERGENT_BLOCKS, tag / floor,
                p.containsKey("tagColdSeconds")
                        ? String.format("; tags from a cold cache %.1f ms", (double) p.get("tagColdSeconds") * 1e3) : "",
                scanSeconds));
        return p;
    }

    /**
     * Writes the MiB around each divergent block on both devices with 1 MiB writes, as the first full
     * copy of a volume does (the rest of a sparse mirror stays a hole). Where a block lies matters to
     * both sides alike: a 4 KiB write into a region written in 1 MiB writes costs the kernel about ten
     * times one into a region written in 4 KiB writes (performance.md), for tags and floor alike.
     */
    private void fillAround(FileChannel[] plain, long[] blocks) throws IOException {
        ByteBuffer mib = ByteBuffer.allocateDirect(1 << 20);
        for (int i = 0; mib.hasRemaining(); i++) {
            mib.put(pattern[i % pattern.length].duplicate());
        }
        long filled = -1;
        for (long block : blocks) {
            long start = block * BS & -(1L << 20);
            if (start == filled) {
                continue;
            }
            for (FileChannel ch : plain) {
                mib.clear();
                while (mib.hasRemaining()) {
                    ch.write(mib, start + mib.position());
                }
            }
            filled = start;
        }
    }

    private void diverge(Mirror mirror, List<Device> devices, long[] blocks) throws IOException {
        Outage.diverge(mirror, devices.get(1), blocks, 1, pattern, ++outages);
    }

    /** Compare and repair: tag-driven resync. Returns the bytes compare read and repair copied. */
    private static long[] resync(Mirror mirror) throws IOException {
        CompareReport report = mirror.compare(TaskMonitor.NONE);
        RepairReport repair = mirror.repair(report, RepairPolicy.NONE, TaskMonitor.NONE);
        return new long[] {report.bytesRead(), repair.bytesCopied()};
    }

    /** The floor of copying the divergent blocks: read each on both devices, write it to the second. */
    private static void bareCopy(FileChannel[] plain, long[] blocks) throws IOException {
        ByteBuffer a = ByteBuffer.allocateDirect(BS);
        ByteBuffer b = ByteBuffer.allocateDirect(BS);
        for (long block : blocks) {
            long off = block * BS;
            FullScan.readFully(plain[0], a.clear(), off);
            FullScan.readFully(plain[1], b.clear(), off);
            a.flip();
            while (a.hasRemaining()) {
                plain[1].write(a, off + a.position());
            }
        }
    }

    private static String millis(double[] runs) {
        StringBuilder b = new StringBuilder();
        for (double r : runs) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("%.1f", r * 1e3));
        }
        return b.toString();
    }

    static String size(long bytes) {
        return bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }
}
