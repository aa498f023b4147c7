package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.mirrors.MirrorRow;
import io.tagmirror.console.session.DemoWorkspace;
import io.tagmirror.console.shell.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Mirrors screen's Serve controls: the demo's mirror served on its socket with its address, then stopped. */
@ExtendWith(ApplicationExtension.class)
class ServeFxTest {

    private final ConsoleFixture console = new ConsoleFixture();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        console.open(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        console.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void theDemosMirrorIsServedAndStoppedFromItsButtons(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> console.shell.sessions().open(console.workspace, true,
                console.shell.model()::openWorkspace)).get(60, TimeUnit.SECONDS);
        waitUntil(() -> console.shell.sessions().getSession() != null && DemoWorkspace.isPresent(console.workspace));
        robot.interact(() -> console.shell.model().show(Section.MIRRORS));
        TableView<MirrorRow> mirrors = robot.lookup("#mirrorsTable").queryTableView();
        waitUntil(() -> mirrors.getItems().size() == 1 && mirrors.getSelectionModel().getSelectedItem() != null);
        Button serve = robot.lookup("#serveMirror").queryButton();
        Button stop = robot.lookup("#stopServing").queryButton();
        waitUntil(() -> !serve.isDisabled());
        assertThat(stop.isDisabled()).isTrue();

        closeNotifications(robot);
        robot.clickOn(serve);

        Path socket = console.workspace.resolve("run").resolve(DemoWorkspace.MIRROR + ".sock");
        TextField address = robot.lookup("#serveAddress").query();
        waitUntil(() -> !stop.isDisabled() && !address.getText().isEmpty());
        assertThat(address.getText()).isEqualTo("nbd+unix:///" + DemoWorkspace.MIRROR + "?socket=" + socket.toAbsolutePath());
        assertThat(Files.exists(socket)).isTrue();
        assertThat(serve.isDisabled()).isTrue();
        assertThat(robot.lookup("#serveCommands").<TextArea>query().getText()).contains("qemu-system-x86_64");
        assertServedPartsShownWhole(robot, 1280, 800);

        // a refresh of the list (as every write's entries bring) reselects the mirror: the charts go on
        LineChart<?, ?> rates = robot.lookup("#serveRateChart").queryAs(LineChart.class);
        waitUntil(() -> rates.getData().get(1).getData().size() >= 3);
        MirrorRow listed = mirrors.getItems().get(0);
        robot.clickOn("#refreshMirrors");
        waitUntil(() -> mirrors.getItems().get(0) != listed && mirrors.getSelectionModel().getSelectedItem() != null);
        assertThat(rates.getData().get(1).getData()).as("the write chart's points after a refresh").hasSizeGreaterThanOrEqualTo(3);
        // the headless screen's size: a window larger than it is not drawn
        assertServedPartsShownWhole(robot, 1600, 1000);
        assertServedPartsShownWhole(robot, 1280, 800);

        closeNotifications(robot);
        robot.clickOn(stop);

        waitUntil(() -> !serve.isDisabled() && address.getText().isEmpty());
        assertThat(Files.exists(socket)).isFalse();
    }

    /**
     * At a window of {@code width}×{@code height}, the clients, both charts, the address and the buttons
     * that take a member offline and back lie inside the window at no less than their smallest size.
     */
    private void assertServedPartsShownWhole(FxRobot robot, double width, double height) throws Exception {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Scene scene = stage.getScene();
        for (String id : new String[] {"#serveRateChart", "#serveLatencyChart", "#serveClients", "#serveAddress",
                "#stopServing", "#takeOffline", "#bringOnline", "#membersTable", "#mirrorsTable"}) {
            Region node = robot.lookup(id).queryAs(Region.class);
            Bounds b = node.localToScene(node.getLayoutBounds());
            assertThat(node.isVisible()).as(id + " visible").isTrue();
            assertThat(b.getMinY()).as(id + " top at " + width + "x" + height).isGreaterThanOrEqualTo(0);
            assertThat(b.getMaxY()).as(id + " bottom at " + width + "x" + height).isLessThanOrEqualTo(scene.getHeight());
            assertThat(b.getMaxX()).as(id + " right at " + width + "x" + height).isLessThanOrEqualTo(scene.getWidth());
            assertThat(b.getHeight()).as(id + " height at " + width + "x" + height)
                    .isGreaterThanOrEqualTo(node.minHeight(-1) - 0.5);
        }
        // both devices' rows fit whole in their table
        TableView<?> members = robot.lookup("#membersTable").queryTableView();
        Node secondRow = robot.lookup("#membersTable .table-row-cell").nth(1).query();
        Bounds row = secondRow.localToScene(secondRow.getLayoutBounds());
        assertThat(row.getMaxY()).as("second device's row at " + width + "x" + height)
                .isLessThanOrEqualTo(members.localToScene(members.getLayoutBounds()).getMaxY());
    }

    /**
     * Closes the desktop notifications the mirror events bring (the demo's stale member, a resync's end):
     * they sit in the window's bottom right corner, over the serve bar's buttons, as an administrator
     * would close them before reaching for those.
     */
    private static void closeNotifications(FxRobot robot) {
        robot.interact(() -> new java.util.ArrayList<>(javafx.stage.Window.getWindows()).stream()
                .filter(w -> w instanceof javafx.stage.PopupWindow && w.isShowing()).forEach(javafx.stage.Window::hide));
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
