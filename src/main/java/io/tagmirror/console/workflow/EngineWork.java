package io.tagmirror.console.workflow;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.operations.Failures;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs an engine operation (compare, repair, verify, replay) off the FX thread and shows it in the
 * shell's background task list.
 *
 * <p>The operation runs on the workflows' own executor, and the task in the list only watches it. A
 * task cancelled from the list interrupts its thread, and an interrupt closes any file channel the
 * thread is writing through; so the interrupt lands on the watcher, which turns it into a cancel the
 * operation honours at its next step.
 */
public final class EngineWork {

    /** What the list shows and how often the watcher looks. */
    private static final long WATCH_MILLIS = 100;

    /** An operation that reports to a monitor. */
    @FunctionalInterface
    public interface Operation<T> {
        T run(WorkflowMonitor monitor) throws Exception;
    }

    private final TaskRunner tasks;
    private final Executor engine;
    private final UiThread ui;

    /**
     * @param tasks the shell's runner, whose task list shows the operation
     * @param engine where operations run; tests pass a direct executor
     * @param ui where outcomes are delivered
     */
    public EngineWork(TaskRunner tasks, Executor engine, UiThread ui) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    public UiThread ui() {
        return ui;
    }

    public TaskRunner tasks() {
        return tasks;
    }

    /**
     * Starts {@code operation}; exactly one of {@code done} and {@code failed} runs on the UI thread once
     * it has ended, whatever happens to its entry in the task list.
     */
    public <T> void start(String title, WorkflowMonitor monitor, Operation<T> operation, Consumer<T> done,
                          Consumer<Throwable> failed) {
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((value, error) -> ui.execute(() -> {
            if (error == null) {
                done.accept(value);
            } else {
                failed.accept(Failures.cause(error));
            }
        }));
        engine.execute(() -> {
            try {
                result.complete(operation.run(monitor));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        tasks.submit(BackgroundJob.of(title, progress -> {
            while (!result.isDone()) {
                if (progress.isCancelled()) {
                    monitor.cancel();
                }
                ProgressMeter.Snapshot s = monitor.snapshot();
                if (!s.phase().isEmpty()) {
                    progress.message(describe(s));
                    progress.progress(s.total() > 0 ? s.done() : -1, s.total());
                }
                try {
                    result.get(WATCH_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // still running, or failed: the outcome goes to the handlers above
                } catch (InterruptedException e) {
                    monitor.cancel();
                    return null;
                }
            }
            return null;
        }));
    }

    private static String describe(ProgressMeter.Snapshot s) {
        String text = s.total() > 0
                ? String.format(Locale.ROOT, "%s: %,d of %,d", s.phase(), s.done(), s.total())
                : String.format(Locale.ROOT, "%s: %,d", s.phase(), s.done());
        return s.etaSeconds() > 0 ? text + " · " + s.etaText() : text;
    }
}
