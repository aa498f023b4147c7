package io.tagmirror.engine.device.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An object file on the operating system's file system, through a {@link FileChannel}. */
public final class FileObjectChannel implements ObjectChannel {
    private final FileChannel channel;

    private FileObjectChannel(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens {@code file} as {@code mode} says. */
    public static FileObjectChannel open(Path file, ObjectIo.OpenMode mode) throws IOException {
        OpenOption[] options = switch (mode) {
            case CREATE_NEW -> new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE};
            case READ_WRITE -> new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
            case READ_ONLY -> new OpenOption[] {StandardOpenOption.READ};
        };
        return new FileObjectChannel(FileChannel.open(file, options));
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return channel.write(src, position);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    @Override
    public void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
