package io.tagmirror.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A storage object kept as a sparse file under a directory device's {@code objects/}. */
final class FileStorageObject implements StorageObject {
    private final String id;
    private final Path file;
    private final int blockSize;
    private final FileChannel channel;

    private FileStorageObject(String id, Path file, int blockSize, FileChannel channel) {
        this.id = id;
        this.file = file;
        this.blockSize = blockSize;
        this.channel = channel;
    }

    static FileStorageObject create(String id, Path file, int blockSize, long lengthBlocks) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileStorageObject object = new FileStorageObject(id, file, blockSize, ch);
        object.setLengthBlocks(lengthBlocks);
        return object;
    }

    static FileStorageObject open(String id, Path file, int blockSize, boolean readOnly) throws IOException {
        FileChannel ch = readOnly ? FileChannel.open(file, StandardOpenOption.READ)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new FileStorageObject(id, file, blockSize, ch);
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
    public long lengthBlocks() throws IOException {
        long size = channel.size();
        return (size + blockSize - 1) / blockSize;
    }

    @Override
    public ByteBuffer read(long firstBlock, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(count, blockSize));
        long position = firstBlock * blockSize;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                break; // past the end: the rest stays zero, as in a sparse hole
            }
        }
        buffer.clear();
        return buffer;
    }

    @Override
    public void write(long firstBlock, ByteBuffer blocks) throws IOException {
        ByteBuffer data = blocks.duplicate();
        if (data.remaining() % blockSize != 0) {
            throw new IllegalArgumentException("writes to " + file + " must be whole blocks");
        }
        long position = firstBlock * blockSize;
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
    }

    @Override
    public void setLengthBlocks(long blocks) throws IOException {
        long size = Math.multiplyExact(blocks, (long) blockSize);
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            // One byte at the new end grows the file sparsely; it is zero, as the hole before it.
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    @Override
    public void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
