package io.tagmirror.engine.compare;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts a compare's entries by block with a bounded heap: entries are gathered into a chunk; a full
 * chunk is sorted and written to a temporary file as a run; at the end the runs are merged as they are
 * read. A compare whose entries fit one chunk never touches the file.
 *
 * <p>The file is unlinked as soon as it is open, so it is gone when the compare ends, however it ends.
 */
final class EntrySorter implements AutoCloseable {
    // first, generator, sequence (8 each); count, checksum, arrival, block checksums or -1 (4 each); kind, device
    private static final int HEADER = 42;
    private static final int IO_BYTES = 1 << 20;
    /** What the merge's read buffers may take together: each run's is at most 64 KiB, at least 4 KiB. */
    private static final int MERGE_BYTES = 16 << 20;

    private final Path spillDir;
    private final int chunkEntries;
    private EntryStore chunk = new EntryStore();
    private FileChannel spill;
    private ByteBuffer out;
    private long written;
    private final List<long[]> runs = new ArrayList<>(); // {offset, bytes}
    private long size;

    EntrySorter(Path spillDir, int chunkEntries) {
        if (chunkEntries <= 0 || chunkEntries > EntryStore.MAX_ENTRIES) {
            throw new IllegalArgumentException("chunk of " + chunkEntries + " entries");
        }
        this.spillDir = spillDir;
        this.chunkEntries = chunkEntries;
    }

    /** Where entries are added; call {@link #added()} after each batch of additions. */
    EntryStore chunk() {
        return chunk;
    }

    /** Writes the chunk out as a run once it is full. */
    void added() throws IOException {
        if (chunk.size >= chunkEntries) {
            spillChunk();
        }
    }

    /** Entries gathered so far. */
    long size() {
        return size + (chunk == null ? 0 : chunk.size);
    }

    /** Whether some entries had to go to the temporary file. */
    boolean spilled() {
        return !runs.isEmpty();
    }

    /** Every entry gathered, in block order; this sorter is then done gathering. */
    SortedEntries sorted() throws IOException {
        if (runs.isEmpty()) {
            SortedEntries all = SortedEntries.of(chunk);
            chunk = null;
            return all;
        }
        if (chunk.size > 0) {
            spillChunk();
        }
        chunk = null;
        flush();
        out = null;
        return new Merge();
    }

