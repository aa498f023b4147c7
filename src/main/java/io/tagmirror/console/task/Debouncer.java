package io.tagmirror.console.task;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns a burst of triggers into one action, run once the triggers have been quiet for a delay, or
 * at the latest a longer while after the burst began: a flush every few milliseconds during a
 * replay then costs a refresh every few seconds, not hundreds, and nothing polls in between.
 */
public final class Debouncer implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;
    private final long delayNanos;
    private final long maxWaitNanos;
    private final Executor target;
    private final Runnable action;
    private ScheduledFuture<?> pending;
    private long burstStart;

    /**
     * @param name the timer thread's name
     * @param delayMillis how long the triggers must be quiet
     * @param target where {@code action} runs, e.g. {@link UiThread#FX}
     * @param action what to do once per burst
     */
    public Debouncer(String name, long delayMillis, Executor target, Runnable action) {
        this(name, delayMillis, Math.max(delayMillis, 5 * delayMillis), target, action);
    }

    /**
     * @param maxWaitMillis how long a burst that never goes quiet may delay the action
     */
    public Debouncer(String name, long delayMillis, long maxWaitMillis, Executor target, Runnable action) {
        this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(name));
        // The timer thread goes away between bursts, so an idle console holds no thread for it.
        this.timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        this.timer.allowCoreThreadTimeOut(true);
        this.timer.setRemoveOnCancelPolicy(true);
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.target = Objects.requireNonNull(target, "target");
        this.action = Objects.requireNonNull(action, "action");
    }

    /** Starts or restarts the quiet period; callable from any thread. */
    public synchronized void trigger() {
        if (timer.isShutdown()) {
            return;
        }
        long now = System.nanoTime();
        if (pending != null && !pending.isDone()) {
            pending.cancel(false);
        } else {
            burstStart = now;
        }
        long untilDeadline = burstStart + maxWaitNanos - now;
        long delay = Math.max(0, Math.min(delayNanos, untilDeadline));
        pending = timer.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        synchronized (this) {
            pending = null;
        }
        target.execute(action);
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
