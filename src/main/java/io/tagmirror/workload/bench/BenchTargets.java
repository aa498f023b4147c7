package io.tagmirror.workload.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TagMirror's performance claims as targets, checked against one run's figures: a user sees on
 * their own drive which hold, rather than reading ours. Only targets whose points the run measured
 * are checked. Each target has a stable {@code id} that scripts and docs/performance.md use; an id
 * is never reused for a different measure.
 */
final class BenchTargets {
    static final double CRASH_SAFE_QD1_RATIO = 0.75;
    static final double CRASH_SAFE_QD16_RATIO = 0.90;
    static final double POWER_SAFE_QD128_RATIO = 0.75;
    static final double POWER_SAFE_VS_CRASH_SAFE = 0.80;
    static final int COMPARE_ENTRIES = 1_000_000;
    static final double COMPARE_SECONDS = 2.0;
    static final long COMPARE_HEAP_BYTES = 256L << 20;
    static final double OPEN_SECONDS = 1.0;
    static final double RESYNC_DIVERGENCE = 0.001;
    static final double RESYNC_SIZE_RATIO = 1.5;
    static final double RESYNC_PER_BLOCK_VS_FLOOR = 2.0;
    static final double NBD_CRASH_SAFE_VS_QUORUM = 1.0;
    static final double NBD_POWER_SAFE_VS_QUORUM = 0.80;

    private BenchTargets() {
    }

