package io.tagmirror.workload.trace;

import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the SNIA MSR Cambridge CSV traces, {@code Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime},
 * with timestamps in Windows filetime (100 ns ticks) and offsets and sizes in bytes.
 *
 * <p>Time zero is the timestamp of the first well-formed record of the file, whatever its host, disk
 * or type, so that traces read with different filters stay on one clock.
 */
final class MsrTraceReader extends LineTraceReader {
    static final int COLUMNS = 7;
    private static final long NANOS_PER_TICK = 100;

    private long firstTicks = -1;

    MsrTraceReader(Path file, TraceOptions options) throws IOException {
        super(file, TraceFormat.MSR, options);
    }

    /** Whether {@code line} has the shape of an MSR record; detection uses it too. */
    static boolean looksLikeRecord(String line) {
        String[] columns = line.split(",", -1);
        return columns.length == COLUMNS && Fields.isDigits(columns[0].strip());
    }

    /** The data sets are published without a header, but copies sometimes carry one; it is not malformed. */
    static boolean isHeader(String line) {
        return line.strip().toLowerCase(Locale.ROOT).startsWith("timestamp,hostname,");
    }

    @Override
    WorkloadOp parse(String line, long lineNumber) throws MalformedLineException {
        if (line.isBlank() || isHeader(line)) {
            return null;
        }
        String[] columns = line.split(",", -1);
        if (columns.length != COLUMNS) {
            throw new MalformedLineException("expected " + COLUMNS
                    + " comma-separated columns Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime, found "
                    + columns.length);
        }
        for (int i = 0; i < columns.length; i++) {
            columns[i] = columns[i].strip();
        }
        long ticks = Fields.nonNegative(columns[0], "the timestamp");
        String host = columns[1];
        if (host.isEmpty()) {
            throw new MalformedLineException("the host name is empty");
        }
        long disk = Fields.nonNegative(columns[2], "the disk number");
        if (disk > Integer.MAX_VALUE) {
            throw new MalformedLineException("the disk number is too large: " + disk);
        }
        String type = columns[3];
        boolean write = type.equalsIgnoreCase("Write");
        if (!write && !type.equalsIgnoreCase("Read")) {
            throw new MalformedLineException("the type '" + type + "' is neither Read nor Write");
        }
        long offset = Fields.nonNegative(columns[4], "the offset");
        long size = Fields.nonNegative(columns[5], "the size");
        Fields.nonNegative(columns[6], "the response time");
        Fields.checkEnd(offset, size);
        if (write && size == 0) {
            throw new MalformedLineException("the write has size 0");
        }
        if (firstTicks < 0) {
            firstTicks = ticks;
        }
        if (ticks < firstTicks) {
            throw new MalformedLineException("the timestamp is earlier than the trace's first record");
        }
        if (!write) {
            return null;
        }
        if (options.host() != null && !options.host().equalsIgnoreCase(host)) {
            return null;
        }
        if (options.disk() != null && options.disk() != disk) {
            return null;
        }
        long timestampNanos = Fields.multiply(ticks - firstTicks, NANOS_PER_TICK, "the time since the first record");
        return WorkloadOp.write(host + "/" + disk, offset, size, timestampNanos, lineNumber);
    }
}
