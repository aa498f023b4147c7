package io.tagmirror.engine.device;

import io.tagmirror.engine.device.io.ObjectChannel;
import java.io.IOException;

/**
 * Where a tag log lives: a file of a directory device, or a region of a block device. The log's
 * framing and replay are the same on both; only opening it, telling a rewritten log from the one read
 * before, and putting a rewrite in place differ.
 *
 * <p>Called by its one {@link LogTagTable} under that table's monitor.
 */
public interface LogPlace {

    /** The log in an administrator's words (a file's path, a device's region), for messages. */
    String name();

    /** What the log belongs to (a device's directory or path), for a message saying the log is missing. */
    String owner();

    /** Whether a log is there at all (a region always is; a file may be missing). */
    boolean exists();

    /** The log's bytes; reads past what was written read as zeros or end the channel. */
    ObjectChannel open(boolean readOnly) throws IOException;

    /**
     * What tells this log from a rewritten one in its place (a file's key, a region's generation), so a
     * read-only table in another process reads a rewritten log again from its start.
     */
    Object identity() throws IOException;

    /** An empty channel a rewrite writes the live records into, beside the log in use. */
    ObjectChannel beginRewrite() throws IOException;

    /**
     * Puts the rewrite (written, synced and closed) in place of the log in one durable step: a crash
     * before it leaves the old log, after it the new one.
     */
    void commitRewrite() throws IOException;

    /** The size past which a log mostly of dead records is rewritten. */
    long rewriteMinBytes();

    /**
     * The most bytes the log may take: a block device's log half is fixed when it is formatted; a
     * file grows as the filesystem lets it.
     */
    default long capacity() {
        return Long.MAX_VALUE;
    }
}
