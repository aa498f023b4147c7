package io.tagmirror.engine;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How long each phase of a compare or a repair took, in order, for an administrator who asks: the engine
 * prints nothing, so its timings travel in its reports.
 *
 * @param phases each phase with its duration
 * @param detail what the figures depend on ("1000000 entries (sorted in runs on disk), 2048 MiB read"), or empty
 */
public record PhaseTimings(List<Phase> phases, String detail) {

    /** No phases measured (a report made by hand, or an early return). */
    public static final PhaseTimings NONE = new PhaseTimings(List.of(), "");

    /**
     * One phase.
     *
     * @param name the phase in one word ("gather", "sort", "sweep", "copy", "sync", "delete")
     * @param seconds how long it took
     */
    public record Phase(String name, double seconds) {
    }

    public PhaseTimings {
        phases = List.copyOf(phases);
        detail = detail == null ? "" : detail;
    }

    /** "gather 0.331 s, sort 0.021 s, sweep 0.420 s" and the detail after them. */
    public String text() {
        String timed = phases.stream().map(p -> String.format(Locale.ROOT, "%s %.3f s", p.name(), p.seconds()))
                .collect(Collectors.joining(", "));
        return detail.isEmpty() ? timed : timed + ", " + detail;
    }
}
