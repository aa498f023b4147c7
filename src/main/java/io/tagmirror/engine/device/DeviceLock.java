package io.tagmirror.engine.device;

import io.tagmirror.engine.DeviceAlreadyOpenException;
import io.tagmirror.engine.DeviceInUseException;
import io.tagmirror.engine.DeviceNotWritableException;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The lock that keeps a device to one process; the operating system drops it when the process dies,
 * so a kill -9 never leaves a device locked.
 */
final class DeviceLock implements AutoCloseable {
    static final String FILE_NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DeviceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DeviceLock acquire(Path deviceDir) throws IOException {
        Path file = deviceDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new DeviceNotWritableException(deviceDir + " is on a read-only location or not writable by this user;"
                    + " it can be inspected but not written");
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("Read-only")) {
                throw new DeviceNotWritableException(deviceDir + " is on a read-only file system; it can be inspected but not written");
            }
            throw new TagMirrorException("cannot lock " + deviceDir + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new DeviceAlreadyOpenException(deviceDir + " is already open in this process");
        }
        if (lock == null) {
            String holder = holder(file);
            channel.close();
            throw new DeviceInUseException(deviceDir, holder);
        }
        String who = "process " + ProcessHandle.current().pid() + " on " + hostName() + " (since " + Instant.now() + ")";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
        return new DeviceLock(channel, lock);
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            int at = name.indexOf('@');
            return at >= 0 ? name.substring(at + 1) : "this host";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
