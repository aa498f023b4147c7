package io.tagmirror.reliability;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import io.tagmirror.engine.device.io.FileObjectChannel;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A failing drive under one device: object reads, writes and fsyncs fail as the kernel reports it (EIO,
 * ENOSPC, EROFS), and so do tag table commits (through a view of the table, as SQLite would report them).
 * Faults are switched on and off by the test.
 */
final class FaultyIo implements ObjectIo {
    /** What the drive does wrong. */
    enum Fault {
        /** Reads fail with EIO. */
        READ_EIO,
        /** Writes fail with EIO. */
        WRITE_EIO,
        /** Writes fail with ENOSPC (the drive is full); so do table commits. */
        DISK_FULL,
        /** Writes fail with EROFS (remounted read-only); so do table commits. */
        READ_ONLY,
        /** Table commits fail (the drive's metadata area is damaged); object I/O works. */
        COMMIT_EIO
    }

    private final Set<Fault> active = ConcurrentHashMap.newKeySet();
    /** Fsyncs still to fail; the kernel reports a writeback error once, then fsync succeeds again. */
    private final AtomicInteger fsyncFailures = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile int failWritesFrom = Integer.MAX_VALUE;

    void inject(Fault f) {
        active.add(f);
    }

    void clear(Fault f) {
        active.remove(f);
    }

    /** Object writes from the {@code n}-th on (counting from 0) fail with EIO. */
    void failWritesFrom(int n) {
        failWritesFrom = n;
    }

    /** The next {@code n} fsyncs fail with EIO; later ones succeed, as on Linux after a writeback error. */
    void failNextFsyncs(int n) {
        fsyncFailures.set(n);
    }

    @Override
    public ObjectChannel open(Path file, OpenMode mode) throws IOException {
        return new ForwardingObjectChannel(FileObjectChannel.open(file, mode)) {
            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                if (active.contains(Fault.READ_EIO)) {
                    throw new IOException("Input/output error");
                }
                return real.read(dst, position);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                if (writes.getAndIncrement() >= failWritesFrom || active.contains(Fault.WRITE_EIO)) {
                    throw new IOException("Input/output error");
                }
                if (active.contains(Fault.DISK_FULL)) {
                    throw new IOException("No space left on device");
                }
                if (active.contains(Fault.READ_ONLY)) {
                    throw new FileSystemException(file.toString(), null, "Read-only file system");
                }
                return real.write(src, position);
            }

            @Override
            public void truncate(long size) throws IOException {
                if (active.contains(Fault.READ_ONLY)) {
                    throw new FileSystemException(file.toString(), null, "Read-only file system");
                }
                real.truncate(size);
            }

            @Override
            public void force() throws IOException {
                if (fsyncFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IOException("Input/output error");
                }
                real.force();
            }
        };
    }

    /** The device's tag table, whose commits fail while a fault that hits them is on. */
    UnaryOperator<TagTable> table(Path device) {
        Set<String> commits = Set.of("append", "trim", "delete", "deleteUpTo", "reserveSequence");
        return table -> (TagTable) Proxy.newProxyInstance(TagTable.class.getClassLoader(), new Class<?>[] {TagTable.class},
                (proxy, method, args) -> {
                    if (commits.contains(method.getName())) {
                        String reason = active.contains(Fault.DISK_FULL) ? "[SQLITE_FULL] database or disk is full"
                                : active.contains(Fault.READ_ONLY) ? "[SQLITE_READONLY] attempt to write a readonly database"
                                : active.contains(Fault.COMMIT_EIO) ? "[SQLITE_IOERR] disk I/O error" : null;
                        if (reason != null) {
                            throw new TagMirrorException("cannot record entries in " + device.resolve("tags.log") + ": " + reason);
                        }
                    }
                    try {
                        return method.invoke(table, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
