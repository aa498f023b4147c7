package io.tagmirror.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.ConsoleFixture;
import io.tagmirror.console.drives.DriveInfo;
import io.tagmirror.console.session.StartupWorkspace;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.ui.Theme;
import io.tagmirror.workspace.WorkspaceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The main window, headless, driven the way an administrator would: navigation, menus, keys. */
@ExtendWith(ApplicationExtension.class)
class MainWindowFxTest {

    private final ConsoleFixture console = new ConsoleFixture();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        console.open(stage);
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        console.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void opensAsTagMirrorAtTheDefaultSize() {
        assertThat(stage.getTitle()).isEqualTo("TagMirror");
        assertThat(stage.getWidth()).isEqualTo(1280);
        assertThat(stage.getHeight()).isEqualTo(800);
        assertThat(stage.getMinWidth()).isPositive();
        assertThat(stage.getScene().getStylesheets()).isEqualTo(Theme.LIGHT.stylesheets());
    }

    @Test
    void drivesScreenListsRealDrivesInTheBackground(FxRobot robot) throws TimeoutException {
        TableView<DriveInfo> table = robot.lookup("#drivesTable").queryTableView();
        waitUntilRows(table, 2);

        assertThat(table.getItems()).extracting(DriveInfo::mountPoint).containsExactly("/", "/srv/mirror-a");
        assertThat(text(robot, "#drivesSummary")).isEqualTo("2 drives · 3 system file systems hidden");
        assertThat(robot.lookup("512 GiB").tryQuery()).isPresent();
    }

    @Test
    void showAllRevealsPseudoFileSystems(FxRobot robot) throws TimeoutException {
        TableView<DriveInfo> table = robot.lookup("#drivesTable").queryTableView();
        waitUntilRows(table, 2);

        robot.clickOn("#showAllDrives");
        assertThat(table.getItems()).hasSize(5);

        robot.clickOn("#showAllDrives");
        assertThat(table.getItems()).hasSize(2);
    }

