package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.mirrors.MemberRow;
import io.tagmirror.console.shell.Section;
import io.tagmirror.operations.DeviceAccess;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
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

/**
 * A mirror member that is offline for a long reason, at 1280×800: its badge reads "Offline" whole, the
 * reason stays inside the table beside it, and the whole reason is in the cell's tooltip.
 */
@ExtendWith(ApplicationExtension.class)
class MemberStateFitFxTest {

    private final ConsoleFixture console = new ConsoleFixture();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        console.open(stage);
    }

    @AfterEach
    void tearDown() throws TimeoutException {
        console.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void anOfflineMembersBadgeStaysWholeBesideALongReason(FxRobot robot) throws Exception {
        console.openWorkspace(console.workspace);
        Path shelf = Files.createDirectories(console.scratch.resolve("devices of the lab mirror on the second shelf"));
        Workspace ws = console.shell.sessions().getSession().workspace();
        Path a = DeviceCreation.create(ws, shelf.resolve("device-a"), 4096).path();
        Path b = DeviceCreation.create(ws, shelf.resolve("device-b"), 4096).path();
        MirrorCreation.create(ws, "lab", 1 << 20, List.of(a, b), DeviceAccess.exclusive());
        // device-b's folder is gone: the mirror comes up without it, saying why at length
        try (Stream<Path> files = Files.walk(b)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
            console.shell.sessions().getSession().catalogChanged();
            console.shell.model().show(Section.MIRRORS);
        });
        TableView<MemberRow> members = robot.lookup("#membersTable").queryTableView();
        waitFor(() -> members.getItems().size() == 2 && !members.getItems().get(1).online());
        String state = members.getItems().get(1).describeState();
        assertThat(state).as("a reason longer than the column").hasSizeGreaterThan(80);

        TableCell<?, ?> cell = robot.lookup("#membersTable .table-cell").match(c -> c instanceof TableCell<?, ?> t
                && t.getTableColumn() != null && "State".equals(t.getTableColumn().getText()) && t.getItem() instanceof MemberRow m && !m.online()).query();
        Label badge = robot.from(cell).lookup(".badge").queryAs(Label.class);
        assertThat(TextFit.cutOff(badge)).as("the badge").isEmpty();
        assertThat(shownText(badge)).isEqualTo("○  Offline");
        Label reason = robot.from(cell).lookup("#memberStateReason").queryAs(Label.class);
        Bounds shown = reason.localToScene(reason.getLayoutBounds());
        Bounds table = members.localToScene(members.getLayoutBounds());
        Bounds column = cell.localToScene(cell.getLayoutBounds());
        assertThat(shown.getMaxX()).as("the reason ends inside its column").isLessThanOrEqualTo(column.getMaxX() + 0.5);
        assertThat(column.getMaxX()).isLessThanOrEqualTo(table.getMaxX());
        assertThat(cell.getTooltip()).isNotNull();
        assertThat(cell.getTooltip().getText()).isEqualTo(state);
    }

    /** What a label shows: its LabeledText, which ends in "…" when the label is cut. */
    private static String shownText(Label label) {
        for (Node child : label.getChildrenUnmodifiable()) {
            if (child instanceof javafx.scene.text.Text t) {
                return t.getText();
            }
        }
        return null;
    }

    private static void waitFor(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
