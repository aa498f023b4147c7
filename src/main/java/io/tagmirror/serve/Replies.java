package io.tagmirror.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one connection sends during transmission, one whole reply at a time. The reading thread sends
 * a read's reply itself when nothing is queued and no one is sending (no hand-over at queue depth 1);
 * a reply finished on another thread (a device's, the flush thread) is queued for this connection's
 * writer thread, so a client that never reads its replies blocks only that thread, never the engine's.
 */
final class Replies {
    /**
     * One reply; {@code answering} runs just before its bytes go out (so a client that has read its reply
     * finds it counted in the connection's figures), {@code sent} once it is written or dropped (it gives
     * the request's budget back).
     */
    record Reply(ByteBuffer[] frames, Runnable answering, Runnable sent) {
    }

    private static final Reply END = new Reply(new ByteBuffer[0], () -> { }, () -> { });

    private final Wire wire;
    private final ReentrantLock sending = new ReentrantLock();
    private final LinkedBlockingQueue<Reply> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean broken;

    Replies(Wire wire, String name) {
        this.wire = wire;
        this.writer = new Thread(this::drain, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a reply for the writer thread; safe from any thread. */
    void send(Reply r) {
        queue.add(r);
    }

    /** Sends a reply now when the connection is idle, else queues it; for the reading thread. */
    void sendNow(Reply r) {
        if (queue.isEmpty() && sending.tryLock()) {
            try {
                write(r);
            } finally {
                sending.unlock();
            }
        } else {
            send(r);
        }
    }

    /** Whether writing to the client failed: it is gone, and the rest of its replies are dropped. */
    boolean broken() {
        return broken;
    }

    private void drain() {
        while (true) {
            Reply r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == END) {
                return;
            }
            sending.lock();
            try {
                write(r);
            } finally {
                sending.unlock();
            }
        }
    }

    private void write(Reply r) {
        try {
            r.answering().run();
            if (!broken) {
                wire.writeFully(r.frames());
            }
        } catch (IOException e) {
            broken = true;
            try {
                // wakes the reading thread, which then ends the connection
                wire.shutdownInput();
            } catch (IOException ignored) {
                // closed already
            }
        } finally {
            r.sent().run();
        }
    }

    /** Sends what is queued, then ends the writer thread. */
    void finish() throws InterruptedException {
        queue.add(END);
        writer.join();
    }
}
