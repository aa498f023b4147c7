package io.tagmirror.console.replay;

import io.tagmirror.engine.Mirror;
import io.tagmirror.workload.pattern.BlockSizeRange;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workload.pattern.SyntheticPattern;
import io.tagmirror.workload.replay.FaultPlan;
import io.tagmirror.workload.replay.WorkloadSource;
import io.tagmirror.workload.trace.TraceFit;
import io.tagmirror.workload.trace.TraceFormat;
import io.tagmirror.workload.trace.TraceOptions;
import io.tagmirror.workload.trace.TraceReaders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A checked replay, as the form produced it: what to replay against which mirror, how fast, with how
 * many writers, and which faults to inject (devices named by directory, resolved at the start).
 *
 * @param mirror the mirror's name
 * @param pattern the synthetic pattern, or null for a trace
 * @param count operations of the pattern
 * @param sizes write sizes of the pattern
 * @param trace the trace file, or null for a pattern
 * @param format the trace's format, or null to tell it from the file
 * @param fit what to do with a trace that reaches past the mirror
 * @param seed seed of the pattern and of the written data
 * @param writers writers at once, each with its own tag generator
 * @param queueDepth writes in flight at most
 * @param rateLimit writes per second at most, 0 for as fast as the mirror goes
 * @param limit stop after this many writes, -1 for the whole workload
 * @param faults the faults to inject
 */
public record ReplaySettings(String mirror, PatternKind pattern, long count, BlockSizeRange sizes, Path trace,
                             TraceFormat format, TraceFit.Fit fit, long seed, int writers, int queueDepth,
                             double rateLimit, long limit, FaultPlan faults) {

    public ReplaySettings {
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(faults, "faults");
        if ((pattern == null) == (trace == null)) {
            throw new IllegalArgumentException("exactly one of a pattern and a trace");
        }
    }

    /** Opens the workload against {@code target}, placing a trace inside it as the command line does. */
    public WorkloadSource open(Mirror target) throws IOException {
        if (pattern != null) {
            return WorkloadSource.pattern(SyntheticPattern.create(pattern, target.sizeBytes(), target.blockSize(), sizes,
                    seed, count));
        }
        TraceOptions options = TraceOptions.defaults();
        // Opening first checks the file against its format, before the fit reads it through.
        TraceReaders.open(trace, format, options).close();
        TraceFit traceFit = TraceFit.prepare(trace, format, options, fit, target.sizeBytes(), target.blockSize());
        return WorkloadSource.trace(TraceReaders.open(trace, format, options), traceFit);
    }
}
