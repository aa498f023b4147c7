package io.tagmirror.workload.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TagMirror's performance claims as targets, checked against one run's figures: a user sees on
 * their own drive which hold, rather than reading ours. Only targets whose points the run measured
 * are checked.
 */
final class BenchTargets {
    static final double CRASH_SAFE_QD16_RATIO = 0.90;
    static final double POWER_SAFE_QD128_RATIO = 0.75;
    static final int COMPARE_ENTRIES = 1_000_000;
    static final double COMPARE_SECONDS = 2.0;
    static final long COMPARE_HEAP_BYTES = 256L << 20;
    static final double OPEN_SECONDS = 1.0;
    static final double RESYNC_DIVERGENCE = 0.001;
    static final double RESYNC_SPEEDUP = 100;

    private BenchTargets() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> check(Map<String, Object> run) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (run.get("write") instanceof Map<?, ?> write && write.get("ratio") instanceof Map<?, ?> ratio) {
            if (ratio.get("crashSafe") instanceof Double r) {
                out.add(target("crash-safe 4 KiB random writes at queue depth 16, tagged / untagged", r,
                        ">= " + CRASH_SAFE_QD16_RATIO, r >= CRASH_SAFE_QD16_RATIO));
            }
            if (ratio.get("powerSafe") instanceof Double r) {
                out.add(target("power-safe 4 KiB random writes at queue depth 128, tagged / untagged", r,
                        ">= " + POWER_SAFE_QD128_RATIO, r >= POWER_SAFE_QD128_RATIO));
            }
        }
        if (run.get("compare") instanceof List<?> compare) {
            for (Object o : compare) {
                Map<String, Object> p = (Map<String, Object>) o;
                if (((Number) p.get("entries")).intValue() != COMPARE_ENTRIES) {
                    continue;
                }
                double seconds = ((Number) p.get("seconds")).doubleValue();
                long heap = ((Number) p.get("heapBytes")).longValue();
                out.add(target("compare of 1,000,000 entries per device, seconds", seconds, "< " + COMPARE_SECONDS,
                        seconds < COMPARE_SECONDS));
                out.add(target("compare of 1,000,000 entries per device, peak heap MiB", heap / (double) (1 << 20),
                        "< " + (COMPARE_HEAP_BYTES >> 20), heap < COMPARE_HEAP_BYTES));
                double open = ((Number) p.get("openSeconds")).doubleValue();
                out.add(target("opening the mirror with 1,000,000 entries outstanding, seconds", open,
                        "< " + OPEN_SECONDS, open < OPEN_SECONDS));
            }
        }
        if (run.get("resync") instanceof List<?> resync) {
            for (Object o : resync) {
                Map<String, Object> p = (Map<String, Object>) o;
                if (((Number) p.get("divergence")).doubleValue() != RESYNC_DIVERGENCE) {
                    continue;
                }
                int writeBytes = ((Number) p.get("writeBytes")).intValue();
                double speedup = ((Number) p.get("speedupOverScan")).doubleValue();
                out.add(target("resync at 0.1 % divergence in " + writeBytes / 1024 + " KiB writes, times faster than the full scan",
                        speedup, ">= " + (int) RESYNC_SPEEDUP, speedup >= RESYNC_SPEEDUP));
                long copied = ((Number) p.get("bytesCopied")).longValue();
                long divergent = ((Number) p.get("divergentBytes")).longValue();
                out.add(target("resync at 0.1 % divergence in " + writeBytes / 1024 + " KiB writes, bytes copied / divergent",
                        copied / (double) divergent, "= 1", copied == divergent));
            }
        }
        return out;
    }

    private static Map<String, Object> target(String name, double measured, String wanted, boolean met) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("target", name);
        t.put("measured", measured);
        t.put("wanted", wanted);
        t.put("met", met);
        return t;
    }

    static String table(List<Map<String, Object>> targets) {
        StringBuilder b = new StringBuilder("targets (this run, this machine):");
        for (Map<String, Object> t : targets) {
            b.append(String.format("%n  %-4s %-92s %10.3f  (wanted %s)", (Boolean) t.get("met") ? "met" : "MISS",
                    t.get("target"), (Double) t.get("measured"), t.get("wanted")));
        }
        return b.toString();
    }
}
