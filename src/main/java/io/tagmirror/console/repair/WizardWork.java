package io.tagmirror.console.repair;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.workflow.EngineWork;
import io.tagmirror.console.workflow.ProgressMeter;
import io.tagmirror.console.workflow.WorkflowMonitor;
import io.tagmirror.engine.CancelledException;
import io.tagmirror.operations.Failures;
import io.tagmirror.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the wizard's steps share: the one piece of work that runs at a time (a compare, a repair, its
 * progress, pause and cancel), and the two notes under the steps, the last failure and the latest news.
 * Steps start work here and are called back on the UI thread; every property changes on it.
 */
public final class WizardWork {

    private final EngineWork work;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyObjectWrapper<ProgressMeter.Snapshot> progress = new ReadOnlyObjectWrapper<>(this,
            "progress", ProgressMeter.Snapshot.NONE);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final List<Runnable> whenIdle = new ArrayList<>();
    private WorkflowMonitor monitor;

    WizardWork(EngineWork work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    /**
     * Runs an engine operation with progress; {@code done} gets its value. A failure becomes the error
     * note, a cancel the news: what a cancelled step leaves is consistent, so it is no error.
     */
    <T> void run(String title, EngineWork.Operation<T> operation, Consumer<T> done) {
        ProgressMeter meter = new ProgressMeter();
        progress.set(ProgressMeter.Snapshot.NONE);
        monitor = new WorkflowMonitor(meter, work.ui(), progress::set);
        busy.set(true);
        paused.set(false);
        work.start(title, monitor, operation, value -> {
            progress.set(meter.snapshot());
            ended(() -> done.accept(value));
        }, failure -> ended(() -> {
            if (failure instanceof CancelledException) {
                status.set(Failures.describe(failure));
            } else {
                error.set(Failures.describe(failure));
            }
        }));
    }

    /** Runs a short job with no progress of its own (listing mirrors), the wizard busy meanwhile. */
    <T> void quick(String title, BackgroundJob.Work<T> job, Consumer<T> done, Function<Throwable, String> failed) {
        busy.set(true);
        work.tasks().submit(BackgroundJob.of(title, job)
                .onSuccess(done::accept)
                .onFailure(e -> error.set(failed.apply(e)))
                .onFinished(() -> ended(() -> { })));
    }

    /** Saves {@code json} to {@code file} in the background and says so, {@code what} naming it ("Report"). */
    void saveJson(Path file, Map<String, Object> json, String what) {
        work.tasks().submit(BackgroundJob.of("Saving " + what.toLowerCase(Locale.ROOT), p -> {
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            return file;
        }).onSuccess(saved -> status.set(what + " saved to " + saved))
                .onFailure(e -> error.set("Cannot save " + file + ": " + Failures.describe(e))));
    }

    /** The work is over: not busy any more, its outcome taken in, then whatever waited for the wizard to be idle. */
    private void ended(Runnable outcome) {
        busy.set(false);
        paused.set(false);
        outcome.run();
        if (!busy.get()) {
            List<Runnable> waiting = new ArrayList<>(whenIdle);
            whenIdle.clear();
            waiting.forEach(Runnable::run);
        }
    }

    /** Runs {@code then} now when nothing runs, else once the running work has ended. */
    void whenIdle(Runnable then) {
        if (busy.get()) {
            whenIdle.add(then);
        } else {
            then.run();
        }
    }

    /** Holds the running operation at its next step. */
    public void pause() {
        if (monitor != null && busy.get()) {
            monitor.pause();
            paused.set(true);
        }
    }

    /** Lets a held operation go on. */
    public void resume() {
        if (monitor != null) {
            monitor.resume();
        }
        paused.set(false);
    }

    /** Stops the running operation at its next step; what it leaves is consistent. */
    public void cancel() {
        if (monitor != null && busy.get()) {
            monitor.cancel();
            paused.set(false);
        }
    }

    void fail(String message) {
        error.set(message);
    }

    void tell(String news) {
        status.set(news);
    }

    void clearError() {
        error.set(null);
    }

    /** Clears both notes, for a step that starts afresh. */
    void clearNotes() {
        error.set(null);
        status.set(null);
    }

    /** True while work runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    boolean isBusy() {
        return busy.get();
    }

    /** True while the running operation is held at a step. */
    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** The running operation's progress, coalesced to one update per pulse. */
    public ReadOnlyObjectProperty<ProgressMeter.Snapshot> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The last failure in words, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** News about the current step (a cancel, a saved file), or null. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
