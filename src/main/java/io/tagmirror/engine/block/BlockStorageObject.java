package io.tagmirror.engine.block;

import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The one storage object of a block device: its data region, as long as the superblock says. Data goes
 * through the page cache with positional reads and writes; {@link #sync} is an fdatasync of the device.
 */
final class BlockStorageObject implements StorageObject {
    /** Whether the device is still the one opened, asked when it seems to have gone (a read past its end, a flush). */
    interface Presence {
        void check() throws IOException;
    }

    /** How the object's length is kept: in the superblock, by its device. */
    interface Length {
        long blocks();

        void set(long blocks) throws IOException;
    }

    private final String id;
    private final String where;
    private final FileChannel channel;
    private final long dataOffset;
    private final long capacityBlocks;
    private final int blockSize;
    private final Length length;
    private final Presence presence;

    BlockStorageObject(String id, String where, FileChannel channel, long dataOffset, long capacityBlocks,
                       int blockSize, Length length, Presence presence) {
        this.presence = presence;
        this.id = id;
        this.where = where;
        this.channel = channel;
        this.dataOffset = dataOffset;
        this.capacityBlocks = capacityBlocks;
        this.blockSize = blockSize;
        this.length = length;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long lengthBlocks() {
        return length.blocks();
    }

    @Override
    public ByteBuffer read(long firstBlock, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(count, blockSize));
        long readable = Math.max(0, Math.min(count, length.blocks() - firstBlock));
        // blocks past the object's end read as zeros, as a sparse file's do
        buffer.limit((int) (readable * blockSize));
        long position = dataOffset + firstBlock * blockSize;
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    // inside the region the device was formatted with: it was cut short under us, and
                    // its zeros would pass for data
                    presence.check();
                    throw new io.tagmirror.engine.DeviceGoneException(where + " ends at byte "
                            + (position + buffer.position()) + ", inside its data region: it shrank while open");
                }
            }
        } catch (io.tagmirror.engine.DeviceGoneException e) {
            throw e;
        } catch (IOException e) {
            throw new TagMirrorException("cannot read blocks " + firstBlock + "+" + count + " of " + where + ": "
                    + TagMirrorException.firstLine(e.getMessage()), e);
        }
        buffer.clear();
        return buffer;
    }

    @Override
    public void write(long firstBlock, ByteBuffer blocks) throws IOException {
        ByteBuffer data = blocks.duplicate();
        if (data.remaining() % blockSize != 0) {
            throw new IllegalArgumentException("writes to " + where + " must be whole blocks");
        }
        long end = firstBlock + data.remaining() / blockSize;
        checkFits(firstBlock, end);
        long position = dataOffset + firstBlock * blockSize;
        try {
            while (data.hasRemaining()) {
                channel.write(data, position + data.position() - blocks.position());
            }
        } catch (IOException e) {
            throw new TagMirrorException("cannot write blocks " + firstBlock + "+" + (end - firstBlock) + " of " + where
                    + ": " + TagMirrorException.firstLine(e.getMessage()), e);
        }
        if (end > length.blocks()) {
            length.set(end);
        }
    }

    private void checkFits(long firstBlock, long end) throws TagMirrorException {
        if (firstBlock < 0 || end > capacityBlocks) {
            throw new TagMirrorException("blocks " + firstBlock + ".." + end + " do not fit in the data region of " + where
                    + " (" + capacityBlocks + " blocks)");
        }
    }

    @Override
    public void setLengthBlocks(long blocks) throws IOException {
        checkFits(0, blocks);
        long before = length.blocks();
        if (blocks < before) {
            // a region cut and grown again must read as zeros there, as a truncated file does
            RegionChannel.zero(channel, dataOffset + blocks * blockSize, (before - blocks) * blockSize);
            channel.force(false); // the superblock write syncs its own copy only: the zeros go first
        }
        length.set(blocks);
    }

    @Override
    public void sync() throws IOException {
        channel.force(false);
        // a removed or truncated image file takes writes and syncs without a word: a flush must not
        // promise data kept only in a file nobody will open again
        presence.check();
    }

    @Override
    public void close() {
        // the device's channel stays open: the device closes it
    }
}
