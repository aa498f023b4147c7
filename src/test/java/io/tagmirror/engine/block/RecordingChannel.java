package io.tagmirror.engine.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A device's channel that writes through and records every positional write and every sync into a
 * {@link Log} shared by the devices of a mirror, in the order they happened, for {@link BlockPowerCutTest}.
 */
final class RecordingChannel extends FileChannel {
    static final int PAGE = 4096;

    /** The ordered log of writes, syncs and the writers' marks, and the images a cut may leave. */
    static final class Log {
        private sealed interface Event permits Write, Sync, Mark {
        }

        private record Write(int device, long position, byte[] data) implements Event {
        }

        /** A sync of {@code device} that returned; it covers the writes logged before {@code coversUpTo}. */
        private record Sync(int device, int coversUpTo) implements Event {
        }

        private record Mark(int[] mark) implements Event {
        }

        private final List<Event> events = new ArrayList<>();

        synchronized int size() {
            return events.size();
        }

        synchronized void mark(int[] mark) {
            events.add(new Mark(mark));
        }

        synchronized List<int[]> marksBefore(int cut) {
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                if (events.get(i) instanceof Mark m) {
                    out.add(m.mark());
                }
            }
            return out;
        }

        /**
         * What device {@code device} may hold after a cut at {@code cut}: every write its last sync before the
         * cut covered; then each 4 KiB page written since holds, chosen at random, one of the versions it went
         * through (the synced one, or the page as it was after any later write to it), as page-cache writeback
         * leaves pages on a disk.
         */
        synchronized byte[] stateAt(int device, byte[] initial, int cut, Random random) {
            int synced = 0;
            for (int i = 0; i < cut; i++) {
                if (events.get(i) instanceof Sync s && s.device() == device) {
                    synced = Math.max(synced, s.coversUpTo());
                }
            }
            byte[] image = Arrays.copyOf(initial, initial.length);
            for (int i = 0; i < synced; i++) {
                if (events.get(i) instanceof Write w && w.device() == device) {
                    image = apply(image, w);
                }
            }
            byte[] current = Arrays.copyOf(image, image.length);
            Map<Long, List<byte[]>> versions = new LinkedHashMap<>();
            for (int i = synced; i < cut; i++) {
                if (events.get(i) instanceof Write w && w.device() == device) {
                    current = apply(current, w);
                    for (long page = w.position() / PAGE; page * PAGE < w.position() + w.data().length; page++) {
                        long at = page * PAGE;
                        byte[] copy = Arrays.copyOfRange(current, (int) at, (int) Math.min(current.length, at + PAGE));
                        versions.computeIfAbsent(page, x -> new ArrayList<>()).add(copy);
                    }
                }
            }
            for (Map.Entry<Long, List<byte[]>> v : versions.entrySet()) {
                int choice = random.nextInt(v.getValue().size() + 1); // 0: the synced version stays
                if (choice > 0) {
                    byte[] page = v.getValue().get(choice - 1);
                    int at = (int) (v.getKey() * PAGE);
                    if (image.length < at + page.length) {
                        image = Arrays.copyOf(image, at + page.length);
                    }
                    System.arraycopy(page, 0, image, at, page.length);
                }
            }
            return image;
        }

        private static byte[] apply(byte[] image, Write w) {
            int end = (int) (w.position() + w.data().length);
            if (image.length < end) {
                image = Arrays.copyOf(image, end);
            }
            System.arraycopy(w.data(), 0, image, (int) w.position(), w.data().length);
            return image;
        }
    }

    private final FileChannel inner;
    private final int device;
    private final Log log;

    RecordingChannel(FileChannel inner, int device, Log log) {
        this.inner = inner;
        this.device = device;
        this.log = log;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        synchronized (log) {
            ByteBuffer copy = src.duplicate();
            int n = inner.write(src, position);
            byte[] written = new byte[n];
            copy.get(written);
            log.events.add(new Log.Write(device, position, written));
            return n;
        }
    }

    @Override
    public void force(boolean metaData) throws IOException {
        int covers;
        synchronized (log) {
            covers = log.events.size();
        }
        inner.force(metaData);
        synchronized (log) {
            log.events.add(new Log.Sync(device, covers));
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return inner.read(dst, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return inner.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return inner.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) {
        throw new UnsupportedOperationException("a device is written at positions only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException("a device is written at positions only");
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
        return inner.size();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new UnsupportedOperationException("a device is never truncated");
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return inner.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("a device is written at positions only");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("a device is not mapped");
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
