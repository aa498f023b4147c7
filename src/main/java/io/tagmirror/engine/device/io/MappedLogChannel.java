package io.tagmirror.engine.device.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory device's tag log file written through mappings of it, a segment at a time, so an append
 * is a store into the page cache instead of a {@code pwrite}: the small write system call and the
 * file's lock cost as much as the engine's own work per write (docs/performance.md).
 *
 * <p>The file is grown ahead of the appends by writing zeros through the channel, a segment at a time:
 * a full file system answers there, as a write's {@code ENOSPC}, never as a fault of a store into a
 * hole. The log's reader takes zeros for its end, as on a block device's log half. The file is cut back
 * to what was written when the channel closes; after a crash its zeros read as a torn tail, which the
 * log cuts off when it opens.
 *
 * <p>Reads and syncs go through the channel: it sees the same pages, and an fdatasync of the file
 * writes what the stores left as it writes what {@code pwrite} left. One writer (the tag table, under
 * its lock); {@link #force} from any thread.
 */
public final class MappedLogChannel implements ObjectChannel {
    /**
     * How far the file is grown at a time, and the size of one mapping, unless the log asks for less
     * (a log rewritten small stays a small file): unmapping a segment costs a TLB flush on every core,
     * 1 % of a tagged run's samples at 32 KiB segments.
     */
    public static final int SEGMENT = 256 * 1024;
    private static final int SMALLEST_SEGMENT = 4096;
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(64 * 1024).asReadOnlyBuffer();
    /** Mappings kept behind the one appends go to: the log appends at its end, so older ones are unmapped. */
    private static final int KEPT_BEHIND = 1;

    private final FileChannel channel;
    private final String name;
    private final long segmentBytes;
    private final TreeMap<Long, MappedWindow> windows = new TreeMap<>();
    /** The file's length: what was written, then zeros up to a segment boundary. */
    private long grownTo;
    /** The segment appends went to last, and its mapping (null when none): found without a lookup. */
    private long lastSegment = -1;
    private MappedWindow lastWindow;

    private MappedLogChannel(FileChannel channel, String name, long segmentBytes) throws IOException {
        this.channel = channel;
        this.name = name;
        this.segmentBytes = segmentBytes;
        this.grownTo = channel.size();
    }

    /** Opens the log file {@code file} for reading and appending, in segments of {@link #SEGMENT}. */
    public static MappedLogChannel open(Path file) throws IOException {
        return open(file, SEGMENT);
    }

    /**
     * Opens the log file {@code file}, grown and mapped {@code segmentBytes} at a time (rounded down to a
     * power of two of at least a page, at most {@link #SEGMENT}).
     */
    public static MappedLogChannel open(Path file, long segmentBytes) throws IOException {
        long segment = Long.highestOneBit(Math.max(SMALLEST_SEGMENT, Math.min(SEGMENT, segmentBytes)));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new MappedLogChannel(ch, file.toString(), segment);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Whether stores can be fenced here (the native call loads): where not, the log keeps {@code pwrite}s. */
    public static boolean supported() {
        return MappedWindow.supported();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public synchronized int write(ByteBuffer src, long position) throws IOException {
        int n = src.remaining();
        long end = position + n;
        if (end > grownTo) {
            grow(end);
        }
        while (src.hasRemaining()) {
            long segment = position / segmentBytes;
            long segmentStart = segment * segmentBytes;
            int room = (int) Math.min(src.remaining(), segmentStart + segmentBytes - position);
            ByteBuffer part = src.slice(src.position(), room);
            window(segment).write(part, position - segmentStart);
            src.position(src.position() + room);
            position += room;
        }
        return n;
    }

    /** Writes zeros from the file's end to the segment boundary at or past {@code end}. */
    private void grow(long end) throws IOException {
        long target = (end + segmentBytes - 1) / segmentBytes * segmentBytes;
        ByteBuffer zeros = ZEROS.duplicate();
        for (long p = grownTo; p < target; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), target - p));
            p += channel.write(zeros, p);
        }
        grownTo = target;
    }

    private MappedWindow window(long segment) {
        if (segment == lastSegment && lastWindow != null) {
            return lastWindow;
        }
        MappedWindow w = windows.get(segment);
        if (w == null) {
            w = new MappedWindow(channel, name, segment * segmentBytes, segmentBytes);
            windows.put(segment, w);
            // appends go forward: what lies behind them is not stored into again (a store there, after
            // the log is cut back, maps its segment anew)
            for (Iterator<Map.Entry<Long, MappedWindow>> it = windows.headMap(segment - KEPT_BEHIND).entrySet().iterator();
                 it.hasNext(); ) {
                it.next().getValue().close();
                it.remove();
            }
        }
        lastSegment = segment;
        lastWindow = w;
        return w;
    }

    @Override
    public synchronized long size() throws IOException {
        return channel.size();
    }

    /** Cuts the file to {@code size}, first unmapping every segment that reaches past it (a store there would fault). */
    @Override
    public synchronized void truncate(long size) throws IOException {
        lastWindow = null;
        for (Iterator<Map.Entry<Long, MappedWindow>> it = windows.tailMap(size / segmentBytes, true).entrySet().iterator();
             it.hasNext(); ) {
            it.next().getValue().close();
            it.remove();
        }
        channel.truncate(size);
        grownTo = channel.size();
    }

    @Override
    public void force() throws IOException {
        channel.force(false);
    }

    /**
     * Cuts the file back to the log's end, so a clean close leaves no zeros. Not done by {@link #close}:
     * a channel a sync still holds is closed after its log was closed, and the file may have been
     * opened again by then.
     */
    @Override
    public synchronized void closeAt(long end) throws IOException {
        if (channel.size() > end) {
            truncate(end);
        }
    }

    /** Unmaps the segments; the file stays as it is (see {@link #closeAt}). */
    @Override
    public synchronized void close() throws IOException {
        lastWindow = null;
        try {
            for (MappedWindow w : windows.values()) {
                w.close();
            }
            windows.clear();
        } finally {
            channel.close();
        }
    }
}
