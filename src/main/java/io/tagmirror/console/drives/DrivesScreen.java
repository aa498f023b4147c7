package io.tagmirror.console.drives;

import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.ui.DirectoryPicker;
import java.util.Objects;
import javafx.scene.Node;

/**
 * The drives screen: the machine's disks and partitions, its mounted file stores and the TagMirror
 * devices on each, so an administrator can pick where mirrors live.
 */
public final class DrivesScreen implements Screen {

    private final DrivesViewModel model;
    private final DisksViewModel disks;
    private final DeviceActionsViewModel actions;
    private final DriveScanViewModel scans;
    private final DirectoryPicker picker;
    private DrivesView view;

    public DrivesScreen(DrivesViewModel model, DisksViewModel disks, DeviceActionsViewModel actions,
                        DriveScanViewModel scans, DirectoryPicker picker) {
        this.model = Objects.requireNonNull(model, "model");
        this.disks = Objects.requireNonNull(disks, "disks");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.scans = Objects.requireNonNull(scans, "scans");
        this.picker = Objects.requireNonNull(picker, "picker");
    }

    @Override
    public String title() {
        return "Drives";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new DrivesView(model, disks, actions, scans, picker);
        }
        return view;
    }

    @Override
    public void onShow() {
        model.refreshIfNeverLoaded();
        disks.refreshIfNeverLoaded();
    }

    public DisksViewModel disks() {
        return disks;
    }

    public DrivesViewModel model() {
        return model;
    }
}
