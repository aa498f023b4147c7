package io.tagmirror.console.mirrors;

import io.tagmirror.console.shell.Screen;
import java.util.Objects;
import javafx.scene.Node;

/** The mirrors screen: every mirror of the workspace with its devices and state, and what can be done to them. */
public final class MirrorsScreen implements Screen {

    private final MirrorsViewModel model;
    private final MirrorWorkflows workflows;
    private MirrorsView view;

    public MirrorsScreen(MirrorsViewModel model) {
        this(model, MirrorWorkflows.NONE);
    }

    public MirrorsScreen(MirrorsViewModel model, MirrorWorkflows workflows) {
        this.model = Objects.requireNonNull(model, "model");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
    }

    @Override
    public String title() {
        return "Mirrors";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new MirrorsView(model, workflows);
        }
        return view;
    }

    @Override
    public void onShow() {
        model.refresh();
    }

    public MirrorsViewModel model() {
        return model;
    }
}
