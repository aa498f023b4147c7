package io.tagmirror.console.drives;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.operations.Failures;
import io.tagmirror.operations.disks.SurveyedDrive;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the drives screen's disks: the machine's disks and partitions as the survey read them, read
 * again in the background when asked (a refresh, a disk that came or went, a device created), and the
 * one selected, kept selected across reads by its name.
 */
public final class DisksViewModel implements AutoCloseable {

    private final DiskSource source;
    private final TaskRunner tasks;
    private final ObservableList<SurveyedDrive> disks = FXCollections.observableArrayList();
    /**
     * One wrapper kept for good: a wrapper listens to the list only weakly, so one made per call would
     * be collected with the listeners of whoever kept none.
     */
    private final ObservableList<SurveyedDrive> readOnlyDisks = FXCollections.unmodifiableObservableList(disks);
    private final ObjectProperty<SurveyedDrive> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", null);
    private final StringBinding summary;
    private boolean again;
    private boolean loaded;
    private boolean closed;

    public DisksViewModel(DiskSource source, TaskRunner tasks) {
        this.source = Objects.requireNonNull(source, "source");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        summary = Bindings.createStringBinding(this::describe, disks, loading, error);
    }

    /**
     * Surveys the disks again in the background. Called on the FX thread; a call while a survey runs
     * asks for one more after it, so a change seen meanwhile is not lost.
     */
    public void refresh() {
        if (closed) {
            return;
        }
        if (loading.get()) {
            again = true;
            return;
        }
        loading.set(true);
        tasks.submit(BackgroundJob.of("Reading disks", progress -> source.read())
                .onSuccess(this::accept)
                .onFailure(failure -> error.set(Failures.describe(failure)))
                .onFinished(() -> {
                    loading.set(false);
                    loaded = true;
                    if (again) {
                        again = false;
                        refresh();
                    }
                }));
    }

    /** Surveys the disks the first time the screen is shown; later, the watch and the refresh button do. */
    public void refreshIfNeverLoaded() {
        if (!loaded) {
            refresh();
        }
    }

    /** Surveys again when the screen has shown the disks once: a disk came or went, the catalog changed. */
    public void refreshIfEverLoaded() {
        if (loaded || loading.get()) {
            refresh();
        }
    }

    /**
     * Reads no more, on the FX thread: the disk watch's news of a change, queued for the FX thread before
     * the watch stopped, and a survey asked for while one ran would otherwise reach a task runner that
     * the console closes next.
     */
    @Override
    public void close() {
        closed = true;
    }

    private void accept(List<SurveyedDrive> found) {
        error.set(null);
        SurveyedDrive was = selected.get();
        disks.setAll(found);
        selected.set(was == null ? null : find(was.name()));
    }

    /** The disk or partition named {@code name} (sda, sda1), or null. */
    public SurveyedDrive find(String name) {
        for (SurveyedDrive disk : disks) {
            if (disk.name().equals(name)) {
                return disk;
            }
            for (SurveyedDrive part : disk.partitions()) {
                if (part.name().equals(name)) {
                    return part;
                }
            }
        }
        return null;
    }

    /** The disks, each with its partitions. */
    public ObservableList<SurveyedDrive> disks() {
        return readOnlyDisks;
    }

    /** The disk or partition "Create TagMirror device" applies to. */
    public ObjectProperty<SurveyedDrive> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the last survey failed, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** One line for the section, e.g. "3 disks, 5 partitions". */
    public StringBinding summaryProperty() {
        return summary;
    }

    private String describe() {
        if (error.get() != null) {
            return "Could not read the disks: " + error.get();
        }
        if (loading.get() && disks.isEmpty()) {
            return "Reading disks…";
        }
        int partitions = disks.stream().mapToInt(d -> d.partitions().size()).sum();
        return count(disks.size(), "disk") + ", " + count(partitions, "partition");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
