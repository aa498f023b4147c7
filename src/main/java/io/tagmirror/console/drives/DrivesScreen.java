package io.tagmirror.console.drives;

import io.tagmirror.console.shell.Screen;
import java.util.Objects;
import javafx.scene.Node;

/** The drives screen: the machine's mounted file stores, so an administrator can pick where mirrors live. */
public final class DrivesScreen implements Screen {

    private final DrivesViewModel model;
    private DrivesView view;

    public DrivesScreen(DrivesViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String title() {
        return "Drives";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new DrivesView(model);
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
