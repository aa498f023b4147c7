package io.tagmirror.workload.replay;

import io.tagmirror.workload.WorkloadOp;
import io.tagmirror.workload.pattern.SyntheticPattern;
import io.tagmirror.workload.trace.TraceFit;
import io.tagmirror.workload.trace.TraceReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/** The operations a replay drives, one at a time: a trace placed inside the mirror, or a synthetic pattern. */
public interface WorkloadSource extends Closeable {

    /** The next operation, or empty at the end. */
    Optional<WorkloadOp> next() throws IOException;

    /** Malformed trace lines skipped so far. */
    default long skippedLines() {
        return 0;
    }

    /** What is replayed, in words, for the run summary. */
    String description();

    @Override
    default void close() throws IOException {
    }

    /** A trace, each operation placed by {@code fit} (null passes operations unchanged). */
    static WorkloadSource trace(TraceReader reader, TraceFit fit) {
        return new WorkloadSource() {
            @Override
            public Optional<WorkloadOp> next() throws IOException {
                Optional<WorkloadOp> op = reader.next();
                return op.isPresent() && fit != null ? Optional.of(fit.map(op.get())) : op;
            }

            @Override
            public long skippedLines() {
                return reader.skippedLines();
            }

            @Override
            public String description() {
                return reader.format() + " trace " + reader.file() + (fit == null ? "" : " (fit " + fit.fit().name()
                        .toLowerCase(java.util.Locale.ROOT) + ")");
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /** A synthetic pattern from its start. */
    static WorkloadSource pattern(SyntheticPattern pattern) {
        return of(pattern.iterator(), pattern.kind() + " pattern of " + pattern.count() + " operations, seed "
                + pattern.seed());
    }

    /** Any sequence of operations, such as a list in a test. */
    static WorkloadSource of(Iterator<WorkloadOp> ops, String description) {
        return new WorkloadSource() {
            @Override
            public Optional<WorkloadOp> next() {
                return ops.hasNext() ? Optional.of(ops.next()) : Optional.empty();
            }

            @Override
            public String description() {
                return description;
            }
        };
    }
}
