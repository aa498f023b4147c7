package io.tagmirror.console.shell;

import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.console.ui.Icons;
import io.tagmirror.console.ui.Theme;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PopOver;
import org.controlsfx.control.TaskProgressView;

/**
 * The bar at the bottom of the main window: the open workspace on the left, the background tasks
 * on the right; clicking the tasks opens a list of them with their progress.
 */
final class StatusBar extends HBox {

    private final MainViewModel model;
    private final BackgroundTasks backgroundTasks;
    private PopOver taskPopOver;

    StatusBar(MainViewModel model) {
        this.model = model;
        this.backgroundTasks = model.backgroundTasks();
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);

        Label workspace = new Label();
        workspace.setId("workspaceLabel");
        workspace.getStyleClass().add("status-item");
        workspace.setGraphic(Icons.icon(Icons.WORKSPACE));
        workspace.textProperty().bind(model.workspaceLabelProperty());
        workspace.setMinWidth(0);
        HBox.setHgrow(workspace, Priority.SOMETIMES);

        // Says why this workspace opened: a variable left set, or a folder remembered from another run.
        Label origin = new Label();
        origin.setId("workspaceOrigin");
        origin.getStyleClass().addAll("status-item", "muted");
        origin.textProperty().bind(model.workspaceOriginProperty());
        origin.setMinWidth(Region.USE_PREF_SIZE);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        getChildren().addAll(workspace, origin, spacer, taskItem());
    }

    private Button taskItem() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("status-spinner");
        spinner.visibleProperty().bind(backgroundTasks.runningCountProperty().greaterThan(0));
        spinner.managedProperty().bind(spinner.visibleProperty());

        Button item = new Button();
        item.setId("taskStatus");
        item.getStyleClass().addAll("status-item", "status-button");
        item.setGraphic(spinner);
        item.textProperty().bind(backgroundTasks.summaryProperty());
        item.setTooltip(new Tooltip("Show the tasks running in the background"));
        item.setFocusTraversable(false);
        item.setOnAction(event -> toggleTaskList(item));
        return item;
    }

    private void toggleTaskList(Button anchor) {
        if (taskPopOver == null) {
            taskPopOver = createTaskPopOver();
        }
        if (taskPopOver.isShowing()) {
            taskPopOver.hide();
        } else {
            taskPopOver.show(anchor);
        }
    }

    private PopOver createTaskPopOver() {
        TaskProgressView<Task<?>> view = new TaskProgressView<>();
        view.setId("taskProgressView");
        view.getStyleClass().add("task-list");
        // The view removes finished tasks itself, so it only needs to hear about new ones; binding
        // its list to ours would make both remove the same task.
        view.getTasks().addAll(backgroundTasks.tasks());
        backgroundTasks.tasks().addListener((ListChangeListener<Task<?>>) change -> {
            while (change.next()) {
                change.getAddedSubList().stream()
                        .filter(task -> !task.isDone() && !view.getTasks().contains(task))
                        .forEach(view.getTasks()::add);
            }
        });
        view.setPrefSize(400, 220);

        Label heading = new Label("Background tasks");
        heading.getStyleClass().add("task-list-heading");
        VBox content = new VBox(heading, view);
        content.getStyleClass().add("task-list-pane");

        PopOver popOver = new PopOver(content);
        popOver.setDetachable(false);
        popOver.setArrowLocation(PopOver.ArrowLocation.BOTTOM_RIGHT);
        // A pop-over is a window of its own whose root carries the pop-over's stylesheet; the
        // theme goes after it on the same root so that it wins.
        applyTheme(popOver, null, model.getTheme());
        model.themeProperty().addListener((obs, old, theme) -> applyTheme(popOver, old, theme));
        return popOver;
    }

    private static void applyTheme(PopOver popOver, Theme old, Theme theme) {
        if (old != null) {
            popOver.getRoot().getStylesheets().removeAll(old.stylesheets());
        }
        popOver.getRoot().getStylesheets().addAll(theme.stylesheets());
    }
}
