package io.tagmirror.engine.device.io;

import io.tagmirror.engine.DeviceGoneException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A stretch of a tag log mapped into memory (a block device's log half, a segment of a directory
 * device's log file), so an append is a store into the page cache: no system call, and no
 * file lock shared with the data writes (an image file's buffered writes all take one; a small
 * {@code pwrite} into a block device cost some 30 µs under sixteen writers, docs/performance.md). What a
 * store leaves is in the page cache at once, as a {@code pwrite}'s is: a killed process loses nothing,
 * and an fdatasync of the device makes it durable.
 *
 * <p>A store to a page that cannot be read in (a disk that vanished) or past the end of a file cut
 * short faults; the JVM raises it as an {@link InternalError} at the thread's next return from native
 * code, not at the store. So every page is first read in through the channel (a vanished disk answers
 * EIO there, a cut image its end), and each store is followed at once by a native call of no
 * consequence: a fault that still happens (the page evicted in between) surfaces there, inside this
 * class, and becomes an {@link IOException}; the window takes no more stores after it.
 *
 * <p>Thread-safe; its one writer is a tag table under its lock.
 */
public final class MappedWindow implements AutoCloseable {
    /** The unit a fault happens in: a page is read in once before the first store to it. */
    private static final int PAGE = 4096;

    private final FileChannel device;
    private final String name;
    private final long offset;
    private final long length;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private MappedByteBuffer map;
    /** The pages of the window in {@code [residentFrom, residentEnd)} (page boundaries) were read in through the channel. */
    private long residentFrom;
    private long residentEnd;
    private IOException broken;

    public MappedWindow(FileChannel device, String name, long offset, long length) {
        this.device = device;
        this.name = name;
        this.offset = offset;
        this.length = length;
    }

    /** Whether stores can be fenced on this machine (the native call loads); where not, nothing is mapped for stores. */
    public static boolean supported() {
        return StoreFence.AVAILABLE;
    }

    /** Stores {@code src} at {@code position} of the window (which it must fit) and consumes it. */
    public synchronized void write(ByteBuffer src, long position) throws IOException {
        if (broken != null) {
            throw broken;
        }
        int n = src.remaining();
        bringIn(position, position + n);
        try {
            if (map == null) {
                map = device.map(FileChannel.MapMode.READ_WRITE, offset, length);
            }
            map.put((int) position, src, src.position(), n);
            StoreFence.fence();
        } catch (InternalError e) {
            broken = new DeviceGoneException(name + " could not be written in memory (its device failed or was cut"
                    + " short while open): " + e.getMessage());
            throw broken;
        }
        src.position(src.position() + n);
    }

    /** Reads each page of {@code [from, to)} not yet read in, so a store to it finds it in the page cache. */
    private void bringIn(long from, long to) throws IOException {
        long first = from - from % PAGE;
        // appends go on from where the last one ended; a store elsewhere (the log cut back, or opened
        // at its end) starts a new run of pages read in
        boolean continues = first >= residentFrom && first <= residentEnd;
        for (long page = continues ? Math.max(residentEnd, first) : first; page < to; page += PAGE) {
            probe.clear();
            if (device.read(probe, offset + page) < 0) {
                broken = new DeviceGoneException(name + " ends before byte " + (offset + page) + ": the device was cut"
                        + " short while open");
                throw broken;
            }
        }
        if (!continues) {
            residentFrom = first;
            residentEnd = first;
        }
        residentEnd = Math.max(residentEnd, (to + PAGE - 1) / PAGE * PAGE);
    }

    /**
     * Makes what was written in the window durable, stores and {@code pwrite}s alike: an {@code msync}
     * of the window's range, which the kernel runs as an fdatasync of that range of the file, so the
     * data region's dirty pages are not written with it (an fdatasync of the device writes them all).
     * Returns false when the window is not mapped (nothing stored yet, or closed): the caller syncs the
     * device.
     */
    public boolean force() throws IOException {
        MappedByteBuffer m;
        synchronized (this) {
            m = map;
        }
        if (m == null) {
            return false;
        }
        // outside the monitor: appends go on while the range is written (the tag table closes a
        // channel only once the syncs forcing it are done)
        try {
            m.force(0, (int) length);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return true;
    }

    /** Unmaps the window now rather than at some later collection; no store may follow. */
    @Override
    public synchronized void close() {
        if (map != null) {
            Unmapper.unmap(map);
            map = null;
        }
        broken = broken != null ? broken : new IOException(name + " is closed");
    }
}
