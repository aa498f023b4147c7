package io.tagmirror.console.replay;

import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.WorkflowNavigator;
import java.util.Objects;
import java.util.function.BiConsumer;
import javafx.scene.Node;
import javafx.stage.Window;

/** The workload replay screen: replay a trace or a pattern against a mirror, with faults and live charts. */
public final class ReplayScreen implements Screen {

    private final ReplayViewModel model;
    private final FilePicker files;
    private final WorkflowNavigator navigator;
    private final BiConsumer<Window, String> openWizard;
    private ReplayView view;

    /**
     * @param model the replay's state
     * @param files asks for a trace file
     * @param navigator goes to the tag tables and block map
     * @param openWizard opens the repair wizard beside a window for a mirror
     */
    public ReplayScreen(ReplayViewModel model, FilePicker files, WorkflowNavigator navigator,
                        BiConsumer<Window, String> openWizard) {
        this.model = Objects.requireNonNull(model, "model");
        this.files = Objects.requireNonNull(files, "files");
        this.navigator = Objects.requireNonNull(navigator, "navigator");
        this.openWizard = Objects.requireNonNull(openWizard, "openWizard");
    }

    @Override
    public String title() {
        return "Workload replay";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new ReplayView(model, files, navigator, openWizard);
            view.setId("replayView");
        }
        return view;
    }

    @Override
    public void onShow() {
        if (!model.isRunning()) {
            model.reloadMirrors();
        }
    }

    public ReplayViewModel model() {
        return model;
    }
}
