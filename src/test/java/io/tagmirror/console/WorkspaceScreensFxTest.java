package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.mirrors.MirrorRow;
import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.engine.MirrorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives, devices and mirrors clicked through as an administrator would, on a real workspace. */
@ExtendWith(ApplicationExtension.class)
class WorkspaceScreensFxTest {

    private final ConsoleFixture console = new ConsoleFixture();

    @Start
    void start(Stage stage) {
        console.open(stage);
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        console.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void createTwoDevicesAMirrorTakeADeviceOfflineAndBackThenDeleteTheMirror(FxRobot robot) throws Exception {
        console.openWorkspace(console.workspace);
        Path devices = Files.createDirectories(console.scratch.resolve("drive"));

        // Drives: create the first device on the selected drive.
        TableView<DeviceSummary> onDrive = robot.lookup("#driveDevicesTable").queryTableView();
        createDevice(robot, devices.resolve("a"), "4096");
        waitFor(() -> onDrive.getItems().size() == 1);

        // A folder that holds something is refused with the engine's words, and nothing is touched.
        Path full = Files.createDirectories(devices.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "data");
        robot.clickOn("#createDevice");
        fill(robot, "#deviceFolder", full.toString());
        robot.clickOn("#createDeviceButton");
        Label problem = robot.lookup("#createDeviceProblem").queryAs(Label.class);
        waitFor(() -> problem.getText() != null && problem.getText().contains("is not empty"));
        assertThat(problem.getText()).doesNotContain("Exception");
        robot.clickOn("Cancel");
        assertThat(full.resolve("keep.txt")).hasContent("data");

        // Devices: the second device, with another block size offered and then fixed.
        robot.clickOn("#navDevices");
        TableView<DeviceSummary> known = robot.lookup("#devicesTable").queryTableView();
        waitFor(() -> known.getItems().size() == 1);
        createDevice(robot, devices.resolve("b"), "4096");
        waitFor(() -> known.getItems().size() == 2);
        assertThat(known.getItems()).allSatisfy(d -> assertThat(d.reachable()).isTrue());

        // Mirrors: create one over both devices.
        robot.clickOn("#navMirrors");
        robot.clickOn("#createMirror");
        waitFor(() -> robot.lookup("#createMirrorDialog").tryQuery().isPresent());
        fill(robot, "#mirrorName", "volume-1");
        fill(robot, "#mirrorSize", "1MiB");
        Label mirrorProblem = robot.lookup("#createMirrorProblem").queryAs(Label.class);
        assertThat(mirrorProblem.getText()).startsWith("Pick at least two devices");
        for (Node box : robot.lookup("#mirrorDevices .check-box").queryAll()) {
            robot.clickOn(box);
        }
        assertThat(mirrorProblem.getText()).isNull();
        robot.clickOn("#createMirrorButton");
        TableView<MirrorRow> mirrors = robot.lookup("#mirrorsTable").queryTableView();
        waitFor(() -> mirrors.getItems().size() == 1 && mirrors.getItems().get(0).state() == MirrorState.IN_SYNC);
        assertThat(robot.lookup("#mirrorsTable .badge.state-in-sync").tryQuery()).isPresent();

        // Take device b offline: the mirror is degraded; back online: it has missed nothing yet but is stale.
        TableView<?> members = robot.lookup("#membersTable").queryTableView();
        waitFor(() -> members.getItems().size() == 2);
        robot.clickOn(robot.lookup("#membersTable .table-row-cell").nth(1).queryAs(Node.class));
        robot.clickOn("#takeOffline");
        waitFor(() -> mirrors.getItems().get(0).state() == MirrorState.DEGRADED);
        assertThat(robot.lookup("#mirrorsTable .badge.state-degraded").tryQuery()).isPresent();
        robot.clickOn("#bringOnline");
        waitFor(() -> mirrors.getItems().get(0).state() == MirrorState.DIVERGED);

        // Delete: the confirmation names each object file; confirming deletes them and the catalog entry.
        String objectId = mirrors.getItems().get(0).definition().objectId();
        robot.clickOn("#deleteMirror");
        waitFor(() -> robot.lookup("#" + Dialogs.CONFIRM_DIALOG).tryQuery().isPresent());
        DialogPane confirm = robot.lookup("#" + Dialogs.CONFIRM_DIALOG).queryAs(DialogPane.class);
        assertThat(confirm.getContentText())
                .contains(devices.resolve("a").resolve("objects").resolve(objectId).toString())
                .contains(devices.resolve("b").resolve("objects").resolve(objectId).toString());
        robot.clickOn("#" + Dialogs.CONFIRM_BUTTON);
        waitFor(() -> mirrors.getItems().isEmpty());
        assertThat(devices.resolve("a").resolve("objects").resolve(objectId)).doesNotExist();
        assertThat(devices.resolve("b").resolve("objects").resolve(objectId)).doesNotExist();
        assertThat(robot.lookup("No mirrors yet").tryQuery()).isPresent();
    }

    private void createDevice(FxRobot robot, Path folder, String blockSize) throws TimeoutException {
        robot.clickOn("#createDevice");
        waitFor(() -> robot.lookup("#createDeviceDialog").tryQuery().isPresent());
        fill(robot, "#deviceFolder", folder.toString());
        ComboBox<?> size = robot.lookup("#deviceBlockSize").queryAs(ComboBox.class);
        robot.interact(() -> size.getEditor().setText(blockSize));
        robot.clickOn("#createDeviceButton");
        waitFor(() -> robot.lookup("#createDeviceDialog").tryQuery().isEmpty());
    }

    /** Types into a field the way a paste would: the text arrives whole, as the robot would type it. */
    private static void fill(FxRobot robot, String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(field);
        robot.interact(() -> field.setText(text));
    }

    private static void waitFor(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
