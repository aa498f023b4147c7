package io.tagmirror.console.drives;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * State and logic of the drives screen: the machine's mounted file stores, read in the background,
 * with pseudo file systems hidden unless {@link #showAllProperty()} is set.
 */
public final class DrivesViewModel {

    private static final Predicate<DriveInfo> REAL_DRIVES = drive -> !PseudoFileSystems.isPseudo(drive);
    private static final Predicate<DriveInfo> EVERYTHING = drive -> true;
    /** Usage from which a drive is shown as nearly full. */
    private static final double NEARLY_FULL = 0.9;

    private final FileStoreSource source;
    private final TaskRunner tasks;

    private final ObservableList<DriveInfo> allDrives = FXCollections.observableArrayList();
    private final FilteredList<DriveInfo> drives = new FilteredList<>(allDrives, REAL_DRIVES);
    private final BooleanProperty showAll = new SimpleBooleanProperty(this, "showAll", false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", null);
    private final StringBinding summary;
    private final StringBinding placeholder;

    public DrivesViewModel(FileStoreSource source, TaskRunner tasks) {
        this.source = Objects.requireNonNull(source, "source");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        drives.predicateProperty().bind(Bindings.createObjectBinding(
                () -> showAll.get() ? EVERYTHING : REAL_DRIVES, showAll));
        summary = Bindings.createStringBinding(this::describe, allDrives, drives, loading, error, showAll);
        placeholder = Bindings.createStringBinding(this::describeEmpty, loading, error);
    }

    /** Reads the drives again in the background; does nothing while a read is still running. */
    public void refresh() {
        if (loading.get()) {
            return;
        }
        loading.set(true);
        tasks.submit(BackgroundJob.of("Reading drives", progress -> source.list())
                .onSuccess(this::accept)
                .onFailure(failure -> error.set(messageOf(failure)))
                .onFinished(() -> {
                    loading.set(false);
                    loaded.set(true);
                }));
    }

    /** Reads the drives the first time the screen is shown, and not again on later visits. */
    public void refreshIfNeverLoaded() {
        if (!loaded.get()) {
            refresh();
        }
    }

    private void accept(List<DriveInfo> found) {
        error.set(null);
        allDrives.setAll(found.stream()
                .sorted(Comparator.comparing(DriveInfo::mountPoint, String.CASE_INSENSITIVE_ORDER))
                .toList());
    }

    /** The drives to show: all of them, or only real ones unless {@link #showAllProperty()} is set. */
    public ObservableList<DriveInfo> drives() {
        return drives;
    }

    /** Every store read, pseudo file systems included. */
    public ObservableList<DriveInfo> allDrives() {
        return FXCollections.unmodifiableObservableList(allDrives);
    }

    /** Whether pseudo file systems (proc, sysfs, cgroup, RAM disks of the OS, …) are listed too. */
    public BooleanProperty showAllProperty() {
        return showAll;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public boolean isLoading() {
        return loading.get();
    }

    /** True once a read has finished, whether it succeeded or not. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Why the last read failed, or null after a successful one. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** One line for the toolbar, e.g. "3 drives · 21 system file systems hidden". */
    public StringBinding summaryProperty() {
        return summary;
    }

    /** What an empty table should say. */
    public StringBinding placeholderProperty() {
        return placeholder;
    }

    private String describe() {
        if (error.get() != null) {
            return "Could not read the drives: " + error.get();
        }
        if (loading.get() && allDrives.isEmpty()) {
            return "Reading drives…";
        }
        int shown = drives.size();
        String text = shown == 1 ? "1 drive" : shown + " drives";
        int hidden = allDrives.size() - shown;
        if (hidden > 0) {
            text += hidden == 1 ? " · 1 system file system hidden" : " · " + hidden + " system file systems hidden";
        }
        return text;
    }

    private String describeEmpty() {
        if (loading.get()) {
            return "Reading drives…";
        }
        if (error.get() != null) {
            return "The drives could not be read. Try Refresh.";
        }
        return "No drives found";
    }

    /** Whether a used fraction (0..1) deserves the warning colour; the percentage is shown either way. */
    public static boolean isNearlyFull(double usedFraction) {
        return usedFraction >= NEARLY_FULL;
    }

    private static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
