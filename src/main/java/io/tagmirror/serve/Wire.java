package io.tagmirror.serve;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Whether bytes of the client arrived and are held here, not yet handed to a reader (TLS records
     * received but not yet asked for): a request may be among them. For the reading thread.
     */
    default boolean holdsUnread() {
        return false;
    }

    /** Stops reading: a reader blocked in {@link #readFully} sees the end of the stream. */
    void shutdownInput() throws IOException;

    /**
     * The socket without TLS. It reads and writes at most {@link #PIECE} bytes a system call: the JDK
     * copies a heap buffer through a direct buffer of the whole size and keeps that buffer per thread,
     * so whole 32 MiB requests would hold 32 MiB of direct memory per connection thread (the seventh
     * client sending them to a server of 256 MiB lost its connection to "cannot reserve direct buffer
     * memory"). In pieces it is at most twice {@code PIECE} per thread.
     */
    final class Plain implements Wire {
        /** The size of a connection's buffer of requests ({@link BufferedInput}). */
        static final int PIECE = 128 * 1024;

        private final SocketChannel channel;

        Plain(SocketChannel channel) {
            this.channel = channel;
        }

        SocketChannel channel() {
            return channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            ByteBuffer piece = dst.slice(dst.position(), Math.min(dst.remaining(), PIECE));
            int n;
            do {
                n = channel.read(piece);
                if (n < 0) {
                    throw new EOFException("the client closed the connection");
                }
            } while (n == 0 && piece.hasRemaining());
            dst.position(dst.position() + n);
            return n;
        }

        @Override
        public void writeFully(ByteBuffer... frames) throws IOException {
            while (anyRemaining(frames)) {
                long n = channel.write(pieces(frames));
                for (ByteBuffer b : frames) {
                    int taken = (int) Math.min(n, b.remaining());
                    b.position(b.position() + taken);
                    n -= taken;
                }
            }
        }

        /** The next bytes of {@code frames}, at most {@link #PIECE} of them, as slices (the frames do not move). */
        private static ByteBuffer[] pieces(ByteBuffer[] frames) {
            List<ByteBuffer> out = new ArrayList<>(frames.length);
            int left = PIECE;
            for (ByteBuffer b : frames) {
                if (left == 0) {
                    break;
                }
                if (b.hasRemaining()) {
                    int n = Math.min(left, b.remaining());
                    out.add(b.slice(b.position(), n));
                    left -= n;
                }
            }
            return out.toArray(ByteBuffer[]::new);
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
