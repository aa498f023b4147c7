package io.tagmirror.workload.trace;

import io.tagmirror.workload.WorkloadOp;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A stream of the operations of one trace file, read a line at a time so that a trace of any size fits.
 *
 * <p>Reads are never produced. A malformed line either ends the stream with a
 * {@link io.tagmirror.engine.TagMirrorException} naming the file and line, or is skipped and counted
 * in {@link #skippedLines()}, as {@link TraceOptions#skipMalformed()} says.
 */
public interface TraceReader extends Closeable {

    /** The next operation, or empty at the end of the trace. */
    Optional<WorkloadOp> next() throws IOException;

    /** How many malformed lines were skipped so far (always 0 unless skipping was asked for). */
    long skippedLines();

    /** The trace file being read. */
    Path file();

    /** The format the trace is read as. */
    TraceFormat format();
}
