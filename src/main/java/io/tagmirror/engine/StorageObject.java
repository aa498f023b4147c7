package io.tagmirror.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A named, sparse, block-addressed object on one device, whose length can grow by extension. */
public interface StorageObject extends Closeable {

    String id();

    int blockSize();

    /** Length in blocks; a partly written last block counts as a whole one. */
    long lengthBlocks() throws IOException;

    /** Reads {@code count} blocks; blocks past the end read as zeros. */
    ByteBuffer read(long firstBlock, int count) throws IOException;

    /** Reads blocks from {@code firstBlock} into {@code into} up to its limit; past the end reads as zeros. */
    default void readInto(long firstBlock, ByteBuffer into) throws IOException {
        into.put(read(firstBlock, into.remaining() / blockSize()));
    }

    /** Writes whole blocks at {@code firstBlock}, growing the object if they pass its end. */
    void write(long firstBlock, ByteBuffer blocks) throws IOException;

    /** Sets the length, growing sparsely or cutting the tail. */
    void setLengthBlocks(long blocks) throws IOException;

    /** Makes every write so far durable (fdatasync). */
    void sync() throws IOException;
}
