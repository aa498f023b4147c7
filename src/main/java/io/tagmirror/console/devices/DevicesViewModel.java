package io.tagmirror.console.devices;

import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.session.DeviceSurvey;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and logic of the devices screen: every device of the workspace with where it is, whether it
 * can be reached, its block size, its tag table's size and its mirrors; reread whenever the catalog
 * changes.
 */
public final class DevicesViewModel {

    private final SessionViewModel sessions;
    private final TaskRunner tasks;
    private final DeviceActionsViewModel actions;
    private final Notices notices;
    private final ObservableList<DeviceSummary> devices = FXCollections.observableArrayList();
    private final ObjectProperty<DeviceSummary> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final StringBinding summary;
    private boolean reloadWanted;

    public DevicesViewModel(SessionViewModel sessions, TaskRunner tasks, DeviceActionsViewModel actions,
                            Notices notices) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.actions = Objects.requireNonNull(actions, "actions");
        summary = Bindings.createStringBinding(this::describe, devices, loading, sessions.sessionProperty());
        sessions.catalogRevisionProperty().addListener(obs -> refresh());
    }

    /** Reads the devices again in the background; a change while reading triggers one more read. */
    public void refresh() {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            devices.clear();
            return;
        }
        if (loading.get()) {
            reloadWanted = true;
            return;
        }
        loading.set(true);
        tasks.submit(BackgroundJob.of("Reading devices", progress -> DeviceSurvey.survey(session))
                .onSuccess(this::accept)
                .onFailure(failure -> notices.failed("Cannot read the devices", failure))
                .onFinished(() -> {
                    loading.set(false);
                    if (reloadWanted) {
                        reloadWanted = false;
                        refresh();
                    }
                }));
    }

    private void accept(List<DeviceSummary> found) {
        DeviceSummary was = selected.get();
        devices.setAll(found);
        selected.set(was == null ? null : found.stream().filter(d -> d.uuid().equals(was.uuid())).findFirst().orElse(null));
    }

    public ObservableList<DeviceSummary> devices() {
        return devices;
    }

    /** The device the actions apply to. */
    public ObjectProperty<DeviceSummary> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** "3 devices · 1 not reachable". */
    public StringBinding summaryProperty() {
        return summary;
    }

    public DeviceActionsViewModel actions() {
        return actions;
    }

    /** The folders of the known devices, which a new device may not use again. */
    public Set<Path> knownPaths() {
        return devices.stream().map(DeviceSummary::path).collect(Collectors.toSet());
    }

    /** A form for a new device, suggesting a folder next to the others. */
    public CreateDeviceViewModel newDeviceForm(String suggestion) {
        return new CreateDeviceViewModel(actions, knownPaths(), suggestion);
    }

    private String describe() {
        if (sessions.getSession() == null) {
            return "No workspace open";
        }
        if (loading.get() && devices.isEmpty()) {
            return "Reading devices…";
        }
        long unreachable = devices.stream().filter(d -> !d.reachable()).count();
        String text = devices.size() == 1 ? "1 device" : devices.size() + " devices";
        return unreachable == 0 ? text : text + " · " + unreachable + " not reachable";
    }
}
