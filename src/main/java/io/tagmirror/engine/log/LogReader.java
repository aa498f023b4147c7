package io.tagmirror.engine.log;

import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.device.io.ObjectChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a log's records in order (LevelDB's {@code log::Reader}), telling a torn tail from damage.
 *
 * <p>A record that is cut short, fails its checksum or is out of order is a <em>torn tail</em> when
 * no whole fragment follows it anywhere in the log: a crash stopped the last append, nothing it
 * promised was durable, and the reader ends before it ({@link #validEnd()}). When a whole fragment
 * does follow, the bytes were damaged after they were written: the reader names the offset and
 * refuses, since skipping a record could hide entries and so divergent blocks.
 *
 * <p>A power cut can also leave whole fragments after a bad record: the pages written since the last
 * sync reach the disk in any order, so a later page may survive where an earlier one did not. A log
 * whose writer records {@link SyncMarks} tells the two apart: a bad record is damage only when a mark
 * after it says the log was synced past it; otherwise it lies in what no sync covered, and the log
 * ends before it as at any torn tail (RocksDB's point-in-time recovery of its write-ahead log).
 *
 * <p>Not thread-safe: one caller reads it from start to end.
 */
public final class LogReader {
    /** One record: where its first fragment starts, where its last ends, and its bytes. */
    public record Record(long offset, long end, byte[] payload) {
    }

    /** Reads the records a writer leaves after each sync, naming how far the log was synced. */
    @FunctionalInterface
    public interface SyncMarks {
        /** The position every byte before which was synced, if {@code payload} is such a mark; else -1. */
        long syncedBefore(byte[] payload);
    }

    private final ObjectChannel channel;
    private final String name;
    /** Null: every whole fragment after a bad record makes it damage. */
    private final SyncMarks marks;
    private long limit;
    private final ByteBuffer block = ByteBuffer.allocate(Fragment.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long blockStart = -1;
    private long pos;
    private long validEnd;
    private boolean tornTail;

    /**
     * Reads {@code channel} from {@code from} (the start of a record) to {@code limit} (its length, or
     * where a writer had got to); {@code name} says which log in a refusal.
     */
    public LogReader(ObjectChannel channel, String name, long from, long limit) {
        this(channel, name, from, limit, null);
    }

    /** As {@link #LogReader(ObjectChannel, String, long, long)}, judging a bad record by the writer's sync {@code marks}. */
    public LogReader(ObjectChannel channel, String name, long from, long limit, SyncMarks marks) {
        this.channel = channel;
        this.name = name;
        this.marks = marks;
        this.limit = limit;
        this.pos = from;
        this.validEnd = from;
    }

    /** Reads a whole log from its start. */
    public static LogReader of(ObjectChannel channel, String name) throws IOException {
        return new LogReader(channel, name, 0, channel.size());
    }

    /** Reads a whole log from its start, judging a bad record by the writer's sync {@code marks}. */
    public static LogReader of(ObjectChannel channel, String name, SyncMarks marks) throws IOException {
        return new LogReader(channel, name, 0, channel.size(), marks);
    }

    /**
     * The record that starts at {@code offset} (one this reader or a writer gave), reading no further
     * than {@code limit}: how a table reads back a record it indexed. The block last read is kept, so
     * records read in file order cost one read per block. Null when no whole record is there.
     */
    public Record readAt(long offset, long limit) throws IOException {
        if (limit != this.limit) {
            this.limit = limit;
            blockStart = -1; // the last block may have grown
        }
        pos = offset;
        validEnd = offset;
        tornTail = false;
        return next();
    }

    /** The end of the last whole record read: where an append continues the log. */
    public long validEnd() {
        return validEnd;
    }

    /** Whether the reader stopped before a torn tail (bytes past {@link #validEnd()} that hold no record). */
    public boolean tornTail() {
        return tornTail;
    }

    /**
     * The next record, or null at the end of the log (its end, or a torn tail). A damaged record with
     * whole fragments after it is refused with a {@link DeviceDamagedException} naming its offset.
     */
    public Record next() throws IOException {
        if (tornTail) {
            return null;
        }
        ByteArrayOutputStream assembled = null;
        long recordStart = -1;
        while (true) {
            skipTrailer();
            if (pos >= limit) {
                if (assembled != null) {
                    return tail(recordStart, pos, "its end missing");
                }
                return null;
            }
            long at = pos;
            Header h = header(at);
            if (h.problem != null) {
                return tail(recordStart >= 0 ? recordStart : at, at, h.problem);
            }
            pos = at + Fragment.HEADER_SIZE + h.length;
            byte[] bytes = h.payload;
            switch (h.type) {
                case FULL -> {
                    if (assembled != null) {
                        return tail(recordStart, at, "its end missing");
                    }
                    validEnd = pos;
                    return new Record(at, pos, bytes);
                }
                case FIRST -> {
                    if (assembled != null) {
                        return tail(recordStart, at, "its end missing");
                    }
                    assembled = new ByteArrayOutputStream(bytes.length * 2);
                    assembled.write(bytes, 0, bytes.length);
                    recordStart = at;
                }
                case MIDDLE, LAST -> {
                    if (assembled == null) {
                        return tail(at, at, "no start");
                    }
                    assembled.write(bytes, 0, bytes.length);
                    if (h.type == Fragment.LAST) {
                        validEnd = pos;
                        return new Record(recordStart, pos, assembled.toByteArray());
                    }
                }
                default -> throw new IllegalStateException("fragment type " + h.type);
            }
        }
    }

    /** Moves past the zeros that end a block when a header did not fit. */
    private void skipTrailer() {
        int leftover = Fragment.BLOCK_SIZE - (int) (pos % Fragment.BLOCK_SIZE);
        if (leftover < Fragment.HEADER_SIZE) {
            pos += leftover;
        }
    }

    /**
     * Ends the log before the record at {@code at}, unless a whole fragment lies at or after the bad
     * fragment at {@code failed}, which makes it damage; with sync marks, only a mark after it that
     * says the log was synced past {@code at} does.
     */
    private Record tail(long at, long failed, String problem) throws IOException {
        long evidence = wholeFragmentFrom(failed);
        if (evidence >= 0 && marks == null) {
            throw new DeviceDamagedException(name + " is damaged: the record at byte " + at + " has " + problem
                    + " at byte " + failed + ", and a whole"
                    + " fragment follows at byte " + evidence + ": it was changed after it was written, so entries may"
                    + " be lost; reset the tag table and scrub the device's mirrors (see the recovery guide)");
        }
        long mark = evidence < 0 ? -1 : markSyncedPast(evidence, at);
        if (mark >= 0) {
            throw new DeviceDamagedException(name + " is damaged: the record at byte " + at + " has " + problem
                    + " at byte " + failed + ", and the mark at byte " + mark + " says the log was synced past it:"
                    + " it was changed after it was written, so entries may be lost; reset the tag table and scrub"
                    + " the device's mirrors (see the recovery guide)");
        }
        tornTail = true;
        pos = limit;
        return null;
    }

    /**
     * The offset of a sync mark at or after {@code from} naming a synced position past {@code at}, or
     * -1: every whole fragment from there on is read, skipping bad ones. A mark is one fragment (it is
     * a few bytes); one that a block boundary split is not read, which only weakens the evidence.
     */
    private long markSyncedPast(long from, long at) throws IOException {
        long p = from;
        while (p >= 0 && p < limit) {
            int leftover = Fragment.BLOCK_SIZE - (int) (p % Fragment.BLOCK_SIZE);
            if (leftover < Fragment.HEADER_SIZE) {
                p += leftover;
                continue;
            }
            Header h = header(p);
            if (h.problem != null) {
                p = p + 1 < limit ? wholeFragmentFrom(p + 1) : -1;
                continue;
            }
            if (h.type == Fragment.FULL && marks.syncedBefore(h.payload) > at) {
                return p;
            }
            p += Fragment.HEADER_SIZE + h.length;
        }
        return -1;
    }

    /**
     * The offset of a whole fragment (of a writer's type, checksum right) at or after the bad fragment
     * at {@code at}, or -1: the fragment itself (whole, but out of order), then every later byte of its
     * block (a damaged length cannot be trusted to find the next one), then the start of every later
     * block, where a writer always begins a fragment. A random match needs a 32-bit checksum to agree.
     */
    private long wholeFragmentFrom(long at) throws IOException {
        if (at >= limit) {
            return -1;
        }
        long lastInBlock = Math.min(blockEnd(at) - Fragment.HEADER_SIZE, limit - Fragment.HEADER_SIZE);
        for (long p = at; p <= lastInBlock; p++) {
            if (header(p).problem == null) {
                return p;
            }
        }
        for (long b = blockEnd(at); b < limit; b += Fragment.BLOCK_SIZE) {
            if (header(b).problem == null) {
                return b;
            }
        }
        return -1;
    }

    private static long blockEnd(long p) {
        return (p / Fragment.BLOCK_SIZE + 1) * Fragment.BLOCK_SIZE;
    }

    /** A fragment header read at an offset: its type and payload, or what is wrong with it. */
    private record Header(Fragment type, int length, byte[] payload, String problem) {
        static Header bad(int length, String problem) {
            return new Header(null, length, null, problem);
        }
    }

    private Header header(long at) throws IOException {
        if (at + Fragment.HEADER_SIZE > limit) {
            return Header.bad(-1, "a fragment header cut short");
        }
        load(at);
        int in = (int) (at - blockStart);
        int stored = block.getInt(in);
        int length = Short.toUnsignedInt(block.getShort(in + 4));
        Fragment type = Fragment.ofCode(block.get(in + 6));
        if (type == null) {
            return Header.bad(length, "an unknown fragment type " + block.get(in + 6));
        }
        if (type == Fragment.ZERO) {
            return Header.bad(length, "zeros where a record should be");
        }
        if (at + Fragment.HEADER_SIZE + length > blockEnd(at)) {
            return Header.bad(-1, "a fragment longer than its block");
        }
        if (at + Fragment.HEADER_SIZE + length > limit) {
            return Header.bad(length, "a fragment cut short");
        }
        byte[] payload = new byte[length];
        block.get(in + Fragment.HEADER_SIZE, payload);
        if (Fragment.checksum(type.code(), payload, 0, length) != stored) {
            return Header.bad(length, "a checksum mismatch");
        }
        return new Header(type, length, payload, null);
    }

    /** Makes the block holding {@code at} the one in {@link #block}. */
    private void load(long at) throws IOException {
        long start = at / Fragment.BLOCK_SIZE * Fragment.BLOCK_SIZE;
        if (start == blockStart) {
            return;
        }
        block.clear();
        int want = (int) Math.min(Fragment.BLOCK_SIZE, limit - start);
        block.limit(want);
        while (block.hasRemaining()) {
            if (channel.read(block, start + block.position()) < 0) {
                break;
            }
        }
        block.clear();
        blockStart = start;
    }
}
