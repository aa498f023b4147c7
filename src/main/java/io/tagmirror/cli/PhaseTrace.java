package io.tagmirror.cli;

import io.tagmirror.engine.PhaseTimings;
import java.io.PrintWriter;

/**
 * Prints how long each phase of a compare or a repair took, on standard error, when
 * {@code -Dtagmirror.compare.trace=true} asks for it (docs/performance.md quotes such figures).
 */
final class PhaseTrace {
    static final String PROPERTY = "tagmirror.compare.trace";

    private PhaseTrace() {
    }

    /** One line, e.g. "compare: gather 0.331 s, sort 0.021 s, sweep 0.420 s, 2000000 entries, 2048 MiB read". */
    static void print(PrintWriter err, String what, PhaseTimings timings) {
        if (Boolean.getBoolean(PROPERTY) && !timings.phases().isEmpty()) {
            err.println(what + ": " + timings.text());
            err.flush();
        }
    }
}