    static List<Map<String, Object>> check(Map<String, Object> run) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (run.get("write") instanceof Map<?, ?> write && write.get("points") instanceof List<?> points
                && filledAsTheTargetsAssume(write)) {
            writeTargets(points, out, "");
        }
        if (run.get("writeBlock") instanceof Map<?, ?> write && write.get("points") instanceof List<?> points
                && filledAsTheTargetsAssume(write)) {
            // the same targets on image files (block devices), ids ending in .block
            writeTargets(points, out, ".block");
        }
        if (run.get("compare") instanceof List<?> compare) {
            compareTargets(compare, out);
        }
        if (run.get("resync") instanceof List<?> resync) {
            resyncTargets(resync, out);
        }
        if (run.get("resyncSizes") instanceof Map<?, ?> sizes) {
            resyncSizeTargets(sizes, out);
        }
        if (run.get("nbd") instanceof Map<?, ?> nbd && nbd.get("ratios") instanceof Map<?, ?> ratios) {
            nbdTargets(ratios, out);
        }
        return out;
    }

    /** Whether a write part ran on devices filled as the write targets assume (1 MiB at a time: large folios). */
    private static boolean filledAsTheTargetsAssume(Map<?, ?> write) {
        return !(write.get("fillBytes") instanceof Number n) || n.intValue() == Benchmark.DEFAULT_FILL_BYTES;
    }

    private static void writeTargets(List<?> points, List<Map<String, Object>> out, String kind) {
        Optional<Map<?, ?>> crash1 = point(points, "crash-safe", 1);
        Optional<Map<?, ?>> crash16 = point(points, "crash-safe", 16);
        Optional<Map<?, ?>> power1 = point(points, "power-safe", 1);
        Optional<Map<?, ?>> power16 = point(points, "power-safe", 16);
        Optional<Map<?, ?>> power128 = point(points, "power-safe", 128);
        crash1.ifPresent(p -> out.add(atLeast("write.crashSafe.qd1" + kind,
                "crash-safe 4 KiB random writes at queue depth 1, tagged / untagged", number(p, "ratio"),
                CRASH_SAFE_QD1_RATIO)));
        crash16.ifPresent(p -> out.add(atLeast("write.crashSafe.qd16" + kind,
                "crash-safe 4 KiB random writes at queue depth 16, tagged / untagged", number(p, "ratio"),
                CRASH_SAFE_QD16_RATIO)));
        power128.ifPresent(p -> out.add(atLeast("write.powerSafe.qd128" + kind,
                "power-safe 4 KiB random writes at queue depth 128, tagged / untagged", number(p, "ratio"),
                POWER_SAFE_QD128_RATIO)));
        if (power1.isPresent() && crash1.isPresent()) {
            out.add(atLeast("write.powerSafe.qd1.vsCrashSafe" + kind,
                    "power-safe / crash-safe tagged 4 KiB random writes at queue depth 1, each against its own untagged floor",
                    vsCrashSafe(power1.get(), crash1.get()), POWER_SAFE_VS_CRASH_SAFE));
        }
        if (power16.isPresent() && crash16.isPresent()) {
            out.add(atLeast("write.powerSafe.qd16.vsCrashSafe" + kind,
                    "power-safe / crash-safe tagged 4 KiB random writes at queue depth 16, each against its own untagged floor",
                    vsCrashSafe(power16.get(), crash16.get()), POWER_SAFE_VS_CRASH_SAFE));
        }
    }

    /**
     * Power-safe against crash-safe writes: the two modes run minutes apart, on a machine whose speed
     * drifts meanwhile, so each mode's writes are taken against the untagged floor measured beside
     * them (the same untagged writes in both modes) and the two ratios are divided.
     */
    private static double vsCrashSafe(Map<?, ?> powerSafe, Map<?, ?> crashSafe) {
        return number(powerSafe, "ratio") / number(crashSafe, "ratio");
    }

    /** The write part's 4 KiB random point in that mode at that depth, if the run measured it. */
    private static Optional<Map<?, ?>> point(List<?> points, String mode, int queueDepth) {
        for (Object o : points) {
            if (o instanceof Map<?, ?> p && mode.equals(p.get("mode")) && "random-4k".equals(p.get("pattern"))
                    && p.get("queueDepth") instanceof Number qd && qd.intValue() == queueDepth) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void compareTargets(List<?> compare, List<Map<String, Object>> out) {
        for (Object o : compare) {
            Map<?, ?> p = (Map<?, ?>) o;
            if (((Number) p.get("entries")).intValue() != COMPARE_ENTRIES) {
                continue;
            }
            double seconds = number(p, "seconds");
            long heap = ((Number) p.get("heapBytes")).longValue();
            out.add(target("compare.1M.seconds", "compare of 1,000,000 entries per device, seconds", seconds,
                    "< " + COMPARE_SECONDS, seconds < COMPARE_SECONDS));
            out.add(target("compare.1M.heapMiB", "compare of 1,000,000 entries per device, peak heap MiB",
                    heap / (double) (1 << 20), "< " + (COMPARE_HEAP_BYTES >> 20), heap < COMPARE_HEAP_BYTES));
            double open = number(p, "openSeconds");
            out.add(target("open.1M.seconds", "opening the mirror with 1,000,000 entries outstanding, seconds", open,
                    "< " + OPEN_SECONDS, open < OPEN_SECONDS));
        }
    }

    private static void resyncTargets(List<?> resync, List<Map<String, Object>> out) {
        for (Object o : resync) {
            Map<?, ?> p = (Map<?, ?>) o;
            if (number(p, "divergence") != RESYNC_DIVERGENCE) {
                continue;
            }
            int writeKiB = ((Number) p.get("writeBytes")).intValue() / 1024;
            long copied = ((Number) p.get("bytesCopied")).longValue();
            long divergent = ((Number) p.get("divergentBytes")).longValue();
            out.add(target("resync.bytesCopied.w" + writeKiB + "k",
                    "resync at 0.1 % divergence in " + writeKiB + " KiB writes, bytes copied / divergent",
                    copied / (double) divergent, "= 1", copied == divergent));
        }
    }

    /**
     * Replaces "resync at 0.1 % is 100× faster than the full scan", which compared against a scan
     * reading the page cache at memory speed: what holds on any drive is that tags' time does not
     * grow with the volume and stays near the floor of copying each divergent block.
     */
    private static void resyncSizeTargets(Map<?, ?> sizes, List<Map<String, Object>> out) {
        List<?> points = (List<?>) sizes.get("sizes");
        if (points.size() >= 2) {
            Map<?, ?> first = (Map<?, ?>) points.get(0);
            Map<?, ?> last = (Map<?, ?>) points.get(points.size() - 1);
            out.add(atMost("resync.sizeIndependence", String.format(
                    "resync of %s scattered 4 KiB blocks, time in %s / in %s (the full scan: %.1f×)",
                    sizes.get("divergentBlocks"), size(last), size(first), number(sizes, "scanTimeRatio")),
                    number(sizes, "tagTimeRatio"), RESYNC_SIZE_RATIO));
        }
        out.add(atMost("resync.perBlockVsFloor",
                "resync time per divergent block / a bare read-read-write of it (the worst size)",
                number(sizes, "perBlockVsFloor"), RESYNC_PER_BLOCK_VS_FLOOR));
    }

    /**
     * Through NBD with fio, TagMirror against QEMU's quorum mirror (tracks nothing for resync) and
     * against one file served by nbdkit (the ceiling, reported only).
     */
    private static void nbdTargets(Map<?, ?> ratios, List<Map<String, Object>> out) {
        nbdTarget(ratios, "crashSafe.qd1.vsQuorum", "crash-safe TagMirror / QEMU quorum, 4 KiB random writes at depth 1",
                NBD_CRASH_SAFE_VS_QUORUM, out);
        nbdTarget(ratios, "crashSafe.qd16.vsQuorum", "crash-safe TagMirror / QEMU quorum, 4 KiB random writes at depth 16",
                NBD_CRASH_SAFE_VS_QUORUM, out);
        if (ratios.get("crashSafe.qd16.vsSingleFile") instanceof Map<?, ?> r) {
            out.add(target("nbd.qd16.vsSingleFile", "crash-safe TagMirror / nbdkit on one file, 4 KiB random writes at"
                    + " depth 16", number(r, "ratio"), "reported", null));
        }
        nbdTarget(ratios, "powerSafe.qd1.vsQuorum", "power-safe TagMirror / QEMU quorum, 4 KiB random writes at depth 1",
                NBD_POWER_SAFE_VS_QUORUM, out);
        nbdTarget(ratios, "powerSafe.qd16.vsQuorum", "power-safe TagMirror / QEMU quorum, 4 KiB random writes at depth 16",
                NBD_POWER_SAFE_VS_QUORUM, out);
    }

    private static void nbdTarget(Map<?, ?> ratios, String ratio, String name, double wanted,
                                  List<Map<String, Object>> out) {
        if (ratios.get(ratio) instanceof Map<?, ?> r) {
            out.add(atLeast("nbd." + ratio, name, number(r, "ratio"), wanted));
        }
    }

    private static String size(Map<?, ?> point) {
        long bytes = ((Number) point.get("volumeBytes")).longValue();
        return bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    private static double number(Map<?, ?> p, String key) {
        return ((Number) p.get(key)).doubleValue();
    }

    private static Map<String, Object> atLeast(String id, String name, double measured, double wanted) {
        return target(id, name, measured, ">= " + wanted, measured >= wanted);
    }

    private static Map<String, Object> atMost(String id, String name, double measured, double wanted) {
        return target(id, name, measured, "<= " + wanted, measured <= wanted);
    }

    /** {@code met} is null for a figure reported with no target yet. */
    private static Map<String, Object> target(String id, String name, double measured, String wanted, Boolean met) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("target", name);
        t.put("measured", measured);
        t.put("wanted", wanted);
        t.put("met", met);
        return t;
    }

    static String table(List<Map<String, Object>> targets) {
        StringBuilder b = new StringBuilder("targets (this run, this machine):");
        for (Map<String, Object> t : targets) {
            Boolean met = (Boolean) t.get("met");
            b.append(String.format("%n  %-4s %-40s %10.3f  (%s)  %s", met == null ? "" : met ? "met" : "MISS",
                    t.get("id"), (Double) t.get("measured"), met == null ? "reported" : "wanted " + t.get("wanted"),
                    t.get("target")));
        }
        return b.toString();
    }
}
