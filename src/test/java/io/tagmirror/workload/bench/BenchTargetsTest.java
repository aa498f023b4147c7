package io.tagmirror.workload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTargetsTest {

    @Test
    void eachTargetIsJudgedOnItsOwnFigure() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("write", Map.of("ratio", Map.of("crashSafe", 0.89, "powerSafe", 0.75)));
        run.put("compare", List.of(
                Map.of("entries", 100_000, "seconds", 9.0, "heapBytes", 1L << 40, "openSeconds", 9.0),
                Map.of("entries", 1_000_000, "seconds", 1.5, "heapBytes", 300L << 20, "openSeconds", 0.2)));
        run.put("resync", List.of(
                Map.of("divergence", 0.001, "writeBytes", 4096, "speedupOverScan", 99.9, "bytesCopied", 4096L * 262,
                        "divergentBytes", 4096L * 262),
                Map.of("divergence", 0.01, "writeBytes", 4096, "speedupOverScan", 5.0, "bytesCopied", 1L,
                        "divergentBytes", 2L)));

        List<Map<String, Object>> targets = BenchTargets.check(run);

        assertThat(targets).extracting(t -> t.get("met")).containsExactly(
                false, // 0.89 < 0.90
                true, // 0.75 >= 0.75
                true, // 1.5 s < 2 s
                false, // 300 MiB heap
                true, // opened in 0.2 s
                false, // 99.9x < 100x
                true); // copied = divergent; the 1 % point is not a target
        assertThat(targets.get(3).get("measured")).isEqualTo(300.0);
        assertThat(BenchTargets.table(targets)).contains("MISS").contains("met ").contains("(wanted >= 0.9)");
    }

    @Test
    void aRunWithoutAPartChecksNoneOfItsTargets() {
        assertThat(BenchTargets.check(Map.of("resync", List.of()))).isEmpty();
        assertThat(BenchTargets.check(Map.of("compare", List.of(
                Map.of("entries", 10_000, "seconds", 0.1, "heapBytes", 1L, "openSeconds", 0.1))))).isEmpty();
    }
}
