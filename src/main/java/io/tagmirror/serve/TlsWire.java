package io.tagmirror.serve;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS over a client's socket, as the server side of an {@link SSLEngine}. The engine lets one thread
 * unwrap while another wraps, which is how the connection uses it: its reading thread unwraps, writers
 * wrap under the send lock (and the reading thread takes that lock too when the engine asks it to
 * answer, as for a TLS 1.3 key update).
 */
final class TlsWire implements Wire {
    private final SocketChannel channel;
    private final SSLEngine engine;
    private final Object wrapLock = new Object();
    /** Encrypted bytes read and not yet unwrapped; kept ready to read (flipped). */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet handed out; kept ready to write. */
    private ByteBuffer appIn;
    private ByteBuffer netOut;

    TlsWire(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packet);
    }

    /** Runs the handshake to its end; the caller is the only thread using the connection meanwhile. */
    void handshake() throws IOException {
        engine.beginHandshake();
        SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
        while (hs != SSLEngineResult.HandshakeStatus.FINISHED && hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            switch (hs) {
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = unwrapOnce();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the client ended TLS during the handshake");
                    }
                    hs = r.getHandshakeStatus();
                }
                case NEED_WRAP -> hs = wrap(new ByteBuffer[] {ByteBuffer.allocate(0)}).getHandshakeStatus();
                case NEED_TASK -> {
                    runTasks();
                    hs = engine.getHandshakeStatus();
                }
                default -> throw new SSLException("unexpected TLS handshake state " + hs);
            }
        }
    }

    @Override
    public boolean holdsUnread() {
        return appIn.position() > 0 || netIn.hasRemaining();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.position() > 0 || !dst.hasRemaining()) {
                appIn.flip();
                int n = Math.min(appIn.remaining(), dst.remaining());
                dst.put(appIn.slice(appIn.position(), n));
                appIn.position(appIn.position() + n);
                appIn.compact();
                return n;
            }
            SSLEngineResult r = unwrapOnce();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new EOFException("the client ended TLS");
            }
            switch (r.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrap(new ByteBuffer[] {ByteBuffer.allocate(0)});
                default -> { }
            }
        }
    }

    /** One unwrap, reading from the socket as often as the engine needs a whole record. */
    private SSLEngineResult unwrapOnce() throws IOException {
        while (true) {
            SSLEngineResult r = engine.unwrap(netIn, appIn);
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    int packet = engine.getSession().getPacketBufferSize();
                    if (netIn.capacity() < packet) {
                        netIn = ByteBuffer.allocate(packet).put(netIn).flip();
                    }
                    netIn.compact();
                    int n = channel.read(netIn);
                    netIn.flip();
                    if (n < 0) {
                        throw new EOFException("the client closed the connection inside a TLS record");
                    }
                }
                case BUFFER_OVERFLOW -> appIn = ByteBuffer.allocate(appIn.capacity()
                        + engine.getSession().getApplicationBufferSize()).put(appIn.flip());
                default -> {
                    return r;
                }
            }
        }
    }

    @Override
    public void writeFully(ByteBuffer... frames) throws IOException {
        do {
            wrap(frames);
        } while (Wire.anyRemaining(frames));
    }

    /** One wrap of as much of {@code frames} as a record takes, sent at once. */
    private SSLEngineResult wrap(ByteBuffer[] frames) throws IOException {
        synchronized (wrapLock) {
            while (true) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(frames, netOut);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocate(netOut.capacity() + engine.getSession().getPacketBufferSize());
                    continue;
                }
                netOut.flip();
                while (netOut.hasRemaining()) {
                    channel.write(netOut);
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED && Wire.anyRemaining(frames)) {
                    throw new EOFException("TLS was closed");
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                return r;
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                engine.closeOutbound();
                wrap(new ByteBuffer[] {ByteBuffer.allocate(0)});
            }
        } catch (IOException alreadyGone) {
            // the client may be gone: closing the socket is all that is left to do
        } finally {
            channel.close();
        }
    }
}
