package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.mirrors.MirrorRow;
import io.tagmirror.console.repair.RepairWizardViewModel;
import io.tagmirror.console.repair.WizardStep;
import io.tagmirror.console.session.DemoWorkspace;
import io.tagmirror.console.shell.Section;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Mirrors screen, left open beside the wizard, shows the verify the wizard just ran. */
@ExtendWith(ApplicationExtension.class)
class LastVerifyFxTest {

    private final ConsoleFixture console = new ConsoleFixture();
    private Workflows workflows;

    @Start
    void start(Stage stage) {
        workflows = console.workflows();
        console.openWithWorkflows(stage, workflows);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> workflows.requestStop(() -> { })).get(30, TimeUnit.SECONDS);
        workflows.close();
        console.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void theWizardsVerifyShowsAsLastVerifyWithoutLeavingTheScreen(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> console.shell.sessions().open(console.workspace, true,
                console.shell.model()::openWorkspace)).get(60, TimeUnit.SECONDS);
        waitUntil(() -> console.shell.sessions().getSession() != null && DemoWorkspace.isPresent(console.workspace));
        robot.interact(() -> console.shell.model().show(Section.MIRRORS));
        TableView<MirrorRow> mirrors = robot.lookup("#mirrorsTable").queryTableView();
        waitUntil(() -> mirrors.getItems().size() == 1);
        assertThat(mirrors.getItems().get(0).lastVerify()).isNull();

        robot.interact(() -> workflows.openRepairWizard(mirrors, DemoWorkspace.MIRROR));
        RepairWizardViewModel wizard = workflows.wizards().get(0).model();
        waitUntil(() -> wizard.chooseStep().mirrorProperty().get() != null && !wizard.busyProperty().get());
        robot.interact(wizard::next);
        waitUntil(() -> wizard.getStep() == WizardStep.PRECHECK && wizard.canGoNextProperty().get());
        robot.interact(wizard::next);
        waitUntil(() -> wizard.getStep() == WizardStep.REVIEW && !wizard.busyProperty().get());
        robot.interact(wizard::next);
        waitUntil(() -> wizard.getStep() == WizardStep.CONFIRM);
        robot.interact(() -> wizard.confirmStep().confirmedProperty().set(true));
        robot.interact(wizard::next);
        waitUntil(() -> wizard.getStep() == WizardStep.VERIFY && !wizard.busyProperty().get());
        robot.interact(wizard::next);
        waitUntil(() -> wizard.getStep() == WizardStep.REPORT);

        waitUntil(() -> mirrors.getItems().size() == 1 && mirrors.getItems().get(0).lastVerify() != null);
        assertThat(mirrors.getItems().get(0).lastVerify()).endsWith(" · identical");
        assertThat(console.shell.model().getSelectedSection()).isEqualTo(Section.MIRRORS);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
