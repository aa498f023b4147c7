package io.tagmirror.workload.trace;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.WorkloadOp;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Places a trace's writes inside a mirror smaller than the trace: refuse, wrap around, or scale down.
 *
 * <p>Wrapping and scaling keep every write's length and its position within a block
 * ({@code offset % blockSize}) and never run past the mirror's end; a write longer than the whole
 * mirror is refused in every mode. Flushes and appends pass unchanged.
 */
public final class TraceFit {

    /** What to do with a trace that reaches past the mirror's end. */
    public enum Fit {
        /** Refuse the trace before replaying anything. */
        REFUSE,
        /** Take each offset modulo the mirror size. */
        WRAP,
        /** Shrink the trace's block positions by mirror size / trace extent. */
        SCALE;

        /** The mode named {@code refuse}, {@code wrap} or {@code scale} (any case). */
        public static Fit parse(String name) throws TagMirrorException {
            String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            return switch (key) {
                case "refuse" -> REFUSE;
                case "wrap" -> WRAP;
                case "scale" -> SCALE;
                default -> throw new TagMirrorException("unknown fit '" + name + "': use refuse, wrap or scale");
            };
        }
    }

    private final Fit fit;
    private final String trace;
    private final long extent;
    private final long mirrorBytes;
    private final long blockSize;

    private TraceFit(Fit fit, String trace, long extent, long mirrorBytes, long blockSize) {
        this.fit = fit;
        this.trace = trace;
        this.extent = extent;
        this.mirrorBytes = mirrorBytes;
        this.blockSize = blockSize;
    }

    /**
     * A fit for a trace whose writes reach {@code extent} bytes ({@code -1} when unknown, allowed for
     * {@link Fit#WRAP} only, which needs no extent).
     *
     * @throws TagMirrorException under {@link Fit#REFUSE} when the trace reaches past the mirror
     */
    public static TraceFit of(Fit fit, String traceName, long extent, long mirrorBytes, int blockSize)
            throws TagMirrorException {
        if (fit == null) {
            throw new IllegalArgumentException("fit is required");
        }
        if (mirrorBytes <= 0 || blockSize <= 0) {
            throw new IllegalArgumentException("mirror size and block size must be positive");
        }
        if (extent < 0 && fit != Fit.WRAP) {
            throw new IllegalArgumentException(fit + " needs the trace's extent");
        }
        if (fit == Fit.REFUSE && extent > mirrorBytes) {
            throw new TagMirrorException("trace " + traceName + " reaches " + extent + " bytes (" + human(extent)
                    + "), past the mirror's " + mirrorBytes + " bytes (" + human(mirrorBytes)
                    + "); use --fit wrap or --fit scale");
        }
        return new TraceFit(fit, traceName, extent, mirrorBytes, blockSize);
    }

    /**
     * A fit for the trace in {@code file}, reading it once first to find its extent when the mode
     * needs it (refuse and scale; wrap does not).
     */
    public static TraceFit prepare(Path file, TraceFormat format, TraceOptions options, Fit fit, long mirrorBytes,
            int blockSize) throws IOException {
        long traceExtent = fit == Fit.WRAP ? -1 : extent(file, format, options);
        return of(fit, file.toString(), traceExtent, mirrorBytes, blockSize);
    }

    /** The largest {@code offset + length} over the trace's writes (0 when it has none), in one streaming pass. */
    public static long extent(Path file, TraceFormat format, TraceOptions options) throws IOException {
        long max = 0;
        try (TraceReader reader = TraceReaders.open(file, format, options)) {
            Optional<WorkloadOp> op;
            while ((op = reader.next()).isPresent()) {
                WorkloadOp o = op.get();
                if (o.kind() == WorkloadOp.Kind.WRITE && o.end() > max) {
                    max = o.end();
                }
            }
        }
        return max;
    }

    /** {@code op} placed inside the mirror; only writes move. */
    public WorkloadOp map(WorkloadOp op) throws TagMirrorException {
        if (op.kind() != WorkloadOp.Kind.WRITE) {
            return op;
        }
        if (op.length() > mirrorBytes) {
            throw new TagMirrorException("trace " + trace + ", line " + op.lineNumber() + ": a write of "
                    + op.length() + " bytes (" + human(op.length()) + ") is longer than the whole mirror ("
                    + mirrorBytes + " bytes, " + human(mirrorBytes) + "); no fit can place it");
        }
        if (op.end() <= mirrorBytes && (fit != Fit.SCALE || extent <= mirrorBytes)) {
            return op;
        }
        long remainder = op.offset() % blockSize;
        long target = switch (fit) {
            case REFUSE -> throw new TagMirrorException("trace " + trace + ", line " + op.lineNumber()
                    + ": a write reaches " + op.end() + " bytes, past the mirror's " + mirrorBytes
                    + " bytes; use --fit wrap or --fit scale");
            case WRAP -> {
                long wrapped = op.offset() % mirrorBytes;
                // When the mirror size is not a whole number of blocks, modulo alone can shift the
                // in-block position; put it back within the same block.
                yield wrapped - wrapped % blockSize + remainder;
            }
            case SCALE -> {
                if (extent <= mirrorBytes) {
                    yield op.offset();
                }
                long extentBlocks = ceilDiv(extent, blockSize);
                long mirrorBlocks = mirrorBytes / blockSize;
                yield mulDiv(op.offset() / blockSize, mirrorBlocks, extentBlocks) * blockSize + remainder;
            }
        };
        if (target + op.length() > mirrorBytes) {
            target = lastStartKeeping(mirrorBytes - op.length(), remainder);
        }
        return op.withOffset(target);
    }

    public Fit fit() {
        return fit;
    }

    /** The trace's extent, or {@code -1} when it was not measured (wrap). */
    public long extent() {
        return extent;
    }

    public long mirrorBytes() {
        return mirrorBytes;
    }

    /**
     * The largest start at or before {@code limit} with the given in-block remainder; for block-aligned
     * writes on a mirror of whole blocks that ends the write exactly at the mirror's end. When no such
     * start exists (the write is within a block of the mirror's size) the alignment gives way to the length.
     */
    private long lastStartKeeping(long limit, long remainder) {
        if (limit < remainder) {
            return limit;
        }
        return limit - (limit - remainder) % blockSize;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** {@code a * b / c} without overflow, for block indexes of very large traces. */
    private static long mulDiv(long a, long b, long c) {
        long product = a * b;
        if (Math.multiplyHigh(a, b) == 0 && product >= 0) {
            return product / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    /** A byte count in binary units with one decimal, such as {@code 1.5 GiB}. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
