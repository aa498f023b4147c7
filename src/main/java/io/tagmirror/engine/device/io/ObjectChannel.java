package io.tagmirror.engine.device.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The file I/O of one storage object: positional reads and writes, its length, and making it durable.
 *
 * <p>The calls mean what the POSIX calls under them mean (pread, pwrite, ftruncate, fdatasync), so a
 * recording or fault-injecting implementation can model what a real disk keeps after a power cut or
 * an I/O error.
 */
public interface ObjectChannel extends Closeable {

    /** Reads into {@code dst} from {@code position}; returns the bytes read, or -1 at the end of the file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes {@code src} at {@code position}, growing the file when it passes the end; returns the bytes written. */
    int write(ByteBuffer src, long position) throws IOException;

    /** The file's length in bytes. */
    long size() throws IOException;

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    /** Makes every write so far durable (fdatasync); a failure means some of them may be lost. */
    void force() throws IOException;

    /**
     * Told, on a clean close of a log, where its last record ends: a channel that grew its file ahead of
     * the writes cuts it back there. Called by the log's owner before it lets go of the channel, never
     * by a channel closed later (a sync may still hold one, after the file was opened again).
     */
    default void closeAt(long end) throws IOException {
    }
}
