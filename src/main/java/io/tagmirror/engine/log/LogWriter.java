package io.tagmirror.engine.log;

import io.tagmirror.engine.device.io.ObjectChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Appends records to a log, cutting each into fragments so none crosses a 32 KiB block (LevelDB's
 * {@code log::Writer}).
 *
 * <p>Not thread-safe: its one owner (a tag table, under its lock) calls it. Records given together
 * go to the channel in one write, so a group commit costs one system call whatever it holds.
 */
public final class LogWriter {
    private final ObjectChannel channel;
    private long end;
    /** The largest framing buffer kept between appends: a group commit's batch of 1,024 entries fits. */
    private static final int KEPT_FRAME_BYTES = 128 * 1024;
    /** Where records are framed before their one write; kept, as appends are many and small. */
    private ByteBuffer framed = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

    /** A writer that appends at {@code end}, the end of the last whole record (as a reader found it). */
    public LogWriter(ObjectChannel channel, long end) {
        this.channel = channel;
        this.end = end;
    }

    /** Where the next record goes. */
    public long end() {
        return end;
    }

    /**
     * Appends the records in one write, in order, and returns the offset each begins at (where a
     * reader started there reads it back). Nothing is durable until {@link #sync}.
     */
    public long[] append(byte[]... records) throws IOException {
        long[] starts = new long[records.length];
        int size = 0;
        long at = end;
        for (int i = 0; i < records.length; i++) {
            long before = at;
            at = framedEnd(at, records[i].length);
            starts[i] = recordStart(before);
            size += (int) (at - before);
        }
        ByteBuffer out;
        if (size <= framed.capacity()) {
            out = framed.clear();
        } else if (size <= KEPT_FRAME_BYTES) {
            framed = ByteBuffer.allocate(Math.min(KEPT_FRAME_BYTES, Math.max(size, 2 * framed.capacity())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            out = framed;
        } else {
            // a large record (a compaction's deletions) is framed once: its buffer is not kept
            out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
        long pos = end;
        for (byte[] r : records) {
            pos = frame(out, pos, r);
        }
        out.flip();
        long writeAt = end;
        while (out.hasRemaining()) {
            writeAt += channel.write(out, writeAt);
        }
        end = pos;
        return starts;
    }

    /** Where the log would end once {@code records} were appended: what they take, framing included. */
    public long endAfter(byte[]... records) {
        long at = end;
        for (byte[] r : records) {
            at = framedEnd(at, r.length);
        }
        return at;
    }

    /** Makes every record appended so far durable. */
    public void sync() throws IOException {
        channel.force();
    }

    /** Where a record appended at {@code at} begins: past the block's trailer when no header fits there. */
    private static long recordStart(long at) {
        int leftover = Fragment.BLOCK_SIZE - (int) (at % Fragment.BLOCK_SIZE);
        return leftover < Fragment.HEADER_SIZE ? at + leftover : at;
    }

    /** Where a record of {@code length} bytes appended at {@code at} ends, headers and trailers included. */
    static long framedEnd(long at, int length) {
        int left = length;
        boolean begin = true;
        while (begin || left > 0) {
            int leftover = Fragment.BLOCK_SIZE - (int) (at % Fragment.BLOCK_SIZE);
            if (leftover < Fragment.HEADER_SIZE) {
                at += leftover;
                leftover = Fragment.BLOCK_SIZE;
            }
            int fragment = Math.min(left, leftover - Fragment.HEADER_SIZE);
            at += Fragment.HEADER_SIZE + fragment;
            left -= fragment;
            begin = false;
        }
        return at;
    }

    /** Frames {@code record} into {@code out} as it lands at file offset {@code at}; returns the offset after it. */
    private static long frame(ByteBuffer out, long at, byte[] record) {
        int left = record.length;
        int from = 0;
        boolean begin = true;
        do {
            int leftover = Fragment.BLOCK_SIZE - (int) (at % Fragment.BLOCK_SIZE);
            if (leftover < Fragment.HEADER_SIZE) {
                // Too little room for a header: the block ends in zeros, which a reader skips.
                out.put(new byte[leftover]);
                at += leftover;
                leftover = Fragment.BLOCK_SIZE;
            }
            int length = Math.min(left, leftover - Fragment.HEADER_SIZE);
            boolean last = length == left;
            Fragment type = begin && last ? Fragment.FULL : begin ? Fragment.FIRST : last ? Fragment.LAST : Fragment.MIDDLE;
            out.putInt(Fragment.checksum(type.code(), record, from, length));
            out.putShort((short) length);
            out.put(type.code());
            out.put(record, from, length);
            at += Fragment.HEADER_SIZE + length;
            from += length;
            left -= length;
            begin = false;
        } while (left > 0);
        return at;
    }
}
