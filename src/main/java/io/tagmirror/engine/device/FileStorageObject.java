package io.tagmirror.engine.device;

import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/** A storage object kept as a sparse file under a directory device's {@code objects/}. */
final class FileStorageObject implements StorageObject {
    private final String id;
    private final Path file;
    private final int blockSize;
    private final ObjectChannel channel;
    /** The file's identity when opened, to notice at a sync that the file (or its device) was removed. */
    private final Object fileKey;
    /**
     * Why an fsync failed, once one has. The kernel may report a writeback error only once and then
     * call the pages clean, so a later fsync that succeeds proves nothing: every later sync fails too.
     */
    private volatile String syncFailure;

    private FileStorageObject(String id, Path file, int blockSize, ObjectChannel channel) {
        this.id = id;
        this.file = file;
        this.blockSize = blockSize;
        this.channel = channel;
        this.fileKey = fileKey(file);
    }

    static FileStorageObject create(ObjectIo io, String id, Path file, int blockSize, long lengthBlocks)
            throws IOException {
        ObjectChannel ch = io.open(file, ObjectIo.OpenMode.CREATE_NEW);
        FileStorageObject object = new FileStorageObject(id, file, blockSize, ch);
        try {
            object.setLengthBlocks(lengthBlocks);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return object;
    }

    static FileStorageObject open(ObjectIo io, String id, Path file, int blockSize, boolean readOnly)
            throws IOException {
        ObjectChannel ch = io.open(file, readOnly ? ObjectIo.OpenMode.READ_ONLY : ObjectIo.OpenMode.READ_WRITE);
        return new FileStorageObject(id, file, blockSize, ch);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
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
        long size;
        try {
            size = channel.size();
        } catch (TagMirrorException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot read the length of", e);
        }
        return (size + blockSize - 1) / blockSize;
    }

    @Override
    public void readInto(long firstBlock, ByteBuffer into) throws IOException {
        int count = into.remaining() / blockSize;
        long position = position(firstBlock, count);
        int start = into.position();
        try {
            while (into.hasRemaining()) {
                int n = channel.read(into, position + into.position() - start);
                if (n < 0) {
                    while (into.hasRemaining()) {
                        into.put((byte) 0); // past the end reads as zeros, as a sparse hole does
                    }
                }
            }
        } catch (TagMirrorException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot read blocks " + firstBlock + "+" + count + " of", e);
        }
    }

    @Override
    public ByteBuffer read(long firstBlock, int count) throws IOException {
        long position = position(firstBlock, count);
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(count, blockSize));
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    break; // past the end: the rest stays zero, as in a sparse hole
                }
            }
        } catch (TagMirrorException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot read blocks " + firstBlock + "+" + count + " of", e);
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
        long position = position(firstBlock, data.remaining() / blockSize);
        try {
            while (data.hasRemaining()) {
                position += channel.write(data, position);
            }
        } catch (TagMirrorException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot write blocks " + firstBlock + "+" + blocks.remaining() / blockSize + " of", e);
        }
    }

    /** The byte position of a block range, refusing ranges no file can hold rather than wrapping around. */
    private long position(long firstBlock, long count) throws TagMirrorException {
        if (firstBlock < 0 || count < 0 || firstBlock > Long.MAX_VALUE / blockSize - count) {
            throw new TagMirrorException("blocks " + firstBlock + "+" + count + " are outside any object (" + file + ")");
        }
        return firstBlock * blockSize;
    }

    @Override
    public void setLengthBlocks(long blocks) throws IOException {
        long size = position(blocks, 0);
        try {
            long current = channel.size();
            if (size < current) {
                channel.truncate(size);
            } else if (size > current) {
                // One byte at the new end grows the file sparsely; it is zero, as the hole before it.
                channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        } catch (TagMirrorException e) {
            throw e;
        } catch (IOException e) {
            throw failure("cannot set the length of", e);
        }
    }

    @Override
    public void sync() throws IOException {
        String failed = syncFailure;
        if (failed != null) {
            throw new TagMirrorException("an earlier fsync of " + file + " failed (" + failed + "); its data is not"
                    + " known to be durable and never will be in this session: repair the device from the others");
        }
        try {
            channel.force();
        } catch (IOException e) {
            syncFailure = reason(e);
            throw new TagMirrorException("fsync of " + file + " failed (" + syncFailure + "); writes to it since the"
                    + " last flush may be lost", e);
        }
        // A file removed while open (its device directory deleted, its drive replaced) takes writes and
        // syncs without complaint, into an inode nobody will ever read again: that is not durability.
        Object now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            syncFailure = "the file was removed while the device was open";
            throw new TagMirrorException(file + " was removed while the device was open; writes to it are lost");
        } catch (IOException e) {
            syncFailure = reason(e);
            throw new TagMirrorException("cannot check " + file + " after an fsync (" + syncFailure + ")", e);
        }
        if (fileKey != null && !Objects.equals(fileKey, now)) {
            syncFailure = "the file was replaced while the device was open";
            throw new TagMirrorException(file + " was replaced by another file while the device was open;"
                    + " writes to the old one are lost");
        }
    }

    private TagMirrorException failure(String what, IOException e) {
        return new TagMirrorException(what + " " + file + ": " + reason(e), e);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
