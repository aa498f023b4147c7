package io.tagmirror.console.drives;

import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.ui.DirectoryPicker;
import java.util.Objects;
import javafx.scene.Node;

/**
 * The drives screen: the machine's mounted file stores and the TagMirror devices on each, so an
 * administrator can pick where mirrors live.
 */
public final class DrivesScreen implements Screen {

    private final DrivesViewModel model;
    private final DeviceActionsViewModel actions;
    private final DirectoryPicker picker;
    private DrivesView view;

    public DrivesScreen(DrivesViewModel model, DeviceActionsViewModel actions, DirectoryPicker picker) {
        this.model = Objects.requireNonNull(model, "model");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.picker = Objects.requireNonNull(picker, "picker");
    }

    @Override
    public String title() {
        return "Drives";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new DrivesView(model, actions, picker);
        }
        return view;
    }

    @Override
    public void onShow() {
        model.refreshIfNeverLoaded();
    }

    public DrivesViewModel model() {
        return model;
    }
}
