package io.tagmirror.engine;

import java.nio.ByteBuffer;

/**
 * What one device receives for one application write: its entry and the block-aligned data it describes.
 *
 * <p>The data buffer is shared read-only between the transactions sent to each device of a mirror, so
 * the data is checksummed once per application write.
 */
public record WriteTransaction(TagEntry entry, ByteBuffer data, int[] blockChecksums) {
    public WriteTransaction {
        data = data.asReadOnlyBuffer();
    }

    /** A transaction whose per-block checksums the device computes itself if it keeps them. */
    public WriteTransaction(TagEntry entry, ByteBuffer data) {
        this(entry, data, null);
    }

    public Tag tag() {
        return entry.tag();
    }
}
