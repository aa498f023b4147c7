package io.tagmirror.console.workflow;

import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.TaskMonitor;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The engine's {@link TaskMonitor} for one workflow operation: it meters the progress, hands it to the
 * FX thread at most once per pulse, and lets the administrator pause or cancel.
 *
 * <p>Pausing holds the engine inside {@link #isCancelled()}, which the engine calls between steps with
 * no lock held and with everything before consistent: a paused repair is a repair stopped at a step
 * boundary, as a cancelled one is.
 */
public final class WorkflowMonitor implements TaskMonitor {

    private final ProgressMeter meter;
    private final UiThread ui;
    private final Consumer<ProgressMeter.Snapshot> publish;
    private final AtomicBoolean publishPending = new AtomicBoolean();
    private volatile boolean cancelled;
    private boolean paused;

    /**
     * @param meter turns reports into rates
     * @param ui where {@code publish} runs
     * @param publish receives the latest snapshot, coalesced
     */
    public WorkflowMonitor(ProgressMeter meter, UiThread ui, Consumer<ProgressMeter.Snapshot> publish) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.publish = Objects.requireNonNull(publish, "publish");
    }

    @Override
    public void progress(String phase, long done, long total) {
        meter.update(phase, done, total);
        if (publishPending.compareAndSet(false, true)) {
            ui.execute(() -> {
                publishPending.set(false);
                publish.accept(meter.snapshot());
            });
        }
    }

    @Override
    public boolean isCancelled() {
        synchronized (this) {
            boolean interrupted = false;
            while (paused && !cancelled) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // Interrupting a worker must not close its files mid-write; it is taken as a cancel.
                    interrupted = true;
                    cancelled = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return cancelled;
    }

    /** The operation stops at its next step; what it leaves is consistent. */
    public synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    public boolean cancelRequested() {
        return cancelled;
    }

    /** Holds the operation at its next step until {@link #resume()} or {@link #cancel()}. */
    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /** The latest progress, for the background task list. */
    public ProgressMeter.Snapshot snapshot() {
        return meter.snapshot();
    }
}
