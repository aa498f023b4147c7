package io.tagmirror.serve;

import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open mirror as NBD clients see it: a disk of {@link #sizeBytes()} bytes read and written at any
 * offset. Writes, trims and zeroes go through the engine with their tags, in the mirror's durability
 * mode; reads come from a member in sync, never a stale or offline one. Safe from any thread.
 */
final class Export {
    /** Zeroes are written in pieces of this size from one buffer no one ever changes. */
    private static final int ZERO_PIECE = 4 << 20;
    private static final int ZERO_PIECES_IN_FLIGHT = 4;
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(ZERO_PIECE).asReadOnlyBuffer();

    private final Mirror mirror;
    private final TagGenerator generator;
    private final boolean readOnly;
    private final boolean spreadReads;
    private final FlushGroup flushes;
    private final AtomicInteger nextReader = new AtomicInteger();

    Export(Mirror mirror, boolean readOnly, boolean spreadReads) throws IOException {
        this.mirror = mirror;
        this.generator = mirror.generator(Mirror.DEFAULT_GENERATOR);
        this.readOnly = readOnly;
        this.spreadReads = spreadReads;
        this.flushes = new FlushGroup(mirror, mirror.name());
    }

    String name() {
        return mirror.name();
    }

    Mirror mirror() {
        return mirror;
    }

    long sizeBytes() {
        return mirror.sizeBytes();
    }

    int blockSize() {
        return mirror.blockSize();
    }

    boolean readOnly() {
        return readOnly;
    }

    /** What {@code NBD_OPT_LIST} and {@code NBD_INFO_DESCRIPTION} show. */
    String description() {
        return "TagMirror mirror " + mirror.name() + " (" + mirror.definition().devices().size() + " devices, "
                + mirror.durability().label() + ")";
    }

    /**
     * Reads {@code length} bytes at {@code offset}: whole blocks from a member in sync, cut to the bytes
     * asked for. When every member was in sync as serving began, reads are spread over them; otherwise
     * (entries of an earlier crash are left) always the first, so two reads of a block never disagree.
     */
    ByteBuffer read(long offset, int length) throws IOException {
        int bs = mirror.blockSize();
        long firstBlock = offset / bs;
        long endBlock = (offset + length + bs - 1) / bs;
        int start = spreadReads ? nextReader.getAndIncrement() & Integer.MAX_VALUE : 0;
        if (offset % bs == 0 && length % bs == 0) {
            ByteBuffer out = ByteBuffer.allocate(length);
            mirror.readInSync(firstBlock, out, start);
            return out.flip();
        }
        ByteBuffer blocks = ByteBuffer.allocate((int) ((endBlock - firstBlock) * bs));
        mirror.readInSync(firstBlock, blocks, start);
        return blocks.flip().slice((int) (offset - firstBlock * bs), length);
    }

    /**
     * A tagged write of {@code data} at {@code offset} made on this thread: it returns when every online
     * member has it, committed without waking a device's thread when the mirror's mode allows.
     */
    void writeHere(long offset, ByteBuffer data) throws IOException {
        mirror.write(generator, offset, data);
    }

    /** Whether {@link #writeHere} commits on the calling thread, or would only wait for the devices' threads. */
    boolean writesOnCaller() {
        return mirror.commitsOnCaller();
    }

    /** A tagged write of {@code data} at {@code offset}; the future completes when every online member has it. */
    CompletableFuture<Tag> write(long offset, ByteBuffer data) throws IOException {
        return mirror.writeAsync(generator, offset, data);
    }

    /**
     * Writes {@code length} zero bytes at {@code offset} as tagged writes, a few pieces at a time; the
     * future completes when the last has. Zeros rather than nothing for a trim too: members stay
     * identical and a compare or verify of them stays exact.
     */
    CompletableFuture<Void> writeZeroes(long offset, long length) throws IOException {
        ArrayDeque<CompletableFuture<Tag>> inFlight = new ArrayDeque<>();
        long done = 0;
        while (done < length) {
            int piece = (int) Math.min(ZERO_PIECE, length - done);
            if (inFlight.size() == ZERO_PIECES_IN_FLIGHT) {
                try {
                    inFlight.removeFirst().join();
                } catch (CompletionException e) {
                    return CompletableFuture.failedFuture(e.getCause());
                }
            }
            inFlight.addLast(mirror.writeAsync(generator, offset + done, ZEROS.slice(0, piece)));
            done += piece;
        }
        return CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0]));
    }

    /** A flush covering every write completed before this call, on every connection. */
    CompletableFuture<Void> flush() {
        if (readOnly) {
            // nothing is written through a read-only export, so there is nothing to make durable
            return CompletableFuture.completedFuture(null);
        }
        return flushes.request();
    }

    /** Ends the flush thread after answering the flushes asked for. */
    void close() throws InterruptedException {
        flushes.close();
    }
}
