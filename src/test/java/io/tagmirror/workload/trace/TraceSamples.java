package io.tagmirror.workload.trace;

import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the checked-in sample traces and reads a trace to the end for the tests. */
final class TraceSamples {

    /** Everything a reader produced, and how many lines it skipped. */
    record Read(List<WorkloadOp> ops, long skipped) {
        List<WorkloadOp> writes() {
            return ops.stream().filter(op -> op.kind() == WorkloadOp.Kind.WRITE).toList();
        }

        List<WorkloadOp> flushes() {
            return ops.stream().filter(op -> op.kind() == WorkloadOp.Kind.FLUSH).toList();
        }
    }

    private TraceSamples() {
    }

    static Path sample(String name) {
        URL url = TraceSamples.class.getResource("/traces/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource traces/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Read readAll(Path file, TraceFormat format, TraceOptions options) throws IOException {
        List<WorkloadOp> ops = new ArrayList<>();
        try (TraceReader reader = TraceReaders.open(file, format, options)) {
            Optional<WorkloadOp> op;
            while ((op = reader.next()).isPresent()) {
                ops.add(op.get());
            }
            return new Read(ops, reader.skippedLines());
        }
    }

    static Read readAll(String sample, TraceOptions options) throws IOException {
        return readAll(sample(sample), null, options);
    }
}
