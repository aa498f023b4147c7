package io.tagmirror.console.task;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

/**
 * The view model of the work running in the background: the tasks still running, their count and
 * a one-line summary for the status bar.
 *
 * <p>Tasks leave the list by themselves when they succeed, fail or are cancelled. Use it from the
 * FX thread only.
 */
public final class BackgroundTasks {

    private final ObservableList<Task<?>> tasks = FXCollections.observableArrayList();
    private final ObservableList<Task<?>> readOnlyTasks = FXCollections.unmodifiableObservableList(tasks);
    private final IntegerBinding runningCount = Bindings.size(tasks);
    private final StringBinding summary = Bindings.createStringBinding(
            () -> describe(runningCount.get()), runningCount);

    /** Starts showing {@code task} until it is done; a task that is already done is ignored. */
    public void track(Task<?> task) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("BackgroundTasks is used from the FX thread only");
        }
        if (task.isDone() || tasks.contains(task)) {
            return;
        }
        tasks.add(task);
        task.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED
                    || state == Worker.State.CANCELLED) {
                tasks.remove(task);
            }
        });
    }

    /** The tasks still running, oldest first; read-only. */
    public ObservableList<Task<?>> tasks() {
        return readOnlyTasks;
    }

    public IntegerBinding runningCountProperty() {
        return runningCount;
    }

    public int getRunningCount() {
        return runningCount.get();
    }

    /** "Idle", "1 task running" or "3 tasks running". */
    public StringBinding summaryProperty() {
        return summary;
    }

    static String describe(int running) {
        if (running == 0) {
            return "Idle";
        }
        return running == 1 ? "1 task running" : running + " tasks running";
    }
}
