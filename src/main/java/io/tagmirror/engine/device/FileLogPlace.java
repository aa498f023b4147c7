package io.tagmirror.engine.device;

import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.MappedLogChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** A tag log in a file of a directory device: a rewrite goes to a file beside it and is renamed over it. */
record FileLogPlace(Path file, long rewriteMinBytes) implements LogPlace {

    FileLogPlace(Path file) {
        this(file, LogTagTable.DEFAULT_REWRITE_MIN_BYTES);
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public String owner() {
        return String.valueOf(file.getParent());
    }

    @Override
    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /**
     * Appends are stores into a mapping of the file ({@link MappedLogChannel}) unless
     * {@code -Dtagmirror.directory.pwriteLog=true} keeps the {@code pwrite} of each record, for measuring.
     */
    private static final boolean PWRITE_LOG = Boolean.getBoolean("tagmirror.directory.pwriteLog");

    @Override
    public ObjectChannel open(boolean readOnly) throws IOException {
        if (!readOnly && !PWRITE_LOG && MappedLogChannel.supported()) {
            // a sixteenth of the size past which a mostly dead log is rewritten: a log kept small stays a small file
            return MappedLogChannel.open(file, rewriteMinBytes / 16);
        }
        return FileObjectChannel.open(file, readOnly ? ObjectIo.OpenMode.READ_ONLY : ObjectIo.OpenMode.READ_WRITE);
    }

    @Override
    public Object identity() throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private Path next() {
        return file.resolveSibling(LogTagTable.NEW_FILE_NAME);
    }

    @Override
    public ObjectChannel beginRewrite() throws IOException {
        Files.deleteIfExists(next());
        return FileObjectChannel.open(next(), ObjectIo.OpenMode.CREATE_NEW);
    }

    @Override
    public void commitRewrite() throws IOException {
        Files.move(next(), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DirectoryDevice.syncDirectory(file.getParent());
    }
}
