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
 * A device's channel that writes through and records every positional write and every sync, in the
 * order they happened, through its {@link Recorder}: into a {@link Log} shared by the devices of a
 * mirror for {@link BlockPowerCutTest}, or into another power-cut model (a mixed mirror's, whose other
 * members are directory devices). Public for the power-cut tests outside this package.
 */
public final class RecordingChannel extends FileChannel implements io.tagmirror.engine.device.io.RangeSync.Ranged {
    static final int PAGE = 4096;

    /**
     * Where a recording channel's writes and syncs go. Each call does the operation on the device's own
     * channel and records it as one step, so the record's order is the order the device saw.
     */
    public interface Recorder {
        /** Writes {@code src} at {@code position} through {@code device} and records what was written. */
        int write(FileChannel device, ByteBuffer src, long position) throws IOException;

        /** Syncs {@code device} (or lets the model decide what a sync made durable) and records the sync. */
        void force(FileChannel device, boolean metaData) throws IOException;

        /**
         * Syncs {@code [at, at + bytes)} of {@code device} and records it; a model that knows no ranges
         * takes it for a whole sync, which makes more durable than the device did.
         */
        default void forceRange(FileChannel device, long at, long bytes) throws IOException {
            force(device, false);
        }
    }

    /** The ordered log of writes, syncs and the writers' marks, and the images a cut may leave. */
    static final class Log {
        private sealed interface Event permits Write, Sync, Mark {
        }

        private record Write(int device, long position, byte[] data) implements Event {
        }

        /**
         * A sync of {@code device} that returned; it covers the writes logged before {@code coversUpTo},
         * those inside {@code [from, to)} only when it synced a range (a whole sync: 0 to Long.MAX_VALUE).
         */
        private record Sync(int device, int coversUpTo, long from, long to) implements Event {
            boolean covers(Write w) {
                return w.position() >= from && w.position() + w.data().length <= to;
            }
        }

        private record Mark(int[] mark) implements Event {
        }

        private final List<Event> events = new ArrayList<>();

        /** The recorder of device {@code device}'s channel: a sync covers the writes logged before it began. */
        Recorder recorder(int device) {
            return new Recorder() {
                @Override
                public int write(FileChannel channel, ByteBuffer src, long position) throws IOException {
                    synchronized (Log.this) {
                        ByteBuffer copy = src.duplicate();
                        int n = channel.write(src, position);
                        byte[] written = new byte[n];
                        copy.get(written);
                        events.add(new Write(device, position, written));
                        return n;
                    }
                }

                @Override
                public void force(FileChannel channel, boolean metaData) throws IOException {
                    int covers;
                    synchronized (Log.this) {
                        covers = events.size();
                    }
                    channel.force(metaData);
                    synchronized (Log.this) {
                        events.add(new Sync(device, covers, 0, Long.MAX_VALUE));
                    }
                }

                @Override
                public void forceRange(FileChannel channel, long at, long bytes) throws IOException {
                    int covers;
                    synchronized (Log.this) {
                        covers = events.size();
                    }
                    io.tagmirror.engine.device.io.RangeSync.force(channel, at, bytes);
                    synchronized (Log.this) {
                        events.add(new Sync(device, covers, at, at + bytes));
                    }
                }
            };
        }

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
         * cut covered, and then the pages written since as {@link #afterCut} keeps them.
         */
        synchronized byte[] stateAt(int device, byte[] initial, int cut, Random random) {
            int synced = 0;
            List<Sync> ranges = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                if (events.get(i) instanceof Sync s && s.device() == device) {
                    if (s.from() == 0 && s.to() == Long.MAX_VALUE) {
                        synced = Math.max(synced, s.coversUpTo());
                    } else {
                        ranges.add(s);
                    }
                }
            }
            byte[] image = Arrays.copyOf(initial, initial.length);
            List<Written> since = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                if (events.get(i) instanceof Write w && w.device() == device) {
                    int at = i;
                    // ranges are whole pages, so a write a range sync covered has every page it wrote synced
                    if (i < synced || ranges.stream().anyMatch(s -> at < s.coversUpTo() && s.covers(w))) {
                        image = apply(image, w.position(), w.data());
                    } else {
                        since.add(new Written(w.position(), w.data()));
                    }
                }
            }
            return afterCut(image, since, random);
        }
    }

    /** A write a channel made: where, and what. */
    public record Written(long position, byte[] data) {
    }

    /**
     * What a disk may hold after a power cut, given {@code synced} (what its last completed sync made
     * durable; changed and returned) and the writes made {@code since}, in order: each 4 KiB page they wrote
     * holds, chosen at random, one of the versions it went through (the synced one, or the page as it was
     * after any of those writes), as page-cache writeback leaves whole pages on a disk. A page never holds
     * a later write without the earlier writes to it, so a log's records are kept in order within a page.
     */
    public static byte[] afterCut(byte[] synced, List<Written> since, Random random) {
        byte[] image = synced;
        byte[] current = Arrays.copyOf(image, image.length);
        Map<Long, List<byte[]>> versions = new LinkedHashMap<>();
        for (Written w : since) {
            current = apply(current, w.position(), w.data());
            for (long page = w.position() / PAGE; page * PAGE < w.position() + w.data().length; page++) {
                long at = page * PAGE;
                byte[] copy = Arrays.copyOfRange(current, (int) at, (int) Math.min(current.length, at + PAGE));
                versions.computeIfAbsent(page, x -> new ArrayList<>()).add(copy);
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

    private static byte[] apply(byte[] image, long position, byte[] data) {
        int end = (int) (position + data.length);
        if (image.length < end) {
            image = Arrays.copyOf(image, end);
        }
        System.arraycopy(data, 0, image, (int) position, data.length);
        return image;
    }

    private final FileChannel inner;
    private final Recorder recorder;

    RecordingChannel(FileChannel inner, int device, Log log) {
        this(inner, log.recorder(device));
    }

    /** Records what goes through {@code inner} with {@code recorder}. */
    public RecordingChannel(FileChannel inner, Recorder recorder) {
        this.inner = inner;
        this.recorder = recorder;
    }

    /** Opens the block device at {@code path} for writing, every write and sync of it recorded by {@code recorder}. */
    public static BlockDevice openDevice(java.nio.file.Path path, Recorder recorder) throws IOException {
        return BlockDevice.open(path, false, ch -> new RecordingChannel(ch, recorder));
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return recorder.write(inner, src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        recorder.force(inner, metaData);
    }

    @Override
    public void forceRange(long at, long bytes) throws IOException {
        recorder.forceRange(inner, at, bytes);
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
