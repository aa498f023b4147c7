package io.tagmirror.serve;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's requests as they arrive, read from the wire in large pieces: a client that pipelines
 * costs one system call for many request headers. A write's data larger than the buffer is read
 * straight into its own buffer.
 */
final class BufferedInput {
    /**
     * Data this long or longer is read straight into its own buffer once the buffered bytes are used:
     * shorter data comes through the buffer, with whatever the client sent after it.
     */
    static final int DIRECT_READ_BYTES = 64 * 1024;
    private final Wire wire;
    private final ByteBuffer buffer = ByteBuffer.allocate(2 * DIRECT_READ_BYTES).flip();

    BufferedInput(Wire wire) {
        this.wire = wire;
    }

    /**
     * Whether bytes of the client's next requests were received already, in the buffer or held by the
     * wire (TLS records not yet asked for): some means it did not wait for a reply to send them. Said
     * only of what came through the buffer: data shorter than {@link #DIRECT_READ_BYTES}.
     */
    boolean holdsUnread() {
        return buffer.hasRemaining() || wire.holdsUnread();
    }

    void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (buffer.hasRemaining()) {
                int n = Math.min(buffer.remaining(), dst.remaining());
                dst.put(buffer.slice(buffer.position(), n));
                buffer.position(buffer.position() + n);
            } else if (dst.remaining() >= DIRECT_READ_BYTES) {
                wire.read(dst);
            } else {
                buffer.clear();
                wire.read(buffer);
                buffer.flip();
            }
        }
    }

    /** Reads and drops {@code length} bytes: the data of a write that is refused. */
    void skip(long length) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(length, 64 * 1024));
        long left = length;
        while (left > 0) {
            scratch.clear().limit((int) Math.min(left, scratch.capacity()));
            readFully(scratch);
            left -= scratch.limit();
        }
    }
}
