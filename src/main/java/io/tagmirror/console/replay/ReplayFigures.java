package io.tagmirror.console.replay;

import io.tagmirror.workload.replay.RunSummary;
import java.util.List;
import java.util.Locale;

/**
 * The replay's line of figures above the charts, which names what it measures: while the replay runs,
 * the rate and latency of the last progress interval ("Now"); once it has ended, those of the whole run,
 * the same figures as the summary, so that one run never shows two different rates unexplained.
 */
final class ReplayFigures {

    static final String BEFORE = "No replay yet. Fill in the form and start one; faults make the devices differ on "
            + "purpose, for the repair wizard to mend.";

    private ReplayFigures() {
    }

    /** The line for the chart samples so far (oldest first) and the run's summary (null until it ends). */
    static String line(List<ReplaySample> samples, RunSummary summary) {
        if (summary != null) {
            return String.format(Locale.ROOT, "Whole run: %,.0f writes/s  ·  %.1f MB/s  ·  latency p50 %s, p99 %s"
                            + "  ·  %,d writes in %.1f s", summary.rate(), summary.megabytesPerSecond(),
                    micros(summary.latency().p50()), micros(summary.latency().p99()), summary.writes(), summary.seconds());
        }
        if (samples.isEmpty()) {
            return BEFORE;
        }
        ReplaySample last = samples.get(samples.size() - 1);
        double interval = samples.size() > 1 ? last.seconds() - samples.get(samples.size() - 2).seconds() : last.seconds();
        return String.format(Locale.ROOT, "Now (last %.2f s): %,.0f writes/s  ·  %.1f MB/s  ·  latency p50 %s, p99 %s"
                        + "  ·  %,d writes in %.1f s so far", interval, last.writesPerSecond(), last.megabytesPerSecond(),
                micros(last.p50()), micros(last.p99()), last.writes(), last.seconds());
    }

    /** Microseconds for people: "850 µs", "4.8 ms", "1.20 s". */
    static String micros(long us) {
        if (us < 1000) {
            return us + " µs";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, us < 10_000 ? "%.1f ms" : "%.0f ms", us / 1000.0);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }
}
