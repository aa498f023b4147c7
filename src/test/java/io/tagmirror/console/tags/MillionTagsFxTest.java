package io.tagmirror.console.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.ConsoleFixture;
import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.shell.Section;
import io.tagmirror.engine.Tag;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
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
 * A million entries per device: the first page appears without the FX thread ever waiting for the
 * index, and the window answers clicks while it builds. Prints its times; asserts none of them.
 */
@ExtendWith(ApplicationExtension.class)
class MillionTagsFxTest {

    static final int ENTRIES = 1_000_000;
    static final int MISSED = 1_000;

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
    void aMillionEntriesPerDeviceOpenWhileTheWindowStaysResponsive(FxRobot robot) throws Exception {
        long fillStart = System.nanoTime();
        TestWorkspaces.Lab lab = TestWorkspaces.big(console.scratch.resolve("big"), ENTRIES, MISSED);
        System.out.printf("filled 2 x %,d entries in %.2f s%n", ENTRIES, seconds(fillStart));
        console.openWorkspace(lab.workspace());

        // The longest gap between two frames while the index builds: a blocked FX thread shows here.
        AtomicLong lastFrame = new AtomicLong();
        AtomicLong longestGap = new AtomicLong();
        AnimationTimer frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long last = lastFrame.getAndSet(now);
                if (last != 0) {
                    longestGap.accumulateAndGet(now - last, Math::max);
                }
            }
        };

        long opened = System.nanoTime();
        robot.clickOn("#navTagtables");
        TagTablesViewModel model = ((TagTablesScreen) console.shell.model().screen(Section.TAG_TABLES)).model();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.buildingProperty().get());
        robot.interact(frames::start);

        // While the index builds, another screen opens at a click, and the way back too.
        robot.clickOn("#navDevices");
        assertThat(console.shell.model().getSelectedSection()).isEqualTo(Section.DEVICES);
        boolean stillBuilding = model.buildingProperty().get();
        robot.clickOn("#navTagtables");
        assertThat(console.shell.model().getSelectedSection()).isEqualTo(Section.TAG_TABLES);

        TableView<TagRowSlot> table = robot.lookup("#tagTable").queryTableView();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> table.getItems().size() == ENTRIES
                && table.getItems().get(0).getRow() != null);
        double firstPage = seconds(opened);
        robot.interact(frames::stop);
        System.out.printf("first page of %,d tags after %.2f s (index built in %.2f s); clicks answered while "
                        + "building: %s; longest frame gap while building: %.0f ms%n", ENTRIES, firstPage,
                model.summaryProperty().get().buildSeconds(), stillBuilding, longestGap.get() / 1e6);
        assertThat(model.summaryProperty().get().onlySome()).isEqualTo(MISSED);

        // The middle of the table: its page is read when it comes into view, by key from an anchor.
        long scrolled = System.nanoTime();
        robot.interact(() -> table.scrollTo(ENTRIES / 2));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().get(ENTRIES / 2).getRow() != null);
        System.out.printf("row %,d shown %.0f ms after scrolling to it%n", ENTRIES / 2, seconds(scrolled) * 1000);
        assertThat(table.getItems().get(ENTRIES / 2).getRow().tag()).isEqualTo(new Tag(1, ENTRIES / 2));

        robot.clickOn("#unmatchedOnly");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == MISSED);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
