package io.tagmirror.console.devices;

import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.ui.DirectoryPicker;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/** The buttons that create, import and forget devices, shared by the drives and devices screens. */
public final class DeviceActionBar {

    private final Button create = new Button("Create device…");
    private final Button importDevice = new Button("Import device…");
    private final Button forget = new Button("Forget device");

    /**
     * @param actions what the buttons do
     * @param selected the device "Forget" applies to
     * @param knownPaths the folders already used by devices of the workspace
     * @param suggestion the folder the create dialog starts with
     * @param picker asks for folders
     */
    public DeviceActionBar(DeviceActionsViewModel actions, ObservableValue<DeviceSummary> selected,
                           Supplier<Set<Path>> knownPaths, Supplier<String> suggestion, DirectoryPicker picker) {
        create.setId("createDevice");
        create.setTooltip(new Tooltip("Format a new or empty folder as a TagMirror device"));
        create.disableProperty().bind(actions.workspaceOpenProperty().not());
        create.setOnAction(event -> CreateDeviceDialog.show(create,
                new CreateDeviceViewModel(actions, knownPaths.get(), suggestion.get()), picker));

        importDevice.setId("importDevice");
        importDevice.setTooltip(new Tooltip("Add a device that exists, with its mirrors, to this workspace"));
        importDevice.disableProperty().bind(actions.workspaceOpenProperty().not());
        importDevice.setOnAction(event -> picker.pick(importDevice.getScene().getWindow(),
                "Folder of the device to import", null).ifPresent(actions::importDevice));

        forget.setId("forgetDevice");
        forget.setTooltip(new Tooltip("Remove the device from this workspace; nothing on it is touched"));
        forget.disableProperty().bind(Bindings.createBooleanBinding(
                () -> selected.getValue() == null, selected));
        forget.setOnAction(event -> {
            DeviceSummary device = selected.getValue();
            if (device != null && actions.mayForget(device)) {
                Dialogs.confirm(forget, "Forget device " + device.shortName() + "?", actions.describeForget(device),
                        "Forget device", () -> actions.forget(device));
            }
        });
    }

    public Button create() {
        return create;
    }

    public Button importDevice() {
        return importDevice;
    }

    public Button forget() {
        return forget;
    }
}
