package io.tagmirror.engine.device.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the files of storage objects: the seam under a directory device's data I/O.
 *
 * <p>{@link #SYSTEM} goes to the operating system. Reliability tests put a layer here that records
 * writes and syncs (to rebuild what a disk keeps after a power cut) or fails them (EIO, ENOSPC, a
 * read-only file system).
 */
public interface ObjectIo {

    /** How an object file is opened. */
    enum OpenMode {
        /** Create a new file; fail when it exists. Read and write. */
        CREATE_NEW,
        /** An existing file, read and write. */
        READ_WRITE,
        /** An existing file, read only. */
        READ_ONLY
    }

    /** The operating system's file I/O. */
    ObjectIo SYSTEM = FileObjectChannel::open;

    ObjectChannel open(Path file, OpenMode mode) throws IOException;
}
