package io.tagmirror.workload.trace;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared loop of the text trace readers: one line at a time, malformed lines reported or skipped,
 * and the file filter applied.
 */
abstract class LineTraceReader implements TraceReader {
    private static final int EXCERPT = 120;

    private final Path file;
    private final TraceFormat format;
    private final BoundedLineReader lines;
    protected final TraceOptions options;
    private long lineNumber;
    private long skipped;

    LineTraceReader(Path file, TraceFormat format, TraceOptions options) throws IOException {
        this.file = file;
        this.format = format;
        this.options = options;
        this.lines = BoundedLineReader.open(file);
    }

    /**
     * The operation on one line, or null when the line produces none (a read, a file action, an
     * ignored event, a blank line).
     *
     * @throws MalformedLineException when the line is wrong; the caller reports or skips it
     * @throws IOException when the whole file is unusable, which no skipping can help
     */
    abstract WorkloadOp parse(String line, long lineNumber) throws MalformedLineException, IOException;

    /** Whether an operation on {@code name} passes the file filter; fio also accepts a last path component. */
    boolean fileMatches(String name) {
        return options.fileFilter().contains(name);
    }

    @Override
    public final Optional<WorkloadOp> next() throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            try {
                if (lines.lastLineTruncated()) {
                    throw new MalformedLineException(
                            "the line is longer than " + BoundedLineReader.MAX_LINE + " characters");
                }
                WorkloadOp op = parse(line, lineNumber);
                if (op != null && (options.fileFilter().isEmpty() || fileMatches(op.file()))) {
                    return Optional.of(op);
                }
            } catch (MalformedLineException e) {
                if (!options.skipMalformed()) {
                    throw malformed(lineNumber, e.getMessage(), line);
                }
                skipped++;
            }
        }
        return Optional.empty();
    }

    /** The administrator's message for a bad line: {@code FILE:LINE: reason ("text")}. */
    final TagMirrorException malformed(long number, String reason, String line) {
        return new TagMirrorException(file + ":" + number + ": " + reason + " (\"" + excerpt(line) + "\")");
    }

    private static String excerpt(String line) {
        String text = line.strip();
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }

    @Override
    public final long skippedLines() {
        return skipped;
    }

    @Override
    public final Path file() {
        return file;
    }

    @Override
    public final TraceFormat format() {
        return format;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
