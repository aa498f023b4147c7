package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.operations.MirrorEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
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
 * The console tells of a mirror's events as desktop notifications while it runs: the same events
 * {@code tagmirror monitor} tells, found by the console's watch off the FX thread, shown as a ControlsFX
 * notification beside the window.
 */
@ExtendWith(ApplicationExtension.class)
class MirrorEventNotificationFxTest {

    private final ConsoleFixture console = new ConsoleFixture();

    @Start
    void start(Stage stage) {
        console.open(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        console.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void aMemberThatGoesAwayRaisesANotificationWithTheMonitorsSentence(FxRobot robot) throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.lab(console.scratch, (a, b, objectId) -> { });
        console.openWorkspace(lab.workspace());
        // a healthy mirror: nothing to tell
        assertThat(console.shell.events().check()).isEmpty();
        assertThat(notifications(robot)).isEmpty();

        Path away = lab.deviceB().resolveSibling("b-unplugged");
        Files.move(lab.deviceB(), away);
        assertThat(console.shell.events().check()).extracting(MirrorEvent::kind)
                .as("told once: by this check, or by the watch's own when it read first").isSubsetOf(MirrorEvent.Kind.MEMBER_OFFLINE);
        waitUntil(() -> !notifications(robot).isEmpty());
        Node bar = notifications(robot).iterator().next();
        List<String> texts = robot.from(bar).lookup((Node n) -> n instanceof Label).queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertThat(texts).contains("Mirror lab: member offline");
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("member " + lab.deviceB() + " of mirror lab is offline")
                .contains(";\nthe others take the writes"));
        assertThat(bar.getScene().getWindow()).as("a popup of its own, not a node of the console's window")
                .isNotSameAs(console.shell.stage());
    }

    /** The notification bars shown now, in whatever window ControlsFX put them. */
    private static Set<Node> notifications(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".notification-bar").queryAll();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
