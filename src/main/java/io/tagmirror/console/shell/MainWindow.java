package io.tagmirror.console.shell;

import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.ui.Icons;
import io.tagmirror.console.ui.Theme;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's nodes: menu bar, left navigation, content area and status bar, all bound to a
 * {@link MainViewModel}.
 */
public final class MainWindow extends BorderPane {

    /** Where the navigation divider sits when nothing is remembered. */
    public static final double DEFAULT_DIVIDER = 0.16;

    private final MainViewModel model;
    private final SessionViewModel sessions;
    private final WorkspaceChooser workspaceChooser;
    private final Runnable exitAction;
    private final SplitPane splitPane;

    /**
     * @param model the state to show
     * @param sessions the open workspace, for File ▸ Remove demo workspace…
     * @param workspaceChooser asks for a folder on File ▸ Open workspace…
     * @param exitAction run on File ▸ Exit
     */
    public MainWindow(MainViewModel model, SessionViewModel sessions, WorkspaceChooser workspaceChooser,
                      Runnable exitAction) {
        this.model = Objects.requireNonNull(model, "model");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.workspaceChooser = Objects.requireNonNull(workspaceChooser, "workspaceChooser");
        this.exitAction = Objects.requireNonNull(exitAction, "exitAction");
        getStyleClass().add("main-window");

        ListView<Section> navigation = navigation();
        VBox content = content();
        splitPane = new SplitPane(navigation, content);
        splitPane.setId("mainSplit");
        splitPane.setOrientation(Orientation.HORIZONTAL);
        splitPane.setDividerPositions(DEFAULT_DIVIDER);
        // Widening the window widens the content, not the navigation.
        SplitPane.setResizableWithParent(navigation, false);

        setTop(menuBar());
        setCenter(splitPane);
        setBottom(new StatusBar(model));

        sceneProperty().addListener((obs, old, scene) -> applyTheme(scene, model.getTheme()));
        model.themeProperty().addListener((obs, old, theme) -> applyTheme(getScene(), theme));
    }

    /** The navigation/content split pane, whose divider the window remembers. */
    public SplitPane splitPane() {
        return splitPane;
    }

    /** File ▸ Open workspace…: asks for a folder and opens it. */
    public void chooseWorkspace() {
        workspaceChooser.choose(getScene() == null ? null : getScene().getWindow(),
                        model.lastWorkspace().orElse(null))
                .ifPresent(model::openWorkspace);
    }

    /** File ▸ Remove demo workspace…: says exactly what goes, and removes it once confirmed. */
    public void confirmDemoRemoval() {
        sessions.demoRemovalText(text -> Dialogs.confirm(this, "Remove the demo workspace?", text,
                "Remove demo", sessions::removeDemo));
    }

    /** Help ▸ About. */
    public Alert showAbout() {
        return AboutDialog.show(getScene() == null ? null : getScene().getWindow(), model);
    }

    private static void applyTheme(Scene scene, Theme theme) {
        if (scene != null) {
            theme.applyTo(scene);
        }
    }

    private MenuBar menuBar() {
        MenuItem open = item("Open workspace…", "menuOpenWorkspace",
                new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(event -> chooseWorkspace());
        MenuItem removeDemo = item("Remove demo workspace…", "menuRemoveDemo", null);
        removeDemo.setOnAction(event -> confirmDemoRemoval());
        removeDemo.visibleProperty().bind(sessions.demoPresentProperty());
        MenuItem exit = item("Exit", "menuExit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        exit.setOnAction(event -> exitAction.run());
        Menu file = new Menu("File", null, open, removeDemo, new SeparatorMenuItem(), exit);
        file.setId("menuFile");

        Menu view = new Menu("View");
        view.setId("menuView");
        ToggleGroup sections = new ToggleGroup();
        for (Section section : model.sections()) {
            RadioMenuItem item = new RadioMenuItem(section.label());
            item.setId("menuView" + section.idPart());
            item.setAccelerator(section.accelerator());
            item.setToggleGroup(sections);
            item.setSelected(model.getSelectedSection() == section);
            item.setOnAction(event -> model.show(section));
            model.selectedSectionProperty().addListener((obs, old, now) -> item.setSelected(now == section));
            view.getItems().add(item);
        }
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setId("menuDarkTheme");
        dark.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        dark.selectedProperty().bindBidirectional(model.darkThemeProperty());
        view.getItems().addAll(new SeparatorMenuItem(), dark);

        MenuItem about = item("About " + model.appInfo().name(), "menuAbout", null);
        about.setOnAction(event -> showAbout());
        Menu help = new Menu("Help", null, about);
        help.setId("menuHelp");

        MenuBar bar = new MenuBar(file, view, help);
        // A system menu bar on macOS; a no-op elsewhere.
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private static MenuItem item(String text, String id, KeyCombination accelerator) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setAccelerator(accelerator);
        return item;
    }

    private ListView<Section> navigation() {
        ListView<Section> list = new ListView<>(FXCollections.observableArrayList(model.sections()));
        list.setId("navigation");
        list.getStyleClass().add("navigation");
        list.setCellFactory(view -> new SectionCell());
        list.getSelectionModel().select(model.getSelectedSection());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, section) -> {
            if (section != null) {
                model.show(section);
            }
        });
        model.selectedSectionProperty().addListener((obs, old, section) -> list.getSelectionModel().select(section));
        return list;
    }

    private VBox content() {
        Label title = new Label();
        title.setId("screenTitle");
        title.getStyleClass().add("screen-title");
        title.textProperty().bind(model.titleProperty());

        StackPane body = new StackPane();
        body.getStyleClass().add("screen-body");
        VBox.setVgrow(body, Priority.ALWAYS);
        showIn(body, model.getCurrentScreen());
        model.currentScreenProperty().addListener((obs, old, screen) -> showIn(body, screen));

        VBox content = new VBox(title, noticeBar(model.notices()), body);
        content.getStyleClass().add("screen-area");
        return content;
    }

    /** The notice line: news or a failure, in words, with a way to dismiss it. */
    private static HBox noticeBar(Notices notices) {
        Label text = new Label();
        text.setId("noticeText");
        text.setWrapText(true);
        text.textProperty().bind(notices.textProperty());
        text.setMaxWidth(Double.MAX_VALUE);
        text.setMinWidth(0);
        // Long messages wrap onto more lines instead of being cut.
        text.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button dismiss = new Button("✕");
        dismiss.setId("dismissNotice");
        dismiss.getStyleClass().add("notice-dismiss");
        dismiss.setOnAction(event -> notices.clear());
        HBox bar = new HBox(text, dismiss);
        bar.setId("noticeBar");
        bar.getStyleClass().add("notice");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.visibleProperty().bind(notices.textProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        notices.errorProperty().addListener((obs, old, error) -> {
            bar.getStyleClass().remove("notice-error");
            if (error) {
                bar.getStyleClass().add("notice-error");
            }
        });
        return bar;
    }

    private static void showIn(StackPane body, Screen screen) {
        if (screen == null) {
            body.getChildren().clear();
            return;
        }
        Node view = screen.view();
        body.getChildren().setAll(view);
    }

    /** A navigation entry: the section's icon and name. */
    private static final class SectionCell extends ListCell<Section> {
        @Override
        protected void updateItem(Section section, boolean empty) {
            super.updateItem(section, empty);
            if (empty || section == null) {
                setText(null);
                setGraphic(null);
                setId(null);
            } else {
                setText(section.label());
                setGraphic(Icons.icon(section.icon()));
                setId("nav" + section.idPart());
            }
        }
    }
}
