package io.tagmirror.workload.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tagmirror.engine.Plural;
import io.tagmirror.workspace.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a replay did, for {@code --json}, the history and the console's report.
 *
 * @param mirror the mirror replayed against
 * @param source what was replayed
 * @param durability the durability mode the mirror was open in (benchmarks must say which)
 * @param writers tag generators writing at once
 * @param queueDepth writes in flight at most
 * @param seed seed of the written data
 * @param writes data writes (and appends) replayed
 * @param bytes bytes they carried
 * @param flushes flushes done, the final one included
 * @param seconds duration of the replay
 * @param rate writes per second
 * @param latency write latency in microseconds over the whole run
 * @param faults faults applied, in order
 * @param faultsNotReached planned faults the replay ended before
 * @param entriesLeft each device's tag table size at the end, by device directory (-1: unreadable)
 * @param skippedLines malformed trace lines skipped
 * @param stopped whether the replay was stopped before the end of its workload
 * @param crashed whether it ended with an injected host crash (nothing flushed)
 */
public record RunSummary(String mirror, String source, String durability, int writers, int queueDepth, long seed,
                         long writes, long bytes, long flushes, double seconds, double rate, LatencySummary latency,
                         List<AppliedFault> faults, List<String> faultsNotReached, Map<String, Long> entriesLeft,
                         long skippedLines, boolean stopped, boolean crashed) {

    public RunSummary {
        faults = List.copyOf(faults);
        faultsNotReached = List.copyOf(faultsNotReached);
        entriesLeft = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entriesLeft));
    }

    /** Megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return seconds > 0 ? bytes / seconds / 1e6 : 0;
    }

    /** One word for the history: done, stopped, crashed, or faults (done, with divergence made on purpose). */
    public String result() {
        if (crashed) {
            return "crashed";
        }
        if (stopped) {
            return "stopped";
        }
        return faults.isEmpty() ? "done" : "faults injected";
    }

    /** The JSON shape, with stable key order. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mirror", mirror);
        out.put("source", source);
        out.put("result", result());
        out.put("writes", writes);
        out.put("bytes", bytes);
        out.put("seconds", round(seconds, 3));
        out.put("rate", round(rate, 1));
        out.put("mbPerSecond", round(megabytesPerSecond(), 2));
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("p50", latency.p50());
        lat.put("p99", latency.p99());
        lat.put("max", latency.max());
        out.put("latency", lat);
        out.put("flushes", flushes);
        out.put("faults", faults.stream().map(RunSummary::fault).toList());
        out.put("faultsNotReached", faultsNotReached);
        out.put("entriesLeft", entriesLeft);
        out.put("skippedLines", skippedLines);
        out.put("durability", durability);
        out.put("writers", writers);
        out.put("queueDepth", queueDepth);
        out.put("seed", seed);
        out.put("stopped", stopped);
        out.put("crashed", crashed);
        return out;
    }

    private static Map<String, Object> fault(AppliedFault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind());
        m.put("write", f.write());
        m.put("device", f.device());
        m.put("detail", f.detail());
        return m;
    }

    public String toJson() throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(toMap());
    }

    /** A few lines for the terminal. */
    public String text() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "replayed %s (%s) on mirror %s in %.2f s: %.0f writes/s, %.1f MB/s,"
                        + " latency p50 %d us, p99 %d us, max %d us (%s, %d writer%s, queue depth %d)",
                Plural.of(writes, "write", "writes"), io.tagmirror.engine.ByteSize.format(bytes), mirror, seconds, rate, megabytesPerSecond(),
                latency.p50(), latency.p99(), latency.max(), durability, writers, writers == 1 ? "" : "s", queueDepth));
        t.append("\n  ").append(source).append(", ").append(flushes).append(flushes == 1 ? " flush" : " flushes");
        if (skippedLines > 0) {
            t.append("\n  ").append(Plural.of(skippedLines, "malformed trace line", "malformed trace lines")).append(" skipped");
        }
        for (AppliedFault f : faults) {
            t.append("\n  fault at write ").append(f.write()).append(": ").append(f.detail());
        }
        for (String f : faultsNotReached) {
            t.append("\n  not reached: ").append(f);
        }
        if (stopped) {
            t.append("\n  stopped before the end of the workload");
        }
        if (crashed) {
            t.append("\n  the host crashed on purpose: nothing was flushed; run compare, then repair");
        } else if (!faults.isEmpty()) {
            t.append("\n  the devices now differ on purpose: run compare, then repair");
        }
        entriesLeft.forEach((device, n) -> t.append("\n  ").append(device).append(": ")
                .append(n < 0 ? "tag table unreadable" : Plural.of(n, "entry", "entries") + " left"));
        return t.toString();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
