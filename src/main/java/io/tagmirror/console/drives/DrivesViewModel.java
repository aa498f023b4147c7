package io.tagmirror.console.drives;

import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.operations.Failures;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
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
 * with pseudo file systems hidden unless {@link #showAllProperty()} is set, and the workspace's
 * devices on each of them.
 */
public final class DrivesViewModel {

    private static final Predicate<DriveInfo> REAL_DRIVES = drive -> !PseudoFileSystems.isPseudo(drive);
    private static final Predicate<DriveInfo> EVERYTHING = drive -> true;
    /** Usage from which a drive is shown as nearly full. */
    private static final double NEARLY_FULL = 0.9;

    private final FileStoreSource source;
    private final TaskRunner tasks;
    private final KnownDeviceSource deviceSource;
    private final ObservableList<DeviceSummary> knownDevices = FXCollections.observableArrayList();
    private final ObjectProperty<DriveInfo> selectedDrive = new SimpleObjectProperty<>(this, "selectedDrive");
    private final FilteredList<DeviceSummary> devicesOnSelectedDrive = new FilteredList<>(knownDevices, d -> false);
    private final ObjectProperty<DeviceSummary> selectedDevice = new SimpleObjectProperty<>(this, "selectedDevice");

    private final ObservableList<DriveInfo> allDrives = FXCollections.observableArrayList();
    private final FilteredList<DriveInfo> drives = new FilteredList<>(allDrives, REAL_DRIVES);
    private final BooleanProperty showAll = new SimpleBooleanProperty(this, "showAll", false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", null);
    private final StringBinding summary;
    private final StringBinding placeholder;

    public DrivesViewModel(FileStoreSource source, TaskRunner tasks) {
        this(source, tasks, KnownDeviceSource.NONE);
    }

    public DrivesViewModel(FileStoreSource source, TaskRunner tasks, KnownDeviceSource devices) {
        this.source = Objects.requireNonNull(source, "source");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.deviceSource = Objects.requireNonNull(devices, "devices");
        devicesOnSelectedDrive.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            DriveInfo drive = selectedDrive.get();
            List<DriveInfo> every = List.copyOf(allDrives);
            return drive == null ? (DeviceSummary d) -> false : (DeviceSummary d) -> DriveDevices.isOn(d, drive, every);
        }, selectedDrive, allDrives));
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
        tasks.submit(BackgroundJob.of("Reading drives", progress -> new Found(source.list(), deviceSource.list()))
                .onSuccess(found -> {
                    accept(found.drives());
                    acceptDevices(found.devices());
                })
                .onFailure(failure -> error.set(Failures.describe(failure)))
                .onFinished(() -> {
                    loading.set(false);
                    loaded.set(true);
                }));
    }

    private record Found(List<DriveInfo> drives, List<DeviceSummary> devices) {
    }

    /** Reads the workspace's devices again, e.g. after one was created; the drives stay as read. */
    public void refreshDevices() {
        tasks.submit(BackgroundJob.of("Reading devices", progress -> deviceSource.list())
                .onSuccess(this::acceptDevices)
                .onFailure(failure -> error.set(Failures.describe(failure))));
    }

    private void acceptDevices(List<DeviceSummary> found) {
        DeviceSummary was = selectedDevice.get();
        knownDevices.setAll(found);
        selectedDevice.set(was == null ? null
                : found.stream().filter(d -> d.uuid().equals(was.uuid())).findFirst().orElse(null));
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

    /** The workspace's devices, on whatever drive. */
    public ObservableList<DeviceSummary> knownDevices() {
        return knownDevices;
    }

    /** The drive whose devices are listed below the drives. */
    public ObjectProperty<DriveInfo> selectedDriveProperty() {
        return selectedDrive;
    }

    /** The workspace's devices on the selected drive. */
    public ObservableList<DeviceSummary> devicesOnSelectedDrive() {
        return devicesOnSelectedDrive;
    }

    /** The device "Forget" applies to. */
    public ObjectProperty<DeviceSummary> selectedDeviceProperty() {
        return selectedDevice;
    }

    /** How many of the workspace's devices are on {@code drive}. */
    public long devicesOn(DriveInfo drive) {
        List<DriveInfo> every = List.copyOf(allDrives);
        return knownDevices.stream().filter(d -> DriveDevices.isOn(d, drive, every)).count();
    }

    /**
     * Where a new device on the selected drive could go: under the home folder when it is on that
     * drive (the drive's root is rarely writable), else under the drive's mount point.
     */
    public String suggestFolder(Path home) {
        DriveInfo drive = selectedDrive.get();
        if (drive == null) {
            return "";
        }
        Path mount = Path.of(drive.mountPoint());
        Path base = home != null && home.startsWith(mount) && !isMoreSpecificMount(home, mount) ? home : mount;
        int next = knownDevices.size() + 1;
        return base.resolve("tagmirror").resolve("device-" + next).toString();
    }

    /** Whether another listed drive is mounted between {@code mount} and {@code path}. */
    private boolean isMoreSpecificMount(Path path, Path mount) {
        for (DriveInfo other : allDrives) {
            Path m = Path.of(other.mountPoint());
            if (!m.equals(mount) && m.startsWith(mount) && path.startsWith(m)) {
                return true;
            }
        }
        return false;
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
}
