package io.tagmirror.console.replay;

import io.tagmirror.console.workflow.WizardNodes;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The replay screen in a window of its own, for a console whose navigation has no place for it. */
public final class ReplayWindow {

    private ReplayWindow() {
    }

    /** Shows {@code screen} in a new window beside {@code owner}, following the owner's theme. */
    public static Stage open(Window owner, ReplayScreen screen) {
        Label title = new Label(screen.title());
        title.getStyleClass().add("screen-title");
        VBox root = new VBox(title, screen.view());
        root.getStyleClass().add("screen-area");
        root.getStylesheets().add(WizardNodes.stylesheet());
        VBox.setVgrow(screen.view(), Priority.ALWAYS);
        Stage stage = new Stage();
        stage.setTitle("Workload replay");
        Scene scene = new Scene(root, 1280, 800);
        stage.setScene(scene);
        if (owner != null) {
            stage.initOwner(owner);
            Scene main = owner.getScene();
            if (main != null) {
                scene.getStylesheets().setAll(main.getStylesheets());
                main.getStylesheets().addListener((ListChangeListener<String>) c ->
                        scene.getStylesheets().setAll(main.getStylesheets()));
            }
        }
        screen.onShow();
        stage.show();
        return stage;
    }
}
