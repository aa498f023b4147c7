package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.repair.RepairWizard;
import io.tagmirror.console.repair.RepairWizardViewModel;
import io.tagmirror.console.repair.WizardStep;
import io.tagmirror.console.replay.ReplayViewModel;
import io.tagmirror.console.replay.RunState;
import io.tagmirror.console.session.DemoWorkspace;
import io.tagmirror.console.shell.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Every screen of the console on the demo workspace, the replay's summary and each step of the wizard,
 * at 1280×800 and at 1600×1000: no text the administrator needs is cut off.
 *
 * <p>The workspace lies at a path as long as a default one ({@code /home/admin/.local/share/tagmirror}).
 */
@ExtendWith(ApplicationExtension.class)
class ScreensFitFxTest {

    private final ConsoleFixture console = new ConsoleFixture();
    private Workflows workflows;
    private Stage stage;
    private Path home;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        workflows = console.workflows();
        console.openWithWorkflows(stage, workflows);
        home = Files.createTempDirectory("tm");
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> workflows.requestStop(() -> { })).get(30, TimeUnit.SECONDS);
        workflows.close();
        console.close();
        FxToolkit.cleanupStages();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void nothingIsCutOffAt1280By800(FxRobot robot) throws Exception {
        assertThat(cutOffEverywhere(robot, 1280, 800)).isEmpty();
    }

    @Test
    void nothingIsCutOffAt1600By1000(FxRobot robot) throws Exception {
        assertThat(cutOffEverywhere(robot, 1600, 1000)).isEmpty();
    }

    private List<String> cutOffEverywhere(FxRobot robot, double width, double height) throws Exception {
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(width);
            stage.setHeight(height);
        });
        Path workspace = home.resolve("tagmirror");
        WaitForAsyncUtils.asyncFx(() -> console.shell.sessions().open(workspace, true, console.shell.model()::openWorkspace))
                .get(60, TimeUnit.SECONDS);
        waitUntil(() -> console.shell.sessions().getSession() != null && DemoWorkspace.isPresent(workspace));

        List<String> found = new ArrayList<>();
        for (Section section : Section.values()) {
            robot.interact(() -> console.shell.model().show(section));
            settle();
            TextFit.cutOff(stage.getScene().getRoot()).forEach(f -> found.add(section + ": " + f));
        }

        robot.interact(() -> console.shell.model().show(Section.REPLAY));
        ReplayViewModel replay = workflows.replayScreen().model();
        waitUntil(() -> replay.form().devices().size() == 2);
        press(robot, "#replayDemoPlan");
        press(robot, "#replayStart");
        waitUntil(() -> replay.stateProperty().get() == RunState.FINISHED);
        settle();
        TextFit.cutOff(stage.getScene().getRoot()).forEach(f -> found.add("replay done: " + f));

        press(robot, "#replayOpenWizard");
        waitUntil(() -> !workflows.wizards().isEmpty());
        RepairWizard wizard = workflows.wizards().get(0);
        RepairWizardViewModel model = wizard.model();
        robot.interact(() -> {
            wizard.stage().setX(0);
            wizard.stage().setY(0);
            wizard.stage().setWidth(width);
            wizard.stage().setHeight(height);
        });
        waitUntil(() -> model.chooseStep().mirrorProperty().get() != null && !model.busyProperty().get());
        check(wizard, found);
        press(robot, "#wizardNext");
        waitUntil(() -> model.getStep() == WizardStep.PRECHECK && model.canGoNextProperty().get());
        check(wizard, found);
        press(robot, "#wizardNext");
        waitUntil(() -> model.getStep() == WizardStep.REVIEW);
        check(wizard, found);
        press(robot, "#wizardNext");
        waitUntil(() -> model.getStep() == WizardStep.CONFIRM);
        press(robot, "#confirmCheck");
        check(wizard, found);
        press(robot, "#wizardNext");
        waitUntil(() -> model.getStep() == WizardStep.VERIFY && !model.busyProperty().get());
        check(wizard, found);
        press(robot, "#wizardNext");
        waitUntil(() -> model.getStep() == WizardStep.REPORT);
        check(wizard, found);
        press(robot, "#wizardNext");
        waitUntil(() -> workflows.wizards().isEmpty());

        robot.interact(() -> console.shell.model().show(Section.MIRRORS));
        settle();
        TextFit.cutOff(stage.getScene().getRoot()).forEach(f -> found.add("mirrors after the wizard: " + f));
        found.forEach(f -> System.out.println(width + "x" + height + " " + f));
        return found;
    }

    private void check(RepairWizard wizard, List<String> found) throws Exception {
        settle();
        String step = wizard.model().getStep().name();
        TextFit.cutOff(wizard.stage().getScene().getRoot()).forEach(f -> found.add("wizard " + step + ": " + f));
    }

    /**
     * Presses the button {@code id} after closing the desktop notifications the mirror events bring (the
     * replay's member that missed writes is stale when the mirror is assembled again after the crash):
     * they sit in the bottom right corner, over the replay's next steps and the wizard's Next, as an
     * administrator would close them before reaching for those.
     */
    private static void press(FxRobot robot, String id) {
        robot.interact(() -> new java.util.ArrayList<>(javafx.stage.Window.getWindows()).stream()
                .filter(w -> w instanceof javafx.stage.PopupWindow && w.isShowing()).forEach(javafx.stage.Window::hide));
        robot.clickOn(id);
    }

    /** Waits until the background work a screen started is done and laid out. */
    private void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(() -> console.backgroundTasks.runningCountProperty().get() == 0);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
