package io.tagmirror.console.tags;

import io.tagmirror.console.shell.Screen;
import java.util.Objects;
import javafx.scene.Node;

/** The tag tables screen: a mirror's devices' tag tables side by side, one row per tag. */
public final class TagTablesScreen implements Screen {

    private final TagTablesViewModel model;
    private TagTablesView view;

    public TagTablesScreen(TagTablesViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String title() {
        return "Tag tables";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new TagTablesView(model);
        }
        return view;
    }

    @Override
    public void onShow() {
        model.onShow();
    }

    public TagTablesViewModel model() {
        return model;
    }
}
