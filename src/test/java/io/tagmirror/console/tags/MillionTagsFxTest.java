package io.tagmirror.console.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.ConsoleFixture;
import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.shell.Section;
import io.tagmirror.engine.Tag;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 * A million entries per device: the table shows them through the paged list, which reads from the
 * index only the pages that come into view (never the million rows), and the window answers clicks
 * while the index builds. How long building and paging take is a figure of {@code tagmirror bench}'s
 * compare part (the console's tag index), not asserted here: tests never assert on time.
 */
@ExtendWith(ApplicationExtension.class)
class MillionTagsFxTest {

    static final int ENTRIES = 1_000_000;
    static final int MISSED = 1_000;
    /** Pages one screen of rows can need: the page in view, and the next when the screen straddles two. */
    static final int PAGES_PER_SCREEN = 2;

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
    void aMillionEntriesPerDeviceAreShownReadingOnlyThePagesInViewAndClicksAreAnsweredMeanwhile(FxRobot robot)
            throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.big(console.scratch.resolve("big"), ENTRIES, MISSED);
        console.openWorkspace(lab.workspace());

        robot.clickOn("#navTagtables");
        TagTablesViewModel model = ((TagTablesScreen) console.shell.model().screen(Section.TAG_TABLES)).model();
        // While the index builds, another screen opens at a click, and the way back too.
        robot.clickOn("#navDevices");
        assertThat(console.shell.model().getSelectedSection()).isEqualTo(Section.DEVICES);
        robot.clickOn("#navTagtables");
        assertThat(console.shell.model().getSelectedSection()).isEqualTo(Section.TAG_TABLES);

        TableView<TagRowSlot> table = robot.lookup("#tagTable").queryTableView();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> table.getItems().size() == ENTRIES
                && table.getItems().get(0).getRow() != null);
        assertThat(model.summaryProperty().get().onlySome()).isEqualTo(MISSED);
        assertThat(table.getItems()).as("the table shows a paged list, not a list of every row")
                .isInstanceOf(PagedTagRows.class);
        PagedTagRows rows = (PagedTagRows) table.getItems();
        WaitForAsyncUtils.waitForFxEvents();
        long firstScreen = rows.pagesRead();
        // the first page comes with the list: at most the next one was read
        assertThat(firstScreen).as("pages read to show the first screen").isLessThanOrEqualTo(PAGES_PER_SCREEN - 1);

        // The middle of the table: its page is read when it comes into view, by key from an anchor.
        robot.interact(() -> table.scrollTo(ENTRIES / 2));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().get(ENTRIES / 2).getRow() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems().get(ENTRIES / 2).getRow().tag()).isEqualTo(new Tag(1, ENTRIES / 2));
        assertThat(rows.pagesRead() - firstScreen).as("pages read for the screen in the middle, of %,d pages",
                ENTRIES / PagedTagRows.PAGE).isLessThanOrEqualTo(PAGES_PER_SCREEN);
        AtomicLong loaded = new AtomicLong();
        robot.interact(() -> {
            for (int i = 0; i < ENTRIES; i++) {
                loaded.addAndGet(rows.loadedRow(i) != null ? 1 : 0);
            }
        });
        assertThat(loaded.get()).as("rows held in memory").isLessThanOrEqualTo((1L + 2 * PAGES_PER_SCREEN) * PagedTagRows.PAGE);

        robot.clickOn("#unmatchedOnly");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == MISSED);
    }
}
