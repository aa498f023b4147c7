package io.tagmirror.console.session;

import io.tagmirror.console.task.NamedThreadFactory;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.operations.MirrorEvent;
import io.tagmirror.operations.MirrorWatch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the open workspace's mirrors while the console runs, as {@code tagmirror monitor} does (the
 * same {@link MirrorWatch}: a member failed, offline or back stale, a resync finished, a verify that
 * found differences, a conflict, a tag log that filled), and hands each event to the FX thread. A served mirror is read through
 * its serving process, so what happens there is seen too.
 *
 * <p>Threads: the checks run on one thread of their own ("mirror-event-watch"), never on the FX
 * thread, since a check may open a mirror's devices (when their files changed since the check before)
 * and reads the catalog; the events are handed on through {@code ui}.
 * Create it and {@link #close} it on the FX thread. A workspace opened in its place is watched
 * afresh: its first check tells of the conditions present, as the monitor's first check does.
 */
public final class MirrorEventWatch implements AutoCloseable {
    /**
     * How often the mirrors are checked: each mirror's outages and history each time, its devices only
     * when their files changed since (a mirror nobody wrote to costs no read of its tag logs).
     */
    public static final Duration PERIOD = Duration.ofSeconds(15);

    private final UiThread ui;
    private final Consumer<MirrorEvent> onEvent;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new NamedThreadFactory("mirror-event-watch"));
    private volatile WorkspaceSession session;
    private volatile boolean started;
    /** The watch of {@link #watched}; touched only by the thread that checks. */
    private MirrorWatch watch;
    private WorkspaceSession watched;

    /** Watches the workspace {@code sessions} has open, and the next one it opens; {@code onEvent} runs through {@code ui}. */
    public MirrorEventWatch(SessionViewModel sessions, UiThread ui, Consumer<MirrorEvent> onEvent) {
        this.ui = ui;
        this.onEvent = onEvent;
        this.session = sessions.getSession();
        sessions.sessionProperty().addListener((obs, old, now) -> {
            session = now;
            if (now != null && started) {
                checkSoon(); // a workspace just opened: tell of what is wrong in it now, not a period later
            }
        });
    }

    /** Checks now, every {@code period}, and when a workspace opens, on the watch's thread. */
    public void start(Duration period) {
        started = true;
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Checks the open workspace's mirrors now, on the calling thread (not the FX thread), and hands the
     * events since the check before to the FX thread; returns them. None while no workspace is open.
     */
    public synchronized List<MirrorEvent> check() throws IOException {
        WorkspaceSession current = session;
        if (current == null) {
            return List.of();
        }
        if (current != watched) {
            watched = current;
            watch = new MirrorWatch(Clock.systemUTC());
        }
        List<MirrorEvent> events = watch.check(current.workspace(), List.of()).events();
        for (MirrorEvent e : events) {
            ui.execute(() -> onEvent.accept(e));
        }
        return events;
    }

    private void checkSoon() {
        try {
            timer.execute(this::checkQuietly);
        } catch (RejectedExecutionException closed) {
            // the console is closing: nothing more to tell
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (IOException | RuntimeException e) {
            // a workspace closed under the check, or a catalog that cannot be read now: the next check tries again
        }
    }

    /** Stops the checks, waiting for one under way (it only reads). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
