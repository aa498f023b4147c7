package io.tagmirror.console.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.TextFit;
import io.tagmirror.console.Workflows;
import io.tagmirror.console.history.HistoryRow;
import io.tagmirror.console.history.HistoryScreen;
import io.tagmirror.console.repair.PlanRow;
import io.tagmirror.console.repair.PreChecks;
import io.tagmirror.console.repair.RepairWizardViewModel;
import io.tagmirror.console.repair.WizardStep;
import io.tagmirror.console.task.BackgroundTaskRunner;
import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.console.ui.Theme;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.WorkflowFixture;
import io.tagmirror.console.workflow.WorkflowNavigator;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole demo, headless, the way an administrator clicks through it: a replay with faults leaves the
 * mirror diverged; the wizard compares it, shows exactly the blocks the faults made differ, repairs and
 * verifies it identical; and the history holds every step.
 */
@ExtendWith(ApplicationExtension.class)
class WholeDemoFxTest {

    @TempDir
    static Path tmp;

    private static int run;
    private WorkflowFixture fixture;
    private BackgroundTaskRunner runner;
    private Workflows workflows;
    private VBox root;
    private final List<String> saved = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        fixture = WorkflowFixture.create(tmp.resolve("run" + ++run));
        runner = new BackgroundTaskRunner(new BackgroundTasks());
        FilePicker files = new FilePicker() {
            @Override
            public Optional<Path> save(Window owner, String title, String initialName) {
                saved.add(initialName);
                return Optional.of(fixture.root.resolve(initialName));
            }

            @Override
            public Optional<Path> open(Window owner, String title) {
                return Optional.empty();
            }
        };
        workflows = new Workflows(runner, null, UiThread.FX, files, PreChecks.FreeSpace.SYSTEM)
                .bind(fixture.access, WorkflowNavigator.NONE);
        ReplayScreen replay = workflows.replayScreen();
        root = new VBox(replay.view());
        VBox.setVgrow(replay.view(), Priority.ALWAYS);
        Scene scene = new Scene(root, 1280, 800);
        Theme.LIGHT.applyTo(scene);
        stage.setScene(scene);
        stage.show();
        replay.onShow();
    }

    @AfterEach
    void tearDown() throws Exception {
        CountDownLatchRunnable stopped = new CountDownLatchRunnable();
        WaitForAsyncUtils.asyncFx(() -> workflows.requestStop(stopped)).get(30, TimeUnit.SECONDS);
        stopped.await();
        workflows.close();
        runner.close();
        FxToolkit.cleanupStages();
        fixture.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void replayWithFaultsThenWizardRepairsExactlyWhatDivergedAndHistoryHasEveryStep(FxRobot robot) throws Exception {
        ReplayViewModel replay = workflows.replayScreen().model();
        waitUntil(() -> replay.form().devices().size() == 2);

        robot.clickOn("#replayDemoPlan");
        robot.clickOn("#replayStart");
        waitUntil(() -> replay.stateProperty().get() == RunState.FINISHED);
        assertThat(text(robot, "#replayStateAfter")).contains("Diverged");
        assertThat(replay.summaryProperty().get().crashed()).isTrue();

        robot.clickOn("#replayOpenWizard");
        waitUntil(() -> !workflows.wizards().isEmpty());
        RepairWizardViewModel wizard = workflows.wizards().get(0).model();
        waitUntil(() -> WorkflowFixture.MIRROR.equals(wizard.chooseStep().mirrorProperty().get()) && !wizard.busyProperty().get());
        robot.clickOn("#wizardNext");
        waitUntil(() -> wizard.getStep() == WizardStep.PRECHECK && wizard.canGoNextProperty().get());
        robot.clickOn("#wizardNext");
        waitUntil(() -> wizard.getStep() == WizardStep.REVIEW);

        TableView<PlanRow> plan = robot.lookup("#planTable").queryTableView();
        TreeSet<Long> shown = new TreeSet<>();
        for (PlanRow r : plan.getItems()) {
            for (long b = r.firstBlock(); b < r.firstBlock() + r.blockCount(); b++) {
                shown.add(b);
            }
        }
        assertThat(shown).isEqualTo(DivergenceModel.DEMO_PLAN.divergentBlocks(WorkflowFixture.SIZE_BYTES,
                WorkflowFixture.BLOCK_SIZE));
        assertThat(text(robot, "#reviewSummary")).contains(plan.getItems().size() + " ranges to copy");

        robot.clickOn("#saveDryRun");
        waitUntil(() -> Files.exists(fixture.root.resolve("lab-dry-run.json")));

        robot.clickOn("#wizardNext");
        waitUntil(() -> wizard.getStep() == WizardStep.CONFIRM);
        assertThat(robot.lookup("#wizardNext").queryButton().isDisabled()).as("needs the confirmation").isTrue();
        robot.clickOn("#confirmCheck");
        robot.clickOn("#wizardNext");
        waitUntil(() -> wizard.getStep() == WizardStep.VERIFY && !wizard.busyProperty().get());
        robot.clickOn("#wizardNext");
        waitUntil(() -> wizard.getStep() == WizardStep.REPORT);
        assertThat(text(robot, "#reportVerify")).startsWith("identical");
        assertThat(text(robot, "#reportResult")).contains("repaired, verified identical");
        assertThat(robot.lookup("#alternativesTable").queryTableView().getItems()).hasSize(4);

        robot.clickOn("#exportReport");
        Path exported = fixture.root.resolve("lab-repair-report.json");
        waitUntil(() -> Files.exists(exported) && Files.size(exported) > 0);
        assertThat(Json.MAPPER.readTree(exported.toFile()).path("compare").path("alternatives")).hasSize(4);
        robot.clickOn("#wizardNext");
        waitUntil(() -> workflows.wizards().isEmpty());

        HistoryScreen history = workflows.historyScreen();
        WaitForAsyncUtils.asyncFx(() -> {
            Node view = history.view();
            root.getChildren().setAll(view);
            VBox.setVgrow(view, Priority.ALWAYS);
            history.onShow();
        }).get(60, TimeUnit.SECONDS);
        waitUntil(() -> robot.lookup("#historyTable").tryQuery().isPresent());
        TableView<HistoryRow> table = robot.lookup("#historyTable").queryTableView();
        waitUntil(() -> table.getItems().size() == 4);
        assertThat(table.getItems()).extracting(HistoryRow::kind).containsExactly("verify", "repair", "compare", "replay");
        assertThat(table.getItems()).extracting(HistoryRow::result)
                .containsExactly("identical", "repaired", "diverged", "crashed");
        robot.clickOn(robot.lookup("#historyTable .table-row-cell").nth(1).queryAs(Node.class));
        assertThat(robot.lookup("#historyFigures").queryTextInputControl().getText()).contains("\"entriesAfter\"");
    }

    @Test
    void closingWhileAReplayRunsAsksThenStopsItSafely(FxRobot robot) throws Exception {
        ReplayViewModel replay = workflows.replayScreen().model();
        waitUntil(() -> replay.form().devices().size() == 2);
        WaitForAsyncUtils.asyncFx(() -> {
            replay.form().countProperty().set("1000000");
            replay.form().rateLimitProperty().set("500");
        }).get(60, TimeUnit.SECONDS);
        robot.clickOn("#replayStart");
        waitUntil(() -> replay.stateProperty().get() == RunState.RUNNING);

        AtomicInteger closed = new AtomicInteger();
        boolean now = WaitForAsyncUtils.asyncFx(() -> workflows.confirmClose(root, closed::incrementAndGet))
                .get(60, TimeUnit.SECONDS);
        assertThat(now).isFalse();
        assertThat(workflows.runningDescription()).isEqualTo("a workload replay on mirror lab");
        robot.clickOn("#confirmButton");
        waitUntil(() -> closed.get() == 1);
        assertThat(replay.summaryProperty().get().stopped()).isTrue();
        assertThat(fixture.workspace().history(null, 5)).extracting(Workspace.HistoryEntry::result)
                .containsExactly("stopped");
        assertThat(workflows.isRunning()).isFalse();
    }

    @Test
    void aWrongFieldIsMarkedAndItsReasonShowsBesideItWithoutScrolling(FxRobot robot) throws Exception {
        ReplayViewModel replay = workflows.replayScreen().model();
        waitUntil(() -> replay.form().devices().size() == 2);
        robot.clickOn("#replayLimit").write("-1");
        robot.clickOn("#replayRate").write("fast");
        robot.doubleClickOn("#replayCount").write("lots");
        WaitForAsyncUtils.waitForFxEvents();

        TextField limit = robot.lookup("#replayLimit").queryAs(TextField.class);
        assertThat(limit.getPseudoClassStates()).extracting(PseudoClass::getPseudoClassName).contains("wrong");
        assertThat(robot.lookup(".field-problem").match(Node::isVisible).queryAllAs(Label.class))
                .extracting(Label::getText).contains("Stop after: give a whole number of 0 or more.");
        Label reason = robot.lookup(".field-problem").match(Node::isVisible)
                .match((Label l) -> l.getText().startsWith("Stop after")).queryAs(Label.class);
        assertThat(reason.getParent().getChildrenUnmodifiable()).contains(limit);
        ScrollPane form = robot.lookup("#replayForm").queryAs(ScrollPane.class);
        Bounds shown = form.localToScene(form.getLayoutBounds());
        Bounds at = reason.localToScene(reason.getLayoutBounds());
        assertThat(at.getMaxY()).as("inside the form as it is scrolled now").isLessThanOrEqualTo(shown.getMaxY());
        assertThat(robot.lookup("#replayStart").queryButton().isDisabled()).isTrue();
        assertThat(TextFit.cutOff(root)).as("the form's labels keep their width as the reasons make it scroll")
                .isEmpty();
    }

    /** Counts down once run, so a test can wait for a callback on the FX thread. */
    private static final class CountDownLatchRunnable implements Runnable {
        private final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void run() {
            latch.countDown();
        }

        void await() throws InterruptedException {
            latch.await(60, TimeUnit.SECONDS);
        }
    }
}
