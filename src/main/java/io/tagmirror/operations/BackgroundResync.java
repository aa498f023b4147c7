package io.tagmirror.operations;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.TaskMonitor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The resyncs of a mirror held in use (served) that run in the background, one thread per member that
 * came back, each at the mirror's resync rate, while clients go on reading and writing. The rate may be
 * changed while they run ({@link #setBytesPerSecond}); it holds from then on.
 *
 * <p>Threads: {@link #start} and {@link #close} from any thread; each resync on its own named thread.
 * Closing asks every resync to stop at its next step and waits for it: a member whose resync did not
 * finish stays marked as having missed writes (in memory and in the catalog), and the next resync
 * starts over.
 */
public final class BackgroundResync implements AutoCloseable {

    /** One member's resync running or done: its end, and the flag that asks it to stop. */
    private record Run(Thread thread, CompletableFuture<ResyncOperation.Resynced> done, AtomicBoolean stop) {
    }

    /**
     * The rate the engine is given: none that binds. The engine fixes a resync's rate when it starts, so
     * the resyncs here are held to theirs by {@link ResyncPace} instead, which waits between chunks (the
     * engine reports each chunk's progress with its block locks released, so no client waits on it).
     */
    private static final long ENGINE_RATE = Long.MAX_VALUE;

    private final AssembledMirror on;
    private final ResyncPace pace;
    private final Map<UUID, Run> runs = new LinkedHashMap<>();
    private boolean closed;

    public BackgroundResync(AssembledMirror on, long bytesPerSecond) {
        this.on = on;
        this.pace = new ResyncPace(bytesPerSecond);
    }

    /** The most bytes per second each resync goes through. */
    public long bytesPerSecond() {
        return pace.bytesPerSecond();
    }

    /** Holds every resync, those running now too, to {@code bytesPerSecond} from now on. */
    public void setBytesPerSecond(long bytesPerSecond) {
        pace.set(bytesPerSecond);
    }

    /**
     * Starts resynchronising {@code device} unless its resync is running already; returns its end (a
     * report, or the refusal that stopped it, such as no other member holding current data).
     */
    public synchronized CompletableFuture<ResyncOperation.Resynced> start(UUID device) {
        Run running = runs.get(device);
        if (running != null && !running.done().isDone()) {
            return running.done();
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the mirror is no longer held"));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ResyncPace.Run paced = pace.start();
        long blockSize = on.mirror().blockSize();
        TaskMonitor monitor = new TaskMonitor() {
            @Override
            public void progress(String phase, long done, long total) {
                paced.await(done * blockSize, stop);
            }

            @Override
            public boolean isCancelled() {
                return stop.get();
            }
        };
        CompletableFuture<ResyncOperation.Resynced> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(ResyncOperation.run(on, device, ENGINE_RATE, monitor));
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "resync-" + on.name() + "-" + device.toString().substring(0, 8));
        thread.setDaemon(true);
        runs.put(device, new Run(thread, done, stop));
        thread.start();
        return done;
    }

    /** Starts a resync for every online member that missed writes (as an opened mirror's returning members have). */
    public List<UUID> startForStaleMembers() throws IOException {
        List<UUID> started = new ArrayList<>();
        for (MemberStatus s : on.mirror().status()) {
            if (s.online() && s.stale() && !s.needsScrub() && s.resync() == null) {
                start(s.device());
                started.add(s.device());
            }
        }
        return started;
    }

    /** How the last resync of {@code device} ended, once it has; empty while none ran or one runs. */
    public synchronized Optional<String> lastEnd(UUID device) {
        Run run = runs.get(device);
        if (run == null || !run.done().isDone()) {
            return Optional.empty();
        }
        try {
            ResyncOperation.Resynced r = run.done().join();
            return Optional.of(r.report().completed() ? "in sync" : "stopped: " + r.report().why());
        } catch (CompletionException e) {
            return Optional.of("stopped: " + e.getCause().getMessage());
        }
    }

    /** Asks every resync to stop at its next step and waits until each has. */
    @Override
    public void close() {
        List<Run> stopping;
        synchronized (this) {
            closed = true;
            stopping = new ArrayList<>(runs.values());
        }
        for (Run run : stopping) {
            run.stop().set(true);
        }
        boolean interrupted = false;
        for (Run run : stopping) {
            while (run.thread().isAlive()) {
                try {
                    run.thread().join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
