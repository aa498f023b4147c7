package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console's three create dialogs are one form: every label whole beside its field, and the same
 * validation line, in words, below.
 */
@ExtendWith(ApplicationExtension.class)
class CreateFormsFxTest {

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
    void eachCreateDialogShowsEveryLabelWholeAndItsProblemInTheSameLine(FxRobot robot) throws Exception {
        console.openWorkspace(console.workspace);

        robot.clickOn("#createDevice");
        DialogPane device = shown(robot, "#createDeviceDialog");
        assertThat(TextFit.cutOff(device)).isEmpty();
        robot.type(KeyCode.ESCAPE);

        robot.clickOn("#createImageDevice");
        DialogPane image = shown(robot, "#createOnDriveDialog");
        assertThat(TextFit.cutOff(image)).as("the image dialog's labels").isEmpty();
        robot.type(KeyCode.ESCAPE);

        robot.clickOn("#navMirrors");
        robot.clickOn("#createMirror");
        DialogPane mirror = shown(robot, "#createMirrorDialog");
        assertThat(TextFit.cutOff(mirror)).isEmpty();
        Label problem = robot.lookup("#createMirrorProblem").queryAs(Label.class);
        assertThat(problem.getText()).isEqualTo("Name the mirror, e.g. volume-1.");
        assertThat(problem.getStyleClass()).contains("form-problem");
        robot.type(KeyCode.ESCAPE);
    }

    private static DialogPane shown(FxRobot robot, String id) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup(id).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(id).queryAs(DialogPane.class);
    }
}
