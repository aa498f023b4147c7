package io.tagmirror.workload.trace;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a trace file with the reader for its format. */
public final class TraceReaders {

    private TraceReaders() {
    }

    /**
     * A reader over {@code file}; {@code format} null means detect it from the file's first lines.
     *
     * @throws TagMirrorException when the file cannot be read, its format cannot be told, or an option
     *     does not apply to its format
     */
    public static TraceReader open(Path file, TraceFormat format, TraceOptions options) throws IOException {
        requireReadable(file);
        TraceOptions opts = options == null ? TraceOptions.defaults() : options;
        TraceFormat actual = format != null ? format : TraceFormat.detect(file);
        // An option that cannot apply is most likely a mistaken format; saying so beats ignoring it.
        if (actual != TraceFormat.MSR && (opts.host() != null || opts.disk() != null)) {
            throw new TagMirrorException("trace " + file + " is read as " + actual
                    + ": the host and disk filters apply to MSR traces only");
        }
        if (actual != TraceFormat.BLKPARSE && opts.blkparseCompleted()) {
            throw new TagMirrorException("trace " + file + " is read as " + actual
                    + ": replaying completion events applies to blkparse traces only");
        }
        return switch (actual) {
            case FIO -> new FioTraceReader(file, opts);
            case BLKPARSE -> new BlkparseTraceReader(file, opts);
            case MSR -> new MsrTraceReader(file, opts);
        };
    }

    static void requireReadable(Path file) throws TagMirrorException {
        if (!Files.exists(file)) {
            throw new TagMirrorException("trace file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new TagMirrorException("trace " + file + " is a directory, not a trace file");
        }
        if (!Files.isReadable(file)) {
            throw new TagMirrorException("trace file " + file + " cannot be read (permission denied)");
        }
    }
}
