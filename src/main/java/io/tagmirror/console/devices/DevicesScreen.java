package io.tagmirror.console.devices;

import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.ui.DirectoryPicker;
import java.util.Objects;
import javafx.scene.Node;

/** The devices screen: every device of the workspace, with the actions to create, import and forget them. */
public final class DevicesScreen implements Screen {

    private final DevicesViewModel model;
    private final DirectoryPicker picker;
    private DevicesView view;

    public DevicesScreen(DevicesViewModel model, DirectoryPicker picker) {
        this.model = Objects.requireNonNull(model, "model");
        this.picker = Objects.requireNonNull(picker, "picker");
    }

    @Override
    public String title() {
        return "Devices";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new DevicesView(model, picker);
        }
        return view;
    }

    @Override
    public void onShow() {
        model.refresh();
    }

    public DevicesViewModel model() {
        return model;
    }
}
