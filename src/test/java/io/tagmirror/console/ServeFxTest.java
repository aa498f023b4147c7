package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.mirrors.MirrorRow;
import io.tagmirror.console.session.DemoWorkspace;
import io.tagmirror.console.shell.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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

/** The Mirrors screen's Serve controls: the demo's mirror served on its socket with its address, then stopped. */
@ExtendWith(ApplicationExtension.class)
class ServeFxTest {

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
    void theDemosMirrorIsServedAndStoppedFromItsButtons(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> console.shell.sessions().open(console.workspace, true,
                console.shell.model()::openWorkspace)).get(10, TimeUnit.SECONDS);
        waitUntil(() -> console.shell.sessions().getSession() != null && DemoWorkspace.isPresent(console.workspace));
        robot.interact(() -> console.shell.model().show(Section.MIRRORS));
        TableView<MirrorRow> mirrors = robot.lookup("#mirrorsTable").queryTableView();
        waitUntil(() -> mirrors.getItems().size() == 1 && mirrors.getSelectionModel().getSelectedItem() != null);
        Button serve = robot.lookup("#serveMirror").queryButton();
        Button stop = robot.lookup("#stopServing").queryButton();
        waitUntil(() -> !serve.isDisabled());
        assertThat(stop.isDisabled()).isTrue();

        robot.clickOn(serve);

        Path socket = console.workspace.resolve("run").resolve(DemoWorkspace.MIRROR + ".sock");
        TextField address = robot.lookup("#serveAddress").query();
        waitUntil(() -> !stop.isDisabled() && !address.getText().isEmpty());
        assertThat(address.getText()).isEqualTo("nbd+unix:///" + DemoWorkspace.MIRROR + "?socket=" + socket.toAbsolutePath());
        assertThat(Files.exists(socket)).isTrue();
        assertThat(serve.isDisabled()).isTrue();
        assertThat(robot.lookup("#serveCommands").<TextArea>query().getText()).contains("qemu-system-x86_64");

        robot.clickOn(stop);

        waitUntil(() -> !serve.isDisabled() && address.getText().isEmpty());
        assertThat(Files.exists(socket)).isFalse();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
