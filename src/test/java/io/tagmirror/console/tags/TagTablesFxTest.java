package io.tagmirror.console.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.ConsoleFixture;
import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.blockmap.BlockMapCanvas;
import io.tagmirror.console.blockmap.BlockMapViewModel;
import io.tagmirror.console.blockmap.BlockMapScreen;
import io.tagmirror.console.shell.Section;
import io.tagmirror.engine.Tag;
import io.tagmirror.workspace.index.MatchState;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
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

/** The tag tables side by side and the block map of a diverged mirror, clicked through. */
@ExtendWith(ApplicationExtension.class)
class TagTablesFxTest {

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
    void flagsTheRowsOfADivergedMirrorFiltersThemAndTheBlockMapSelectsThem(FxRobot robot) throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.diverged(console.scratch.resolve("lab"));
        console.openWorkspace(lab.workspace());

        robot.clickOn("#navTagtables");
        TableView<TagRowSlot> table = robot.lookup("#tagTable").queryTableView();
        waitFor(() -> table.getItems().size() == 18);
        assertThat(robot.lookup("#tagOnlyHere").queryAs(Label.class).getText()).isEqualTo("+  6 only here");
        assertThat(robot.lookup("#tagConflicts").queryAs(Label.class).getText()).isEqualTo("✕  2 conflicts");

        // Tag 1:11 reached device a only: its gutter points at a.
        find(robot, "1:11");
        waitFor(() -> selectedTag(table) != null && selectedTag(table).equals(new Tag(1, 11)));
        assertThat(gutterOfSelectedRow(robot).getText()).isEqualTo("◀ only here");
        assertThat(gutterOfSelectedRow(robot).getStyleClass()).contains("match-only-here");
        find(robot, "1:16");
        waitFor(() -> new Tag(1, 16).equals(selectedTag(table)));
        assertThat(gutterOfSelectedRow(robot).getText()).isEqualTo("only here ▶");
        find(robot, "2:1");
        waitFor(() -> new Tag(2, 1).equals(selectedTag(table)));
        assertThat(gutterOfSelectedRow(robot).getText()).isEqualTo("✕ conflict");
        assertThat(gutterOfSelectedRow(robot).getStyleClass()).contains("match-conflict");
        waitFor(() -> robot.lookup("#tagDetails .detail-card").queryAll().size() == 2);

        robot.clickOn("#unmatchedOnly");
        waitFor(() -> table.getItems().size() == 8);
        for (int i = 0; i < 8; i++) {
            assertThat(table.getItems().get(i).getRow().state()).isNotEqualTo(MatchState.MATCHED);
        }

        // The block map: click the cell of block 501, where the two writers' writes conflict.
        robot.clickOn("#navBlockmap");
        BlockMapViewModel map = ((BlockMapScreen) console.shell.model().screen(Section.BLOCK_MAP)).model();
        waitFor(() -> map.levelProperty().get() != null);
        robot.interact(() -> map.zoomOutProperty().set(0));
        BlockMapCanvas canvas = robot.lookup("#blockMap").queryAs(BlockMapCanvas.class);
        robot.interact(() -> canvas.reveal(501));
        double[] centre = canvas.centreOf(501);
        Point2D onScreen = canvas.canvas().localToScreen(centre[0], centre[1]);
        robot.moveTo(onScreen);
        waitFor(() -> map.hoverTextProperty().get().contains("3:1"));
        assertThat(robot.lookup("#blockMapHover").queryAs(Label.class).getText()).startsWith("Block 501 · conflict");
        robot.clickOn(onScreen);

        waitFor(() -> console.shell.model().getSelectedSection() == Section.TAG_TABLES);
        waitFor(() -> table.getItems().size() == 2 && table.getSelectionModel().getSelectedIndices().size() == 2);
        assertThat(table.getItems().get(0).getRow().tag()).isEqualTo(new Tag(2, 1));
        assertThat(table.getItems().get(1).getRow().tag()).isEqualTo(new Tag(3, 1));
    }

    private static void find(FxRobot robot, String tag) {
        robot.clickOn("#tagSearch");
        robot.interact(() -> robot.lookup("#tagSearch").queryTextInputControl().setText(tag));
        robot.clickOn("#findTag");
    }

    private static Tag selectedTag(TableView<TagRowSlot> table) {
        TagRowSlot slot = table.getSelectionModel().getSelectedItem();
        return slot == null || slot.getRow() == null ? null : slot.getRow().tag();
    }

    @SuppressWarnings("unchecked")
    private static Label gutterOfSelectedRow(FxRobot robot) {
        for (Node node : robot.lookup("#tagTable .table-row-cell").queryAll()) {
            TableRow<TagRowSlot> row = (TableRow<TagRowSlot>) node;
            if (row.isSelected() && row.isVisible()) {
                return (Label) row.lookup(".gutter-badge");
            }
        }
        throw new AssertionError("no row is selected");
    }

    private static void waitFor(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
