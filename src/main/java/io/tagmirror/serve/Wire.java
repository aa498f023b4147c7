package io.tagmirror.serve;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The byte stream of one client: the socket itself, or TLS over it once {@code NBD_OPT_STARTTLS}
 * succeeded. Blocking: the connection's reading thread reads, and writers hold the connection's send
 * lock, so reading and writing go on at once but two writers never interleave.
 */
interface Wire extends Closeable {

    /**
     * Reads at least one byte into {@code dst}, blocking until there is one; an {@link EOFException}
     * when the client closed first. Only the reading thread calls it.
     */
    int read(ByteBuffer dst) throws IOException;

    /** Fills {@code dst}; an {@link EOFException} when the client closed first. */
    default void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            read(dst);
        }
    }

    /** Writes every byte of {@code frames}, in order. Callers hold the connection's send lock. */
    void writeFully(ByteBuffer... frames) throws IOException;

    /** Stops reading: a reader blocked in {@link #readFully} sees the end of the stream. */
    void shutdownInput() throws IOException;

    /** The socket without TLS. */
    final class Plain implements Wire {
        private final SocketChannel channel;

        Plain(SocketChannel channel) {
            this.channel = channel;
        }

        SocketChannel channel() {
            return channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n;
            do {
                n = channel.read(dst);
                if (n < 0) {
                    throw new EOFException("the client closed the connection");
                }
            } while (n == 0 && dst.hasRemaining());
            return n;
        }

        @Override
        public void writeFully(ByteBuffer... frames) throws IOException {
            while (anyRemaining(frames)) {
                channel.write(frames);
            }
        }

        @Override
        public void shutdownInput() throws IOException {
            channel.shutdownInput();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    static boolean anyRemaining(ByteBuffer[] frames) {
        for (ByteBuffer b : frames) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
