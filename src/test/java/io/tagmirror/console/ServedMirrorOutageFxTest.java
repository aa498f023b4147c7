package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.console.mirrors.MemberRow;
import io.tagmirror.console.mirrors.MirrorRow;
import io.tagmirror.console.repair.PreCheck;
import io.tagmirror.console.repair.RepairWizardViewModel;
import io.tagmirror.console.repair.WizardStep;
import io.tagmirror.console.replay.ReplayViewModel;
import io.tagmirror.console.replay.RunState;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.shell.Section;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.operations.VerifyOperation;
import io.tagmirror.serve.ControlProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
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

/**
 * A mirror served from the console and written by a real client (nbdcopy): a member taken offline from
 * the Mirrors screen while served, written past, brought back online and resynchronised in the
 * background as the view shows, and the members identical at the end. While it is served, neither the
 * repair wizard nor a replay can take the mirror.
 */
@ExtendWith(ApplicationExtension.class)
class ServedMirrorOutageFxTest {

    private static final String NAME = "vol1";
    private static final int SIZE = 16 << 20;
    /** Slow enough that the view shows the resync under way: 16 MiB missed take about 8 s. */
    private static final int RESYNC_MIB_PER_SECOND = 2;

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
    void aMemberTakenOfflineWhileServedIsResynchronisedInTheViewAndTheMembersEndIdentical(FxRobot robot)
            throws Exception {
        assumeTrue(onPath("nbdcopy"), "nbdcopy is not installed (apt-get install libnbd-bin)");
        console.openWorkspace(console.workspace);
        WorkspaceSession session = console.shell.sessions().getSession();
        Path a = console.scratch.resolve("a");
        Path b = console.scratch.resolve("b");
        DeviceCreation.create(session.workspace(), a, 4096);
        DeviceCreation.create(session.workspace(), b, 4096);
        MirrorDefinition definition = MirrorCreation.create(session.workspace(), NAME, SIZE, List.of(a, b),
                session.deviceAccess()).definition();
        session.catalogChanged();

        robot.interact(() -> console.shell.model().show(Section.MIRRORS));
        TableView<MirrorRow> mirrors = robot.lookup("#mirrorsTable").queryTableView();
        waitUntil(() -> mirrors.getItems().size() == 1 && mirrors.getSelectionModel().getSelectedItem() != null);
        Spinner<Integer> rate = robot.lookup("#serveResyncRate").queryAs(Spinner.class);
        robot.interact(() -> rate.getValueFactory().setValue(RESYNC_MIB_PER_SECOND));
        closeNotifications(robot);
        robot.clickOn("#serveMirror");
        TextField address = robot.lookup("#serveAddress").query();
        waitUntil(() -> !address.getText().isEmpty());
        String uri = address.getText().split(" {2}")[0];
        // a shell reaches the mirror the console serves through its control socket, as it reaches 'tagmirror serve'
        ControlProtocol.Reply status = ControlClient.find(session.workspace(), NAME).orElseThrow()
                .run(List.of("mirror", "status", NAME), TaskMonitor.NONE);
        assertThat(status.out()).as(status.err()).contains("served by process " + ProcessHandle.current().pid() + " at " + uri);

        Random random = new Random(15);
        Path first = image("first", random);
        nbdcopy(first.toString(), uri);

        // b offline from its row while served: the mirror is degraded, and b misses the second image
        waitUntil(() -> robot.lookup("#membersTable .table-row-cell").nth(1).tryQuery().isPresent());
        robot.clickOn(robot.lookup("#membersTable .table-row-cell").nth(1).queryAs(Node.class));
        robot.clickOn("#takeOffline");
        waitUntil(() -> mirrors.getItems().get(0).state() == MirrorState.DEGRADED
                && !member(mirrors, b).online());
        Path second = image("second", random);
        nbdcopy(second.toString(), uri);

        refusedWhileServed(robot, mirrors);

        // back online: the resync runs in the background, its progress in the view, while the client writes
        robot.interact(() -> console.shell.model().show(Section.MIRRORS));
        robot.clickOn(robot.lookup("#membersTable .table-row-cell").nth(1).queryAs(Node.class));
        robot.clickOn("#bringOnline");
        Label resync = robot.lookup("#serveResync").queryAs(Label.class);
        waitUntil(() -> resync.getText().startsWith("Resynchronising b: "));
        String underWay = resync.getText();
        assertThat(underWay).matches("Resynchronising .*: \\d+(\\.\\d)?% \\([\\d,]+ of [\\d,]+ blocks\\)");
        Path third = image("third", random);
        nbdcopy(third.toString(), uri);
        waitUntil(() -> resync.getText().equals("Resync of b: in sync"));
        waitUntil(() -> mirrors.getItems().get(0).state() == MirrorState.IN_SYNC);
        // offline again, the last resync's end is no longer shown as if the member were in sync
        robot.clickOn(robot.lookup("#membersTable .table-row-cell").nth(1).queryAs(Node.class));
        robot.clickOn("#takeOffline");
        waitUntil(() -> !member(mirrors, b).online());
        waitUntil(() -> resync.getText().isEmpty());
        robot.clickOn("#bringOnline");
        waitUntil(() -> resync.getText().equals("Resync of b: in sync"));

        Path back = console.scratch.resolve("back.img");
        nbdcopy(uri, back.toString());
        assertThat(Arrays.mismatch(Files.readAllBytes(back), Files.readAllBytes(third)))
                .as("first byte read back that differs from the last image written").isEqualTo(-1);

        closeNotifications(robot);
        robot.clickOn("#stopServing");
        waitUntil(() -> address.getText().isEmpty());
        VerifyReport verified = VerifyOperation.run(session.operable(definition), TaskMonitor.NONE).report();
        assertThat(verified.identical()).as(verified.toString()).isTrue();
    }