    private void spillChunk() throws IOException {
        if (spill == null) {
            open();
        }
        int[] order = chunk.orderByFirstBlock();
        long start = written + out.position();
        for (int i : order) {
            int checks = chunk.hasBlockChecksums(i) ? chunk.count[i] : -1;
            int bytes = HEADER + 4 * Math.max(0, checks);
            if (out.remaining() < bytes) {
                flush();
                if (out.capacity() < bytes) {
                    out = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            out.putLong(chunk.first[i]).putLong(chunk.generator[i]).putLong(chunk.sequence[i])
                    .putInt(chunk.count[i]).putInt(chunk.checksum[i]).putInt(chunk.arrival[i]).putInt(checks)
                    .put(chunk.kind[i]).put(chunk.device[i]);
            for (int b = 0; b < checks; b++) {
                out.putInt(chunk.blockChecksums[chunk.checksumStart[i] + b]);
            }
        }
        runs.add(new long[] {start, written + out.position() - start});
        size += chunk.size;
        chunk.clear();
    }

    private void open() throws IOException {
        Path file;
        try {
            file = Files.createTempFile(spillDir, "tagmirror-compare-", ".entries");
        } catch (IOException e) {
            throw noRoom(e);
        }
        try {
            spill = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw noRoom(e);
        }
        try {
            Files.deleteIfExists(file); // the open channel keeps it; nothing is left if the process dies
        } catch (IOException e) {
            // a system that cannot unlink an open file: DELETE_ON_CLOSE removes it at close
        }
        out = ByteBuffer.allocateDirect(IO_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void flush() throws IOException {
        out.flip();
        try {
            while (out.hasRemaining()) {
                written += spill.write(out, written);
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            throw e; // interrupted or closed: not a matter of room
        } catch (IOException e) {
            throw noRoom(e);
        }
        out.clear();
    }

    private TagMirrorException noRoom(IOException e) {
        String why;
        String remedy;
        if (e instanceof java.nio.file.NoSuchFileException) {
            why = "it does not exist";
            remedy = "create it, or start with -Djava.io.tmpdir set to a directory";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            why = "writing there is not allowed";
            remedy = "start with -Djava.io.tmpdir set to a directory you may write";
        } else {
            why = e.getMessage();
            remedy = "free some space there, or start with -Djava.io.tmpdir set to a directory";
        }
        return new TagMirrorException("compare could not write its sorted entries to the temporary directory "
                + spillDir + " (" + why + "); " + remedy + " with room for about " + ByteSize.format(estimatedBytes()), e);
    }

    private long estimatedBytes() {
        return (size() + chunkEntries) * (HEADER + 4L);
    }

    @Override
    public void close() throws IOException {
        chunk = null;
        if (spill != null) {
            spill.close();
            spill = null;
        }
    }

    /** The runs merged: the smallest first block next, runs in the order they were written on ties. */
    private final class Merge implements SortedEntries {
        private final PriorityQueue<Run> heads = new PriorityQueue<>(
                Comparator.comparingLong((Run r) -> r.first).thenComparingInt(r -> r.index));

        Merge() throws IOException {
            int buffer = Math.max(4 << 10, Math.min(64 << 10, MERGE_BYTES / runs.size()));
            for (int i = 0; i < runs.size(); i++) {
                Run r = new Run(i, runs.get(i)[0], runs.get(i)[1], buffer);
                if (r.advance()) {
                    heads.add(r);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public long nextFirst() {
            return heads.element().first;
        }

        @Override
        public int moveNextInto(EntryStore to) throws IOException {
            Run r = heads.remove();
            int index = r.moveInto(to);
            if (r.advance()) {
                heads.add(r);
            }
            return index;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void close() throws IOException {
            EntrySorter.this.close();
        }
    }

    /** One run read back through a small window. */
    private final class Run {
        final int index;
        private long position;
        private final long end;
        private ByteBuffer in;
        long first;

        Run(int index, long offset, long bytes, int bufferBytes) {
            this.index = index;
            this.position = offset;
            this.end = offset + bytes;
            this.in = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.LITTLE_ENDIAN).limit(0);
        }

        /** Reads the next entry's header; false at the end of the run. */
        boolean advance() throws IOException {
            if (!available(HEADER)) {
                return false;
            }
            first = in.getLong(in.position());
            return true;
        }

        int moveInto(EntryStore to) throws IOException {
            int checks = in.getInt(in.position() + 36);
            if (checks > 0 && !available(HEADER + 4 * checks)) {
                throw new TagMirrorException("the compare's temporary file ended inside an entry");
            }
            int at = in.position();
            to.add(in.getLong(at + 8), in.getLong(at + 16), in.get(at + 40), in.getLong(at), in.getInt(at + 24),
                    in.getInt(at + 28), in.get(at + 41), in.getInt(at + 32));
            if (checks >= 0) {
                to.setBlockChecksums(to.size - 1, in, at + HEADER, checks);
            }
            in.position(at + HEADER + 4 * Math.max(0, checks));
            return to.size - 1;
        }

        private boolean available(int bytes) throws IOException {
            if (in.remaining() >= bytes) {
                return true;
            }
            if (in.capacity() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(in).flip();
                in = bigger;
            }
            in.compact();
            while (in.hasRemaining() && position < end) {
                int limit = (int) Math.min(in.remaining(), end - position);
                ByteBuffer slice = in.slice(in.position(), limit);
                int n = spill.read(slice, position);
                if (n < 0) {
                    break;
                }
                position += n;
                in.position(in.position() + n);
            }
            in.flip();
            return in.remaining() >= bytes;
        }
    }
}
