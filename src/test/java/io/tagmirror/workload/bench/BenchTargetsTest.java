package io.tagmirror.workload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTargetsTest {

    @Test
    void eachTargetIsJudgedOnItsOwnFigureUnderItsStableId() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("write", Map.of("points", List.of(
                writePoint("crash-safe", "random-4k", 1, 0.76, 10_000),
                writePoint("crash-safe", "random-4k", 16, 0.89, 30_000),
                writePoint("crash-safe", "sequential-1m", 1, 0.10, 100),
                // against crash-safe by the ratios to each mode's own floor, not by raw rates taken
                // minutes apart (9,000 / 10,000 and 20,000 / 30,000 would say the opposite)
                writePoint("power-safe", "random-4k", 1, 0.60, 9_000),
                writePoint("power-safe", "random-4k", 16, 0.72, 20_000),
                writePoint("power-safe", "random-4k", 128, 0.75, 40_000))));
        run.put("compare", List.of(
                Map.of("entries", 100_000, "seconds", 9.0, "heapBytes", 1L << 40, "openSeconds", 9.0),
                Map.of("entries", 1_000_000, "seconds", 1.5, "heapBytes", 300L << 20, "openSeconds", 0.2)));
        run.put("resync", List.of(
                Map.of("divergence", 0.001, "writeBytes", 4096, "speedupOverScan", 99.9, "bytesCopied", 4096L * 262,
                        "divergentBytes", 4096L * 262),
                Map.of("divergence", 0.01, "writeBytes", 4096, "speedupOverScan", 5.0, "bytesCopied", 1L,
                        "divergentBytes", 2L)));
        run.put("resyncSizes", Map.of("divergentBlocks", 262, "tagTimeRatio", 1.5, "scanTimeRatio", 64.0,
                "perBlockVsFloor", 2.01, "sizes", List.of(Map.of("volumeBytes", 1L << 30), Map.of("volumeBytes", 64L << 30))));

        List<Map<String, Object>> targets = BenchTargets.check(run);

        assertThat(targets).extracting(t -> t.get("id") + " " + t.get("met")).containsExactly(
                "write.crashSafe.qd1 true", // 0.76 >= 0.75
                "write.crashSafe.qd16 false", // 0.89 < 0.90
                "write.powerSafe.qd128 true", // 0.75 >= 0.75
                "write.powerSafe.qd1.vsCrashSafe false", // 0.60 / 0.76 < 0.80
                "write.powerSafe.qd16.vsCrashSafe true", // 0.72 / 0.89 >= 0.80
                "compare.1M.seconds true", // 1.5 s < 2 s
                "compare.1M.heapMiB false", // 300 MiB heap
                "open.1M.seconds true", // opened in 0.2 s
                "resync.bytesCopied.w4k true", // copied = divergent; the 1 % point is not a target
                "resync.sizeIndependence true", // 1.5 <= 1.5
                "resync.perBlockVsFloor false"); // 2.01 > 2.0
        assertThat(targets.get(9).get("target").toString()).contains("in 64 GiB / in 1 GiB").contains("64.0×");
        assertThat((double) targets.get(3).get("measured")).isCloseTo(0.60 / 0.76, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(targets.get(6).get("measured")).isEqualTo(300.0);
        assertThat(BenchTargets.table(targets)).contains("MISS").contains("met ").contains("(wanted >= 0.9)")
                .contains("write.powerSafe.qd1.vsCrashSafe");
    }

    @Test
    void nbdTargetsCompareTagMirrorWithTheQuorumMirrorAndReportTheOneFileCeiling() {
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("crashSafe.qd1.vsQuorum", Map.of("ratio", 0.99));
        ratios.put("crashSafe.qd16.vsQuorum", Map.of("ratio", 1.0));
        ratios.put("crashSafe.qd64.vsQuorum", Map.of("ratio", 0.1)); // a figure, not a target
        ratios.put("crashSafe.qd16.vsSingleFile", Map.of("ratio", 0.4));
        ratios.put("powerSafe.qd1.vsQuorum", Map.of("ratio", 0.8));
        ratios.put("powerSafe.qd16.vsQuorum", Map.of("ratio", 0.79));

        List<Map<String, Object>> targets = BenchTargets.check(Map.of("nbd", Map.of("ratios", ratios)));

        assertThat(targets).extracting(t -> t.get("id") + " " + t.get("met")).containsExactly(
                "nbd.crashSafe.qd1.vsQuorum false", "nbd.crashSafe.qd16.vsQuorum true", "nbd.qd16.vsSingleFile null",
                "nbd.powerSafe.qd1.vsQuorum true", "nbd.powerSafe.qd16.vsQuorum false");
        assertThat(targets.get(2).get("wanted")).isEqualTo("reported");
        assertThat(BenchTargets.table(targets)).contains("(reported)  crash-safe TagMirror / nbdkit");
        // servers left out: no ratio, no target
        assertThat(BenchTargets.check(Map.of("nbd", Map.of("skipped", List.of())))).isEmpty();
    }

    @Test
    void aRunWithoutAPartChecksNoneOfItsTargets() {
        assertThat(BenchTargets.check(Map.of("resync", List.of()))).isEmpty();
        assertThat(BenchTargets.check(Map.of("compare", List.of(
                Map.of("entries", 10_000, "seconds", 0.1, "heapBytes", 1L, "openSeconds", 0.1))))).isEmpty();
        // power-safe against crash-safe needs both modes at that depth
        assertThat(BenchTargets.check(Map.of("write", Map.of("points", List.of(
                writePoint("power-safe", "random-4k", 1, 0.1, 1_000))))))
                .extracting(t -> t.get("id")).isEmpty();
    }

    private static Map<String, Object> writePoint(String mode, String pattern, int qd, double ratio, double tagged) {
        return Map.of("mode", mode, "pattern", pattern, "queueDepth", qd, "ratio", ratio, "taggedPerSecond", tagged);
    }
}
