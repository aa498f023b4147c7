package io.tagmirror.serve;

import io.tagmirror.engine.Mirror;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Flushes of a served mirror, committed in groups as LevelDB's writers are: one thread runs the
 * engine's flush, and every request that arrived while it ran is answered by the next one. A request
 * is answered only by a flush that started after it arrived, so it covers every write completed
 * before it, on every connection (the engine's flush is mirror-wide).
 *
 * <p>The flush runs on its own thread, never on the thread that completes a write: the engine's flush
 * waits for the writes in flight, which a device's completing thread would be finishing.
 */
final class FlushGroup implements AutoCloseable {
    private final Mirror mirror;
    private final Thread thread;
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean closed;

    FlushGroup(Mirror mirror, String name) {
        this.mirror = mirror;
        this.thread = new Thread(this::run, "nbd-flush-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A flush covering every write completed before this call; safe from any thread. */
    CompletableFuture<Void> request() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                done.completeExceptionally(new java.io.IOException("the server is stopping"));
                return done;
            }
            waiting.add(done);
            notifyAll();
        }
        return done;
    }

    private void run() {
        while (true) {
            List<CompletableFuture<Void>> batch;
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(waiting);
                waiting.clear();
            }
            Throwable failure = null;
            try {
                mirror.flush();
            } catch (Exception e) {
                failure = e;
            }
            for (CompletableFuture<Void> f : batch) {
                if (failure == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(failure);
                }
            }
        }
    }

    /** Answers the flushes already asked for, then ends the thread. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.join();
    }
}
