package io.tagmirror.workload.trace;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The trace file formats that can be replayed. */
public enum TraceFormat {
    /** fio iolog, version 2 or 3. */
    FIO,
    /** blkparse's default text output. */
    BLKPARSE,
    /** SNIA MSR Cambridge block I/O CSV. */
    MSR;

    /** How many non-empty lines detection looks at before giving up. */
    private static final int DETECT_LINES = 20;
    /**
     * How many blkparse preamble lines detection passes over without counting them: blkparse notes
     * one input file per CPU, and a machine may have hundreds.
     */
    private static final int PREAMBLE_LINES = 4096;

    /** The format named {@code fio}, {@code blkparse} or {@code msr} (any case). */
    public static TraceFormat parse(String name) throws TagMirrorException {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "fio" -> FIO;
            case "blkparse" -> BLKPARSE;
            case "msr" -> MSR;
            default -> throw new TagMirrorException(
                    "unknown trace format '" + name + "': use fio, blkparse or msr");
        };
    }

    /**
     * The format of {@code file}, told from its first non-empty lines: a fio iolog header, a blkparse
     * event line, or a seven-column CSV record starting with a whole number.
     */
    public static TraceFormat detect(Path file) throws IOException {
        TraceReaders.requireReadable(file);
        String firstLine = null;
        try (BoundedLineReader lines = BoundedLineReader.open(file)) {
            int seen = 0;
            int preamble = 0;
            String line;
            while (seen < DETECT_LINES && (line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.indexOf('\0') >= 0) {
                    throw new TagMirrorException("trace " + file + " is a binary file, not a text trace;"
                            + " a raw blktrace capture must first be turned into text with blkparse");
                }
                if (firstLine == null) {
                    firstLine = line;
                }
                if (BlkparseTraceReader.isPreamble(line) && preamble < PREAMBLE_LINES) {
                    preamble++;
                    continue;
                }
                seen++;
                if (seen == 1) {
                    String text = line.strip();
                    if (text.startsWith(FioTraceReader.HEADER_V2) || text.startsWith(FioTraceReader.HEADER_V3)) {
                        return FIO;
                    }
                }
                if (BlkparseTraceReader.looksLikeEvent(line)) {
                    return BLKPARSE;
                }
                if (MsrTraceReader.looksLikeRecord(line)) {
                    return MSR;
                }
            }
        }
        if (firstLine == null) {
            throw new TagMirrorException("trace " + file + " is empty");
        }
        String shown = firstLine.strip();
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        throw new TagMirrorException("cannot tell the format of trace " + file
                + ": it starts with \"" + shown + "\", which is neither a fio iolog header,"
                + " a blkparse event line nor an MSR CSV record; name the format (fio, blkparse or msr)");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
