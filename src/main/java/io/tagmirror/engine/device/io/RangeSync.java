package io.tagmirror.engine.device.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Makes one range of a file or device durable without writing back the rest: {@code msync} of a
 * mapping made for the purpose, where {@code fdatasync} of an image file writes back every dirty
 * page of its data region too (seconds, on a large device written at random). Nothing is stored
 * through the mapping, so no fault can come of it. A channel that cannot be mapped (a wrapper that
 * refuses, or a mapping the system refuses: no memory, too many mappings) is synced whole.
 */
public final class RangeSync {
    private RangeSync() {
    }

    /**
     * A channel that syncs a range itself: a test's recording wrapper, so a power-cut model sees the
     * range a sync covered.
     */
    public interface Ranged {
        /** Makes what was written to {@code [at, at + bytes)} durable. */
        void forceRange(long at, long bytes) throws IOException;
    }

    /** Makes what was written to {@code [at, at + bytes)} of {@code channel} durable. */
    public static void force(FileChannel channel, long at, long bytes) throws IOException {
        if (channel instanceof Ranged ranged) {
            ranged.forceRange(at, bytes);
            return;
        }
        MappedByteBuffer map;
        try {
            map = channel.map(FileChannel.MapMode.READ_WRITE, at, bytes);
        } catch (UnsupportedOperationException | IOException e) {
            channel.force(false);
            return;
        }
        try {
            map.force();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Unmapper.unmap(map);
        }
    }
}
