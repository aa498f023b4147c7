package io.tagmirror.workload.trace;

import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads fio iologs of version 2 ({@code FILE ACTION [OFFSET LENGTH]}, timing from {@code wait} lines)
 * and version 3 (the same preceded by a timestamp in microseconds since the start of the run, which is
 * what fio's {@code write_iolog} writes).
 */
final class FioTraceReader extends LineTraceReader {
    static final String HEADER_V2 = "fio version 2 iolog";
    static final String HEADER_V3 = "fio version 3 iolog";

    private final Set<String> added = new HashSet<>();
    private int version;
    /** Version 2 only: the sum of the waits so far, which is the time of the next operation. */
    private long clockMicros;

    FioTraceReader(Path file, TraceOptions options) throws IOException {
        super(file, TraceFormat.FIO, options);
    }

    @Override
    WorkloadOp parse(String line, long lineNumber) throws MalformedLineException, IOException {
        String[] fields = Fields.split(line);
        if (fields.length == 0) {
            return null;
        }
        if (version == 0) {
            readHeader(line, lineNumber);
            return null;
        }
        int first = version == 3 ? 1 : 0;
        if (fields.length - first < 2) {
            throw new MalformedLineException("expected " + shape());
        }
        long timestampNanos = version == 3
                ? Fields.multiply(Fields.nonNegative(fields[0], "the timestamp"), 1000, "the timestamp")
                : Fields.multiply(clockMicros, 1000, "the time after the waits");
        String name = fields[first];
        String action = fields[first + 1];
        int arguments = fields.length - first - 2;
        switch (action) {
            case "add" -> {
                noArguments(action, arguments);
                added.add(name);
                return null;
            }
            case "open", "close" -> {
                noArguments(action, arguments);
                requireAdded(name);
                return null;
            }
            case "read" -> {
                readRange(fields, first, arguments, action);
                requireAdded(name);
                return null;
            }
            case "write" -> {
                long[] range = readRange(fields, first, arguments, action);
                if (range[1] == 0) {
                    throw new MalformedLineException("the write has length 0");
                }
                requireAdded(name);
                return WorkloadOp.write(name, range[0], range[1], timestampNanos, lineNumber);
            }
            case "sync", "datasync", "sync_file_range" -> {
                // fio writes syncs with an offset and a zero length; hand-written logs often have
                // neither, and the meaning is the same.
                if (arguments != 0) {
                    readRange(fields, first, arguments, action);
                }
                requireAdded(name);
                return WorkloadOp.flush(name, timestampNanos, lineNumber);
            }
            case "trim" -> {
                readRange(fields, first, arguments, action);
                requireAdded(name);
                // After a trim the device may drop those blocks, so what the mirrors must agree on
                // is everything written before it: that is exactly what a flush point asks for.
                return WorkloadOp.flush(name, timestampNanos, lineNumber);
            }
            case "wait" -> {
                if (version == 3) {
                    throw new MalformedLineException(
                            "'wait' is not allowed in a version 3 iolog (its timestamps carry the timing)");
                }
                // fio's parser wants "FILE wait USECONDS LENGTH" (length unused); the shorter
                // "FILE wait USECONDS" is accepted too. The delay is microseconds since the previous
                // wait, as fio's documentation defines it (fio's own replayer has read it otherwise
                // in some releases, so the documentation is the steadier reference).
                if (arguments != 1 && arguments != 2) {
                    throw new MalformedLineException("expected FILE wait MICROSECONDS");
                }
                long micros = Fields.nonNegative(fields[first + 2], "the wait");
                try {
                    clockMicros = Math.addExact(clockMicros, micros);
                } catch (ArithmeticException e) {
                    throw new MalformedLineException("the waits add up past the largest supported time");
                }
                return null;
            }
            default -> throw new MalformedLineException("unknown action '" + action
                    + "' (expected add, open, close, read, write, sync, datasync, trim or wait)");
        }
    }

    @Override
    boolean fileMatches(String name) {
        if (super.fileMatches(name)) {
            return true;
        }
        int slash = name.lastIndexOf('/');
        return slash >= 0 && options.fileFilter().contains(name.substring(slash + 1));
    }

    private void readHeader(String line, long lineNumber) throws IOException {
        String text = line.strip();
        if (text.startsWith(HEADER_V2)) {
            version = 2;
        } else if (text.startsWith(HEADER_V3)) {
            version = 3;
        } else {
            // Without the header nothing else can be read right, so no skipping applies.
            throw malformed(lineNumber, "not a fio iolog: the first line must be '" + HEADER_V2
                    + "' or '" + HEADER_V3 + "'", line);
        }
    }

    private String shape() {
        return (version == 3 ? "TIMESTAMP " : "") + "FILE ACTION [OFFSET LENGTH]";
    }

    private static void noArguments(String action, int arguments) throws MalformedLineException {
        if (arguments != 0) {
            throw new MalformedLineException("'" + action + "' takes no offset or length");
        }
    }

    private static long[] readRange(String[] fields, int first, int arguments, String action)
            throws MalformedLineException {
        if (arguments != 2) {
            throw new MalformedLineException("'" + action + "' needs an OFFSET and a LENGTH");
        }
        long offset = Fields.nonNegative(fields[first + 2], "the offset");
        long length = Fields.nonNegative(fields[first + 3], "the length");
        Fields.checkEnd(offset, length);
        return new long[] {offset, length};
    }

    private void requireAdded(String name) throws MalformedLineException {
        if (!added.contains(name)) {
            throw new MalformedLineException("file '" + name + "' was never added (an 'add' line must come first)");
        }
    }
}
