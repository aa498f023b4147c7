package io.tagmirror.console.history;

import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.workflow.FilePicker;
import java.util.Objects;
import javafx.scene.Node;

/** The history screen: every compare, repair, verify and replay of the workspace, with their reports. */
public final class HistoryScreen implements Screen {

    private final HistoryViewModel model;
    private final FilePicker files;
    private HistoryView view;

    public HistoryScreen(HistoryViewModel model, FilePicker files) {
        this.model = Objects.requireNonNull(model, "model");
        this.files = Objects.requireNonNull(files, "files");
    }

    @Override
    public String title() {
        return "History";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new HistoryView(model, files);
            view.setId("historyView");
        }
        return view;
    }

    @Override
    public void onShow() {
        model.reload();
    }

    public HistoryViewModel model() {
        return model;
    }
}