    @Test
    void refreshReadsTheDrivesAgain(FxRobot robot) throws TimeoutException {
        TableView<DriveInfo> table = robot.lookup("#drivesTable").queryTableView();
        waitUntilRows(table, 2);

        robot.clickOn("#refreshDrives");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !robot.lookup("#refreshDrives").queryButton().isDisabled());
        assertThat(table.getItems()).hasSize(2);
    }

    @Test
    void navigationSwitchesScreens(FxRobot robot) {
        robot.clickOn("#navDevices");
        assertThat(text(robot, "#screenTitle")).isEqualTo("Devices");
        assertThat(robot.lookup("No devices yet").tryQuery()).isPresent();

        robot.clickOn("#navMirrors");
        assertThat(text(robot, "#screenTitle")).isEqualTo("Mirrors");
        assertThat(robot.lookup("No mirrors yet").tryQuery()).isPresent();
        assertThat(robot.lookup(".badge.state-conflict").queryLabeled().getText()).contains("Conflict");

        robot.clickOn("#navHistory");
        assertThat(text(robot, "#screenTitle")).isEqualTo("History");
        assertThat(robot.lookup("No history yet").tryQuery()).isPresent();

        robot.clickOn("#navDrives");
        assertThat(text(robot, "#screenTitle")).isEqualTo("Drives");
        assertThat(robot.lookup("#drivesTable").tryQuery()).isPresent();
    }

    @Test
    void viewMenuSwitchesScreensAndSelectsTheNavigationEntry(FxRobot robot) {
        robot.clickOn("View").clickOn("#menuViewMirrors");

        assertThat(text(robot, "#screenTitle")).isEqualTo("Mirrors");
        ListView<?> navigation = robot.lookup("#navigation").queryListView();
        assertThat(navigation.getSelectionModel().getSelectedItem()).isEqualTo(Section.MIRRORS);

        robot.clickOn("View").clickOn("#menuViewHistory");
        assertThat(text(robot, "#screenTitle")).isEqualTo("History");
    }

    @Test
    void shortcutsSwitchScreens(FxRobot robot) {
        robot.interact(stage::requestFocus);

        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        assertThat(text(robot, "#screenTitle")).isEqualTo("Devices");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        assertThat(text(robot, "#screenTitle")).isEqualTo("Mirrors");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        assertThat(text(robot, "#screenTitle")).isEqualTo("Tag tables");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT5);
        assertThat(text(robot, "#screenTitle")).isEqualTo("Block map");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT6);
        assertThat(text(robot, "#screenTitle")).isEqualTo("Replay");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT7);
        assertThat(text(robot, "#screenTitle")).isEqualTo("History");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT1);
        assertThat(text(robot, "#screenTitle")).isEqualTo("Drives");
    }

    @Test
    void themeTogglesFromTheKeyboardAndTheMenu(FxRobot robot) {
        robot.interact(stage::requestFocus);
        robot.push(KeyCode.SHORTCUT, KeyCode.T);
        assertThat(stage.getScene().getStylesheets()).isEqualTo(Theme.DARK.stylesheets());
        assertThat(console.settings.get("theme")).contains("DARK");

        robot.clickOn("View").clickOn("#menuDarkTheme");
        assertThat(stage.getScene().getStylesheets()).isEqualTo(Theme.LIGHT.stylesheets());
        assertThat(console.settings.get("theme")).contains("LIGHT");
    }

    @Test
    void openWorkspaceShowsThePathInTheStatusBar(FxRobot robot) throws TimeoutException {
        assertThat(text(robot, "#workspaceLabel")).isEqualTo("No workspace open");

        robot.clickOn("File").clickOn("#menuOpenWorkspace");

        assertThat(text(robot, "#workspaceLabel")).isEqualTo(console.workspace.toString());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.shell.sessions().getSession() != null);
        assertThat(console.workspace.resolve("catalog.db")).exists();
    }

    @Test
    void theStatusBarSaysWhereTheWorkspaceCameFrom(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> console.shell.openWorkspace(StartupWorkspace.at(
                new WorkspaceLocation(console.workspace, WorkspaceLocation.Source.ENVIRONMENT)))).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.shell.sessions().getSession() != null);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(text(robot, "#workspaceLabel")).isEqualTo(console.workspace.toString());
        assertThat(text(robot, "#workspaceOrigin")).isEqualTo("from $TAGMIRROR_WORKSPACE");

        Path other = console.scratch.resolve("other");
        robot.interact(() -> console.shell.model().openWorkspace(other));
        assertThat(text(robot, "#workspaceOrigin")).isEqualTo("opened with File ▸ Open workspace…");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> console.shell.sessions().getSession() != null
                && console.shell.sessions().getSession().directory().equals(other));
    }

    @Test
    void exitRunsTheExitAction(FxRobot robot) {
        robot.interact(stage::requestFocus);
        robot.push(KeyCode.SHORTCUT, KeyCode.Q);
        assertThat(console.exits.get()).isEqualTo(1);

        robot.clickOn("File").clickOn("#menuExit");
        assertThat(console.exits.get()).isEqualTo(2);
    }

    @Test
    void aboutShowsNameAndVersion(FxRobot robot) {
        robot.clickOn("Help").clickOn("#menuAbout");

        DialogPane about = robot.lookup("#aboutDialog").queryAs(DialogPane.class);
        assertThat(about.getHeaderText()).isEqualTo("TagMirror");
        assertThat(about.getContentText()).startsWith("Version dev");
        assertThat(about.getStylesheets()).isEqualTo(Theme.LIGHT.stylesheets());

        Window dialog = about.getScene().getWindow();
        robot.clickOn((Node) about.lookupButton(ButtonType.CLOSE));
        assertThat(dialog.isShowing()).isFalse();
    }

    @Test
    void statusBarCountsBackgroundTasksAndListsThem(FxRobot robot) throws Exception {
        assertThat(text(robot, "#taskStatus")).isEqualTo("Idle");
        CountDownLatch release = new CountDownLatch(1);

        robot.interact(() -> console.runner.submit(BackgroundJob.of("Comparing tag tables", progress -> {
            progress.progress(1, 3);
            return release.await(60, TimeUnit.SECONDS);
        })));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#taskStatus")).isEqualTo("1 task running");

        robot.clickOn("#taskStatus");
        Node taskList = robot.lookup("#taskProgressView").query();
        assertThat(robot.lookup("Comparing tag tables").tryQuery()).isPresent();
        assertThat(stylesheetsAbove(taskList)).as("the pop-over follows the theme")
                .containsAll(Theme.LIGHT.stylesheets());

        release.countDown();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> "Idle".equals(text(robot, "#taskStatus")));
    }

    @Test
    void workerThreadsAreNamed(FxRobot robot) throws Exception {
        String[] name = new String[1];
        CountDownLatch done = new CountDownLatch(1);
        robot.interact(() -> console.runner.submit(BackgroundJob.of("name", progress -> Thread.currentThread().getName())
                .onSuccess(value -> name[0] = value)
                .onFinished(done::countDown)));
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(name[0]).startsWith("tagmirror-worker-");
    }

    private static List<String> stylesheetsAbove(Node node) {
        List<String> sheets = new ArrayList<>();
        for (Parent parent = node.getParent(); parent != null; parent = parent.getParent()) {
            sheets.addAll(parent.getStylesheets());
        }
        return sheets;
    }

    private static String text(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node instanceof Label label ? label.getText() : ((Button) node).getText();
    }

    private static void waitUntilRows(TableView<?> table, int rows) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == rows);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
