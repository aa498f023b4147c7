package io.tagmirror.engine.block;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.io.MappedWindow;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.RangeSync;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A window of a device seen as a file of fixed length: the tag log's half of a block device. Its
 * length is the window's; what was never written reads as zeros, which the log's reader takes as the
 * end of the log. Closing it leaves the device open.
 *
 * <p>Writes go through a {@link MappedWindow} when one is given (a log half written for a mirror's
 * writes), else through the channel: reads always go through the channel, which sees the same pages.
 */
final class RegionChannel implements ObjectChannel {
    /** Zeroing goes a log block at a time, and skips blocks already zero (a cut tail is short). */
    private static final int ZERO_STEP = 32 * 1024;

    private final FileChannel device;
    private final String name;
    private final long offset;
    private final long length;
    private final MappedWindow mapped;

    RegionChannel(FileChannel device, String name, long offset, long length) {
        this(device, name, offset, length, false);
    }

    /** {@code mapped}: writes are stores into the window mapped into memory. */
    RegionChannel(FileChannel device, String name, long offset, long length, boolean mapped) {
        this.device = device;
        this.name = name;
        this.offset = offset;
        this.length = length;
        this.mapped = mapped ? new MappedWindow(device, name, offset, length) : null;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position >= length) {
            return -1;
        }
        int room = (int) Math.min(dst.remaining(), length - position);
        ByteBuffer window = dst.slice(dst.position(), room);
        int n = device.read(window, offset + position);
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position + src.remaining() > length) {
            throw new TagMirrorException(name + " is full (" + length + " bytes): its entries are not trimmed because"
                    + " a member missed writes or no flush settled them; repair the mirror to settle them");
        }
        if (mapped != null) {
            int n = src.remaining();
            mapped.write(src, position);
            return n;
        }
        return device.write(src, offset + position);
    }

    @Override
    public long size() {
        return length;
    }

    /**
     * Zeros the window from {@code size} to its end, where a torn record or an older log's records
     * lie, so a reader ends where appends continue.
     */
    @Override
    public void truncate(long size) throws IOException {
        zero(device, offset + size, length - size);
    }

    /** Writes zeros over {@code [at, at + bytes)} of the device wherever it holds anything else. */
    static void zero(FileChannel device, long at, long bytes) throws IOException {
        ByteBuffer read = ByteBuffer.allocate(ZERO_STEP);
        ByteBuffer zeros = ByteBuffer.allocate(ZERO_STEP);
        for (long p = at; p < at + bytes; p += ZERO_STEP) {
            int n = (int) Math.min(ZERO_STEP, at + bytes - p);
            read.clear().limit(n);
            while (read.hasRemaining() && device.read(read, p + read.position()) >= 0) {
                // fills the step, or stops at the end of an image file (which reads as zeros)
            }
            if (!allZero(read.array(), read.position())) {
                zeros.clear().limit(n);
                while (zeros.hasRemaining()) {
                    device.write(zeros, p + zeros.position());
                }
            }
        }
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void force() throws IOException {
        // a region syncs its own range (a mapped log half through its mapping): an entry or intent
        // sync does not write back the whole data region
        if (mapped == null || !mapped.force()) {
            RangeSync.force(device, offset, length);
        }
    }

    @Override
    public void close() {
        // the device stays open: its owner closes it
        if (mapped != null) {
            mapped.close();
        }
    }
}
