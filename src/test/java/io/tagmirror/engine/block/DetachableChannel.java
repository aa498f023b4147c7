package io.tagmirror.engine.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A device's channel that can be made to answer every read, write and sync with EIO, as a disk that
 * was pulled or a loop device detached under its holder does; that counts its syncs, tells which
 * threads synced the data region, and can hold the syncs or the next write of chosen threads until told.
 */
final class DetachableChannel extends FileChannel {
    private final FileChannel inner;
    private volatile boolean detached;
    private final java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
    /** The threads that synced the data region (through the storage object, not the tag log), by name. */
    private final java.util.Queue<String> dataSyncers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * Holds every sync asked by the threads it is told of until released, as a sync of a large device's
     * data takes seconds.
     */
    final ThreadGate heldSyncs = new ThreadGate(false);
    /**
     * Holds the next write asked by the threads it is told of until released; the write then goes on as
     * the channel then is (failing, if it was detached meanwhile).
     */
    final ThreadGate heldWrite = new ThreadGate(true);

    /**
     * Holds the calls of the threads whose names begin with a prefix until released: every call, or
     * only the next one ({@code oneShot}).
     */
    static final class ThreadGate {
        private final boolean oneShot;
        private volatile String prefix;
        private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        ThreadGate(boolean oneShot) {
            this.oneShot = oneShot;
        }

        /** From now on, holds the calls of the threads whose names begin with {@code threadNamePrefix}. */
        void holdThreadsOf(String threadNamePrefix) {
            prefix = threadNamePrefix;
        }

        /** Waits until a call is held; false if none came in {@code seconds}. */
        boolean awaitHeld(long seconds) throws InterruptedException {
            return held.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        }

        /** Lets every call held, and every later one, go on. */
        void release() {
            released.countDown();
        }

        /** Called on every call the gate guards: waits there if this thread is one it holds. */
        void pass() {
            String p = prefix;
            if (p == null || !Thread.currentThread().getName().startsWith(p)) {
                return;
            }
            if (oneShot) {
                prefix = null;
            }
            held.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    released.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    DetachableChannel(FileChannel inner) {
        this.inner = inner;
    }

    /** The syncs asked of the channel so far (a range synced through a mapping is not one). */
    int syncs() {
        return syncs.get();
    }

    /** Whether a thread whose name begins with {@code threadNamePrefix} synced the data region. */
    boolean dataSyncedBy(String threadNamePrefix) {
        return dataSyncers.stream().anyMatch(n -> n.startsWith(threadNamePrefix));
    }

    /** From now on, every I/O fails. */
    void detach() {
        detached = true;
    }

    private void check() throws IOException {
        if (detached) {
            throw new IOException("Input/output error");
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        check();
        return inner.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        check();
        return inner.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        check();
        return inner.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        check();
        return inner.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return inner.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        inner.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        check();
        return inner.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        check();
        inner.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        check();
        syncs.incrementAndGet();
        for (StackTraceElement f : Thread.currentThread().getStackTrace()) {
            if (f.getClassName().equals(BlockStorageObject.class.getName())) {
                dataSyncers.add(Thread.currentThread().getName());
                break;
            }
        }
        heldSyncs.pass();
        inner.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        check();
        return inner.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        check();
        return inner.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        check();
        return inner.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        heldWrite.pass();
        check();
        return inner.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        check();
        return inner.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return inner.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return inner.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        inner.close();
    }
}
