package io.tagmirror.workspace;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.CancelledException;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.ReadPlan;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagGenerator;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a stream of bytes on a mirror at any offset, appends one past its end, and reads a range back,
 * streamed in bounded memory whatever the size: what the command line calls, and what the console or
 * a server can call the same way.
 *
 * <p>Each piece of at most {@link #CHUNK} bytes is one tagged write (one EXTEND for an append), so a
 * large file is many writes; pieces after the first start on a {@code CHUNK} boundary, so only the
 * first and the last can need a read-modify-write of a partly covered block.
 */
public final class MirrorStreams {
    /** Bytes per tagged write and per read: one buffer of this size is all a transfer holds. */
    public static final int CHUNK = 1 << 20;

    /** What a write of a stream did: the bytes from {@code offset}, in {@code writes} tagged writes. */
    public record Written(long offset, long bytes, long writes, Tag firstTag, Tag lastTag) {
    }

    /** What an append did: the bytes now at {@code offset} (the old end), and the volume's new length. */
    public record Appended(long offset, long bytes, long writes, long newLengthBytes, Tag firstTag, Tag lastTag) {
    }

    /**
     * Where the bytes to write come from: a file, whose size is known before anything is written, or a
     * stream such as standard input, whose size is not. Closing closes a file, never a stream given.
     */
    public static final class Input implements Closeable {
        private final InputStream stream;
        private final long length;
        private final String name;
        private final boolean owned;

        private Input(InputStream stream, long length, String name, boolean owned) {
            this.stream = stream;
            this.length = length;
            this.name = name;
            this.owned = owned;
        }

        /** Opens {@code file}, refusing one that is missing, a directory or unreadable, in one line. */
        public static Input file(Path file) throws IOException {
            if (!Files.exists(file)) {
                throw new TagMirrorException("input file " + file + " does not exist");
            }
            if (Files.isDirectory(file)) {
                throw new TagMirrorException("input " + file + " is a directory, not a file");
            }
            if (!Files.isReadable(file)) {
                throw new TagMirrorException("input file " + file + " cannot be read (permission denied)");
            }
            // a pipe or a character device has no size to check against the mirror's end
            long length = Files.isRegularFile(file) ? Files.size(file) : -1;
            return new Input(Files.newInputStream(file), length, file.toString(), true);
        }

        /** A stream of unknown length, named for messages ("standard input"); it is not closed. */
        public static Input stream(InputStream stream, String name) {
            return new Input(stream, -1, name, false);
        }

        /** The length in bytes when known (a regular file), else -1. */
        public long length() {
            return length;
        }

        public String name() {
            return name;
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                stream.close();
            }
        }
    }

    private MirrorStreams() {
    }

    /**
     * Writes everything {@code in} holds at byte {@code offset}, then flushes. With {@code knownLength}
     * (the size of a file; -1 when unknown, as for standard input) a write that would pass the end is
     * refused before anything is written; an unknown length that turns out to pass the end stops there,
     * and the message says how much was written.
     */
    public static Written write(Mirror mirror, TagGenerator generator, long offset, Input input, TaskMonitor monitor)
            throws IOException {
        InputStream in = input.stream;
        long knownLength = input.length;
        String source = input.name;
        long size = mirror.sizeBytes();
        checkOffset(mirror, offset);
        if (knownLength == 0) {
            throw new TagMirrorException(source + " is empty; there is nothing to write");
        }
        if (knownLength > 0 && knownLength > size - offset) {
            throw new TagMirrorException(source + " holds " + knownLength + " bytes, which at offset " + offset
                    + " run past the end of mirror " + mirror.name() + " (" + size + " bytes); nothing was written");
        }
        byte[] buffer = new byte[CHUNK];
        long pos = offset;
        long writes = 0;
        Tag first = null;
        Tag last = null;
        while (true) {
            checkCancelled(monitor, "write", pos - offset);
            // up to the next CHUNK boundary, so every later piece is block aligned
            int want = (int) (CHUNK - pos % CHUNK);
            int n = in.readNBytes(buffer, 0, want);
            if (n == 0) {
                break;
            }
            if (n > size - pos) {
                throw new TagMirrorException(source + " runs past the end of mirror " + mirror.name() + " (" + size
                        + " bytes); " + describeWritten(offset, pos - offset) + ", the rest was not");
            }
            last = mirror.write(generator, pos, ByteBuffer.wrap(buffer, 0, n));
            first = first == null ? last : first;
            writes++;
            pos += n;
            monitor.progress("bytes written", pos - offset, knownLength > 0 ? knownLength : pos - offset);
            if (n < want) {
                break; // readNBytes returns less only at the end of the stream
            }
        }
        if (writes == 0) {
            throw new TagMirrorException(source + " is empty; there is nothing to write");
        }
        mirror.flush();
        return new Written(offset, pos - offset, writes, first, last);
    }

    /**
     * Appends everything {@code in} holds past the end of the volume (padded with zeros to whole
     * blocks), as extension writes, then flushes.
     */
    public static Appended append(Mirror mirror, TagGenerator generator, Input input, TaskMonitor monitor)
            throws IOException {
        InputStream in = input.stream;
        String source = input.name;
        long offset = mirror.sizeBytes();
        // CHUNK is a multiple of every block size allowed (powers of two up to 1 MiB): only the last
        // piece is padded
        byte[] buffer = new byte[Math.max(CHUNK, mirror.blockSize())];
        long bytes = 0;
        long writes = 0;
        Tag first = null;
        Tag last = null;
        while (true) {
            checkCancelled(monitor, "append", bytes);
            int n = in.readNBytes(buffer, 0, buffer.length);
            if (n == 0) {
                break;
            }
            last = mirror.append(generator, ByteBuffer.wrap(buffer, 0, n));
            first = first == null ? last : first;
            writes++;
            bytes += n;
            monitor.progress("bytes appended", bytes, bytes);
            if (n < buffer.length) {
                break;
            }
        }
        if (writes == 0) {
            throw new TagMirrorException(source + " is empty; there is nothing to append");
        }
        mirror.flush();
        return new Appended(offset, bytes, writes, mirror.sizeBytes(), first, last);
    }

    /**
     * Decides where each block of bytes {@code [offset, offset + length)} is read from; refuses (before
     * anything is read or written) when the range is outside the volume, or its blocks differ between
     * the members and none is known to hold their current data.
     */
    public static ReadPlan planRead(Mirror mirror, long offset, long length, TaskMonitor monitor) throws IOException {
        checkOffset(mirror, offset);
        long size = mirror.sizeBytes();
        if (length <= 0) {
            throw new TagMirrorException("the length to read must be positive, not " + length);
        }
        if (length > size - offset) {
            throw new TagMirrorException("reading " + length + " bytes at offset " + offset + " runs past the end of mirror "
                    + mirror.name() + " (" + size + " bytes)");
        }
        int bs = mirror.blockSize();
        long firstBlock = offset / bs;
        long endBlock = (offset + length + bs - 1) / bs;
        return mirror.planRead(new BlockRange(firstBlock, endBlock - firstBlock), monitor);
    }

    /** Streams bytes {@code [offset, offset + length)} to {@code out} from the members {@code plan} names. */
    public static long read(Mirror mirror, ReadPlan plan, long offset, long length, OutputStream out, TaskMonitor monitor)
            throws IOException {
        int bs = mirror.blockSize();
        int chunkBlocks = Math.max(1, CHUNK / bs);
        ByteBuffer buffer = ByteBuffer.allocate(chunkBlocks * bs);
        long end = offset + length;
        long block = offset / bs;
        long done = 0;
        while (done < length) {
            checkCancelled(monitor, "read", done);
            long blockStart = block * bs;
            int blocks = (int) Math.min(chunkBlocks, (end - blockStart + bs - 1) / bs);
            buffer.clear().limit(blocks * bs);
            mirror.read(plan, block, buffer);
            int from = (int) Math.max(0, offset - blockStart);
            int to = (int) Math.min((long) blocks * bs, end - blockStart);
            out.write(buffer.array(), from, to - from);
            done += to - from;
            block += blocks;
            monitor.progress("bytes read", done, length);
        }
        out.flush();
        return done;
    }

    private static void checkOffset(Mirror mirror, long offset) throws TagMirrorException {
        if (offset < 0) {
            throw new TagMirrorException("the offset must not be negative, not " + offset);
        }
        if (offset >= mirror.sizeBytes()) {
            throw new TagMirrorException("offset " + offset + " is past the end of mirror " + mirror.name() + " ("
                    + mirror.sizeBytes() + " bytes; the last byte is at " + (mirror.sizeBytes() - 1) + ")");
        }
    }

    private static String describeWritten(long offset, long bytes) {
        return bytes == 0 ? "nothing was written" : "the first " + bytes + " bytes were written at offset " + offset;
    }

    private static void checkCancelled(TaskMonitor monitor, String what, long done) throws CancelledException {
        if (monitor.isCancelled()) {
            throw new CancelledException("the " + what + " was stopped after " + done + " bytes");
        }
    }
}
