package io.tagmirror.workload.trace;

import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads blkparse's default text output, {@code maj,min cpu seq seconds pid ACTION RWBS [sector + count] [process]},
 * replaying queue ({@code Q}) events, or completion ({@code C}) events when asked.
 *
 * <p>What an event becomes, from its RWBS letters: a leading {@code F} (a pre-flush, as in {@code FWS} or
 * {@code FWFS}) is a flush even when the request also carries data, to keep one operation per line; a
 * {@code W} with a sector range of one sector or more is a write; a {@code W} with no range is an empty
 * flush request; a {@code D} (discard) is a flush point, as fio's trim is; anything else (reads,
 * {@code N}) produces nothing. Other actions ({@code A G I D M F P U UT X m}...) produce nothing and are
 * not malformed, nor is what blkparse and the tools around it print besides events: the
 * {@code Input file ... added} notes first, a commented column header ({@code #Maj,Mn CPU SeqNo ...}),
 * and the per-CPU and total summary at the end. Only a line that starts as an event does
 * ({@code MAJOR,MINOR}) is held to the event's shape; any other line is refused.
 */
final class BlkparseTraceReader extends LineTraceReader {
    static final long SECTOR = 512;

    private final String replayed;

    BlkparseTraceReader(Path file, TraceOptions options) throws IOException {
        super(file, TraceFormat.BLKPARSE, options);
        this.replayed = options.blkparseCompleted() ? "C" : "Q";
    }

    /** Whether {@code line} has the shape of a blkparse event; detection uses it too. */
    static boolean looksLikeEvent(String line) {
        String[] fields = Fields.split(line);
        return fields.length >= 6
                && isDevice(fields[0])
                && Fields.isDigits(fields[1])
                && Fields.isDigits(fields[2])
                && isSeconds(fields[3])
                && Fields.isDigits(fields[4]);
    }

    @Override
    WorkloadOp parse(String line, long lineNumber) throws MalformedLineException {
        String[] fields = Fields.split(line);
        if (fields.length == 0) {
            return null;
        }
        if (!isDevice(fields[0])) {
            if (isPreamble(line) || isSummaryText(line)) {
                return null;
            }
            throw new MalformedLineException("not a blkparse event (it must start with the device as MAJOR,MINOR)");
        }
        if (fields.length < 6) {
            throw new MalformedLineException("expected MAJOR,MINOR CPU SEQUENCE SECONDS PID ACTION ...");
        }
        Fields.nonNegative(fields[1], "the CPU");
        Fields.nonNegative(fields[2], "the sequence number");
        long timestampNanos = secondsToNanos(fields[3]);
        Fields.nonNegative(fields[4], "the process id");
        if (!fields[5].equals(replayed)) {
            return null;
        }
        if (fields.length < 7) {
            throw new MalformedLineException("the " + replayed + " event has no RWBS field");
        }
        String rwbs = fields[6];
        if (!isRwbs(rwbs)) {
            throw new MalformedLineException("the RWBS field '" + rwbs + "' is not made of RWBS letters");
        }
        boolean hasRange = fields.length >= 10 && fields[8].equals("+");
        long sector = 0;
        long sectors = 0;
        if (hasRange) {
            sector = Fields.nonNegative(fields[7], "the sector");
            sectors = Fields.nonNegative(fields[9], "the sector count");
        }
        String device = fields[0];
        if (rwbs.charAt(0) == 'F' || rwbs.indexOf('D') >= 0) {
            return WorkloadOp.flush(device, timestampNanos, lineNumber);
        }
        if (rwbs.indexOf('W') < 0) {
            return null;
        }
        if (sectors == 0) {
            return WorkloadOp.flush(device, timestampNanos, lineNumber);
        }
        long offset = Fields.multiply(sector, SECTOR, "the sector");
        long length = Fields.multiply(sectors, SECTOR, "the sector count");
        Fields.checkEnd(offset, length);
        return WorkloadOp.write(device, offset, length, timestampNanos, lineNumber);
    }

    private static boolean isDevice(String field) {
        int comma = field.indexOf(',');
        return comma > 0
                && Fields.isDigits(field.substring(0, comma))
                && Fields.isDigits(field.substring(comma + 1));
    }

    private static boolean isSeconds(String field) {
        int dot = field.indexOf('.');
        return dot > 0 && Fields.isDigits(field.substring(0, dot)) && Fields.isDigits(field.substring(dot + 1));
    }

    private static boolean isRwbs(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return !field.isEmpty();
    }

    /**
     * Whether a line is what comes before the events: blkparse's {@code Input file sda.blktrace.0 added}
     * notes (one per CPU, so a large machine prints many) and a commented column header. Detection
     * passes over these without counting them.
     */
    static boolean isPreamble(String line) {
        String text = line.strip();
        return text.startsWith("#") || (text.startsWith("Input file ") && text.endsWith(" added"));
    }

    /**
     * Whether a non-event line is part of the summary blkparse prints at the end: the per-CPU and total
     * blocks ({@code CPU0 (sda):}, {@code  Reads Queued: ...}, {@code Total (sda):},
     * {@code Throughput (R/W): ...}, {@code Events (sda): ...}, {@code Skips: ...}), all "label: value"
     * lines.
     */
    private static boolean isSummaryText(String line) {
        return line.indexOf(':') > 0;
    }

    /** blkparse prints seconds with nine decimals ({@code 12.000123456}); read them exactly, not as a double. */
    static long secondsToNanos(String field) throws MalformedLineException {
        if (!isSeconds(field)) {
            throw new MalformedLineException("the time '" + field + "' is not in seconds like 0.000123456");
        }
        int dot = field.indexOf('.');
        long seconds = Fields.nonNegative(field.substring(0, dot), "the time");
        String fraction = field.substring(dot + 1);
        long nanos = 0;
        for (int i = 0; i < 9; i++) {
            nanos = nanos * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        } catch (ArithmeticException e) {
            throw new MalformedLineException("the time is too large: " + field);
        }
    }
}