    /** The repair wizard's pre-checks and a replay are both refused the served mirror, with the way out. */
    private void refusedWhileServed(FxRobot robot, TableView<MirrorRow> mirrors) throws Exception {
        robot.clickOn("#openRepairWizard");
        waitUntil(() -> !workflows.wizards().isEmpty());
        RepairWizardViewModel wizard = workflows.wizards().get(0).model();
        waitUntil(() -> wizard.chooseStep().mirrorProperty().get() != null && !wizard.busyProperty().get());
        robot.interact(wizard::next);
        waitUntil(() -> wizard.getStep() == WizardStep.PRECHECK && !wizard.busyProperty().get()
                && !wizard.preCheckStep().checks().isEmpty());
        assertThat(wizard.canGoNextProperty().get()).isFalse();
        assertThat(wizard.preCheckStep().checks()).filteredOn(PreCheck::blocks).extracting(PreCheck::detail)
                .singleElement().asString().contains("served over NBD").contains("stop serving it");
        robot.interact(() -> workflows.wizards().get(0).stage().close());

        robot.interact(() -> console.shell.model().show(Section.MIRRORS));
        robot.clickOn("#openReplay");
        ReplayViewModel replay = workflows.replayScreen().model();
        waitUntil(() -> NAME.equals(replay.mirrorProperty().get()) && replay.form().devices().size() == 2);
        robot.clickOn("#replayStart");
        waitUntil(() -> replay.stateProperty().get() == RunState.FAILED);
        assertThat(replay.errorProperty().get()).contains("served over NBD").contains("stop serving it");
        assertThat(mirrors.getItems().get(0).state()).isEqualTo(MirrorState.DEGRADED);
    }

    private static MemberRow member(TableView<MirrorRow> mirrors, Path location) {
        return mirrors.getItems().get(0).members().stream().filter(m -> m.location().equals(location.toString()))
                .findFirst().orElseThrow();
    }

    private Path image(String name, Random random) throws IOException {
        byte[] data = new byte[SIZE];
        random.nextBytes(data);
        return Files.write(console.scratch.resolve(name + ".img"), data);
    }

    /** Runs nbdcopy, started by this test and killed by its own handle if it overruns. */
    private void nbdcopy(String from, String to) throws Exception {
        Path log = Files.createTempFile(console.scratch, "nbdcopy", ".log");
        Process p = new ProcessBuilder("nbdcopy", from, to).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("nbdcopy did not end in 120 s");
        }
        assertThat(p.exitValue()).as("nbdcopy " + from + " " + to + ": " + Files.readString(log, StandardCharsets.UTF_8))
                .isZero();
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
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
