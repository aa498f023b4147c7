package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.tagmirror.console.drives.DriveInfo;
import io.tagmirror.console.drives.SystemFileStoreSource;
import io.tagmirror.console.settings.InMemoryConsoleSettings;
import io.tagmirror.console.settings.WindowGeometry;
import io.tagmirror.console.shell.Screen;
import io.tagmirror.console.shell.Section;
import io.tagmirror.operations.disks.DiskSurvey;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** What the console remembers between runs, and the real drives of the machine running the test. */
class ConsoleShellFxTest {

    private ConsoleFixture console;

    @AfterEach
    void tearDown() throws TimeoutException {
        if (console != null) {
            console.close();
        }
        FxToolkit.cleanupStages();
    }

    private ConsoleShell open(InMemoryConsoleSettings settings) throws Exception {
        console = new ConsoleFixture(settings);
        Stage stage = FxToolkit.registerPrimaryStage();
        return WaitForAsyncUtils.asyncFx(() -> console.open(stage)).get(60, TimeUnit.SECONDS);
    }

    private ConsoleShell openWithRealDrives() throws Exception {
        console = new ConsoleFixture();
        Stage stage = FxToolkit.registerPrimaryStage();
        return WaitForAsyncUtils.asyncFx(() -> console.open(stage, new SystemFileStoreSource()))
                .get(60, TimeUnit.SECONDS);
    }

    @Test
    void restoresRememberedGeometryDividerThemeAndSection() throws Exception {
        InMemoryConsoleSettings settings = new InMemoryConsoleSettings();
        new WindowGeometry(40, 30, 1000, 640, false).save(settings, ConsoleShell.WINDOW_KEY);
        settings.put(ConsoleShell.DIVIDER_KEY, "0.25");
        settings.put("theme", "DARK");
        settings.put("section", "HISTORY");

        ConsoleShell shell = open(settings);
        WaitForAsyncUtils.waitForFxEvents();

        Stage stage = shell.stage();
        assertThat(stage.getX()).isEqualTo(40);
        assertThat(stage.getY()).isEqualTo(30);
        assertThat(stage.getWidth()).isEqualTo(1000);
        assertThat(stage.getHeight()).isEqualTo(640);
        SplitPane split = shell.window().splitPane();
        assertThat(split.getDividerPositions()[0]).isEqualTo(0.25, offset(0.01));
        assertThat(shell.model().getSelectedSection()).isEqualTo(Section.HISTORY);
        assertThat(stage.getScene().getStylesheets().get(1)).endsWith("tagmirror-dark.css");
    }

    @Test
    void savesGeometryAndDividerForTheNextRun() throws Exception {
        InMemoryConsoleSettings settings = new InMemoryConsoleSettings();
        ConsoleShell shell = open(settings);

        WaitForAsyncUtils.asyncFx(() -> {
            shell.stage().setX(12);
            shell.stage().setWidth(1100);
        }).get(60, TimeUnit.SECONDS);
        // The narrower window is laid out before the divider is moved: that layout keeps the navigation's
        // width, which moves the divider, and on a busy machine it came after the 0.3 below and replaced it.
        Scene scene = shell.stage().getScene();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> scene.getWidth() == 1100);
        WaitForAsyncUtils.asyncFx(() -> {
            scene.getRoot().layout();
            shell.window().splitPane().setDividerPositions(0.3);
            shell.saveState();
        }).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> scene.getRoot().layout()).get(60, TimeUnit.SECONDS);

        WindowGeometry saved = WindowGeometry.load(settings, ConsoleShell.WINDOW_KEY).orElseThrow();
        assertThat(saved.x()).isEqualTo(12);
        assertThat(saved.width()).isEqualTo(1100);
        assertThat(saved.maximized()).isFalse();
        assertThat(settings.getDouble(ConsoleShell.DIVIDER_KEY).orElseThrow())
                .isEqualTo(0.3, offset(0.01));
    }

    @Test
    void geometryOffEveryScreenFallsBackToTheDefault() throws Exception {
        InMemoryConsoleSettings settings = new InMemoryConsoleSettings();
        new WindowGeometry(-50_000, -50_000, 900, 600, false).save(settings, ConsoleShell.WINDOW_KEY);

        ConsoleShell shell = open(settings);

        assertThat(shell.stage().getX()).isGreaterThanOrEqualTo(0);
        assertThat(shell.stage().getWidth()).isEqualTo(1280);
    }

    @Test
    void aLaterScreenPlugsInThroughTheBuilder() throws Exception {
        console = new ConsoleFixture();
        Stage stage = FxToolkit.registerPrimaryStage();
        Label mirrors = new Label("3 mirrors");
        Screen screen = new Screen() {
            @Override
            public String title() {
                return "Mirrors";
            }

            @Override
            public Node view() {
                return mirrors;
            }
        };
        ConsoleServices services = new ConsoleServices(console.settings, console.runner, console.backgroundTasks,
                new AppInfo("TagMirror", "dev"));
        // The made-up disks, not the machine's, and the shell handed to the fixture, which closes it: left
        // open, its watch of the machine's disks outlived the test, and a loop device a later test attached
        // had it survey them on the task runner the fixture had closed, failing whichever test ran then.
        ConsoleShell shell = WaitForAsyncUtils.asyncFx(() -> ConsoleShell.builder(services)
                .fileStores(() -> ConsoleFixture.DRIVES)
                .diskSurvey(new DiskSurvey(console.disks.tree()))
                .screen(Section.MIRRORS, s -> screen)
                .onExit(() -> { })
                .open(stage)).get(60, TimeUnit.SECONDS);
        console.shell = shell;

        new FxRobot().clickOn("#navMirrors");

        assertThat(shell.model().getCurrentScreen()).isSameAs(screen);
        assertThat(mirrors.getScene()).isSameAs(stage.getScene());
    }

    @Test
    void drivesTableShowsTheMachinesOwnDrives() throws Exception {
        ConsoleShell shell = openWithRealDrives();
        // The table sits in a split pane, whose items join the scene graph at the first layout pass.
        WaitForAsyncUtils.waitForFxEvents();
        TableView<DriveInfo> table = new FxRobot().lookup("#drivesTable").queryTableView();

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());

        assertThat(table.getItems()).allSatisfy(drive -> assertThat(drive.mountPoint()).isNotBlank());
        assertThat(shell.model().getCurrentScreen().title()).isEqualTo("Drives");
    }
}
