package io.tagmirror.workload;

/**
 * One operation of a workload, read from a trace or made by a synthetic pattern, to replay against a mirror.
 *
 * <p>A {@link Kind#WRITE} has an offset of zero or more and a length of one byte or more; an
 * {@link Kind#APPEND} has offset {@code -1} (the mirror chooses where it lands) and a length of one
 * byte or more; a {@link Kind#FLUSH} carries no range: offset {@code -1}, length {@code 0}.
 *
 * @param kind what the operation does
 * @param file the trace's file or device name, or {@code ""} when the source has none (never null)
 * @param offset byte offset of a write, {@code -1} for appends and flushes
 * @param length bytes written, {@code 0} for flushes
 * @param timestampNanos nanoseconds since the trace's time zero, or {@code -1} when the source has no timing
 * @param lineNumber the trace line the operation comes from, or its 1-based position in a synthetic pattern
 */
public record WorkloadOp(Kind kind, String file, long offset, long length, long timestampNanos, long lineNumber) {

    /** What an operation does to the mirror. */
    public enum Kind {
        WRITE,
        FLUSH,
        APPEND
    }

    public WorkloadOp {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        // An empty name instead of null spares every consumer a null check.
        file = file == null ? "" : file;
        if (timestampNanos < -1) {
            throw new IllegalArgumentException("timestamp must be -1 or more: " + timestampNanos);
        }
        switch (kind) {
            case WRITE -> {
                if (offset < 0 || length <= 0) {
                    throw new IllegalArgumentException(
                            "a write needs offset >= 0 and length > 0: " + offset + "+" + length);
                }
                if (offset + length < 0) {
                    throw new IllegalArgumentException("write end overflows: " + offset + "+" + length);
                }
            }
            case APPEND -> {
                if (offset != -1 || length <= 0) {
                    throw new IllegalArgumentException(
                            "an append needs offset -1 and length > 0: " + offset + "+" + length);
                }
            }
            case FLUSH -> {
                if (offset != -1 || length != 0) {
                    throw new IllegalArgumentException(
                            "a flush carries no range (offset -1, length 0): " + offset + "+" + length);
                }
            }
        }
    }

    public static WorkloadOp write(String file, long offset, long length, long timestampNanos, long lineNumber) {
        return new WorkloadOp(Kind.WRITE, file, offset, length, timestampNanos, lineNumber);
    }

    public static WorkloadOp flush(String file, long timestampNanos, long lineNumber) {
        return new WorkloadOp(Kind.FLUSH, file, -1, 0, timestampNanos, lineNumber);
    }

    public static WorkloadOp append(String file, long length, long timestampNanos, long lineNumber) {
        return new WorkloadOp(Kind.APPEND, file, -1, length, timestampNanos, lineNumber);
    }

    /** The byte just past a write ({@code offset + length}); only meaningful for {@link Kind#WRITE}. */
    public long end() {
        return offset + length;
    }

    /** A copy of this write moved to {@code newOffset}, everything else kept. */
    public WorkloadOp withOffset(long newOffset) {
        return new WorkloadOp(kind, file, newOffset, length, timestampNanos, lineNumber);
    }
}
