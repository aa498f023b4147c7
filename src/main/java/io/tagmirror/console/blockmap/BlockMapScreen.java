package io.tagmirror.console.blockmap;

import io.tagmirror.console.shell.Screen;
import io.tagmirror.engine.MirrorDefinition;
import java.util.Objects;
import javafx.collections.ObservableList;
import javafx.scene.Node;

/** The block map screen: a mirror's blocks as cells, the ones its devices disagree on highlighted. */
public final class BlockMapScreen implements Screen {

    private final BlockMapViewModel model;
    private final ObservableList<MirrorDefinition> mirrors;
    private BlockMapView view;

    /**
     * @param mirrors the workspace's mirrors for the chooser, as the tag tables screen keeps them
     */
    public BlockMapScreen(BlockMapViewModel model, ObservableList<MirrorDefinition> mirrors) {
        this.model = Objects.requireNonNull(model, "model");
        this.mirrors = Objects.requireNonNull(mirrors, "mirrors");
    }

    @Override
    public String title() {
        return "Block map";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new BlockMapView(model, mirrors);
        }
        return view;
    }

    @Override
    public void onShow() {
        model.refresh();
    }

    public BlockMapViewModel model() {
        return model;
    }
}
