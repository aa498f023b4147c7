package io.tagmirror.console.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.workload.replay.LatencySummary;
import io.tagmirror.workload.replay.RunSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line above the charts says what it measures, and after the run agrees with the summary. */
class ReplayFiguresTest {

    private static ReplaySample sample(double seconds, long writes, double rate, long p50) {
        return new ReplaySample(seconds, writes, rate, 20.0, p50, 11_000, List.of(10L, 10L), false);
    }

    @Test
    void whileItRunsTheLineIsTheLastIntervalAndSaysSo() {
        String line = ReplayFigures.line(List.of(sample(0.25, 600, 2400, 1900), sample(0.5, 1196, 2386, 1900)), null);

        assertThat(line).isEqualTo("Now (last 0.25 s): 2,386 writes/s  ·  20.0 MB/s  ·  latency p50 1.9 ms, p99 11 ms"
                + "  ·  1,196 writes in 0.5 s so far");
    }

    @Test
    void onceItEndsTheLineIsTheWholeRunAsInTheSummary() {
        RunSummary summary = new RunSummary("lab", "random", "power-safe", 1, 16, 1, 1000, 36_000_000, 1, 0.63, 1596,
                new LatencySummary(1000, 3100, 12_000, 20_000), List.of(), List.of(), Map.of(), 0, false, false);

        String line = ReplayFigures.line(List.of(sample(0.5, 1000, 2386, 1900)), summary);

        assertThat(line).startsWith("Whole run: 1,596 writes/s").contains("latency p50 3.1 ms, p99 12 ms")
                .endsWith("1,000 writes in 0.6 s").doesNotContain("2,386");
    }

    @Test
    void beforeAnyRunItSaysWhatToDo() {
        assertThat(ReplayFigures.line(List.of(), null)).startsWith("No replay yet.");
    }
}
