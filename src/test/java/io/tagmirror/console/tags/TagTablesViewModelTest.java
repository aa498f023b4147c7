package io.tagmirror.console.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.Tag;
import io.tagmirror.workspace.index.IndexRow;
import io.tagmirror.workspace.index.MatchState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tag tables' model on its own, everything run inline: index, filters, search, block focus, details. */
class TagTablesViewModelTest {

    @TempDir
    Path dir;

    private final MirrorFocus focus = new MirrorFocus();
    private SessionViewModel sessions;
    private TagTablesViewModel model;

    @BeforeEach
    void open() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.diverged(dir);
        Notices notices = new Notices();
        sessions = new SessionViewModel(new DirectTaskRunner(), UiThread.INLINE, notices);
        sessions.open(lab.workspace(), false, path -> { });
        model = new TagTablesViewModel(sessions, new DirectTaskRunner(), Runnable::run, UiThread.INLINE, notices, focus);
        model.onShow();
    }

    @AfterEach
    void close() {
        model.close();
        sessions.close();
    }

    private List<IndexRow> rows() {
        ObservableList<TagRowSlot> slots = model.rowsProperty().get();
        List<IndexRow> out = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            out.add(slots.get(i).getRow());
        }
        return out;
    }

    @Test
    void showsOneRowPerTagWithItsMatchState() {
        assertThat(model.mirrorProperty().get().name()).isEqualTo("lab");
        List<IndexRow> rows = rows();

        assertThat(rows).hasSize(18);
        assertThat(rows.get(0).state()).isEqualTo(MatchState.MATCHED);
        assertThat(rows.get(10).tag()).isEqualTo(new Tag(1, 11));
        assertThat(rows.get(10).state()).isEqualTo(MatchState.ONLY_SOME);
        assertThat(rows.get(10).isOn(0)).isTrue();
        assertThat(rows.get(15).isOn(1)).as("1:16 is on b only").isTrue();
        assertThat(rows.get(16).state()).isEqualTo(MatchState.CONFLICT);
        assertThat(rows.get(17).state()).isEqualTo(MatchState.CONFLICT);
        assertThat(model.summaryProperty().get().unmatched()).isEqualTo(8);
        assertThat(model.statusProperty().get()).isEqualTo("18 tags");
    }

    @Test
    void filtersToUnmatchedToOneGeneratorAndToBlocks() {
        model.unmatchedOnlyProperty().set(true);
        assertThat(rows()).hasSize(8).allSatisfy(r -> assertThat(r.state()).isNotEqualTo(MatchState.MATCHED));
        assertThat(model.statusProperty().get()).isEqualTo("Showing 8 of 18 tags");

        model.generatorProperty().set(3L);
        assertThat(rows()).extracting(IndexRow::tag).containsExactly(new Tag(3, 1));

        model.clearFilters();
        model.blockFromProperty().set("100");
        model.blockToProperty().set("125");
        model.applyBlockRange();
        assertThat(rows()).extracting(r -> r.tag().toString()).containsExactly("1:10", "1:11", "1:12");
        assertThat(model.generators()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void searchSelectsATagOrSaysWhyItIsNotShown() {
        model.searchTextProperty().set("3:1");
        model.search();
        assertThat(model.revealProperty().get().index()).isEqualTo(17);

        model.unmatchedOnlyProperty().set(true);
        model.searchTextProperty().set("1:5");
        model.search();
        assertThat(model.searchMessageProperty().get()).isEqualTo("Tag 1:5 is hidden by the filter.");

        model.searchTextProperty().set("9:9");
        model.search();
        assertThat(model.searchMessageProperty().get()).isEqualTo("No device holds tag 9:9.");

        model.searchTextProperty().set("nonsense");
        model.search();
        assertThat(model.searchMessageProperty().get()).contains("GENERATOR:SEQUENCE");
    }

    @Test
    void jumpsToTheRowOfABlock() {
        model.blockTextProperty().set("502");
        model.jumpToBlock();
        assertThat(model.revealProperty().get().index()).isEqualTo(16);

        model.blockTextProperty().set("12");
        model.jumpToBlock();
        assertThat(model.searchMessageProperty().get()).contains("showing the next one, at block 20");
    }

    @Test
    void blocksPickedOnTheMapAreFilteredAndSelected() {
        focus.blocksProperty().set(new BlockRange(500, 4));

        assertThat(rows()).extracting(r -> r.tag().toString()).containsExactly("2:1", "3:1");
        assertThat(model.revealProperty().get().index()).isZero();
        assertThat(model.revealProperty().get().count()).isEqualTo(2);
        assertThat(focus.blocksProperty().get()).as("consumed").isNull();
        assertThat(model.blockFromProperty().get()).isEqualTo("500");
    }

    @Test
    void theDetailsShowEachDevicesEntryAndItsDataChecksum() {
        model.selectedRowProperty().set(rows().get(16));

        List<DeviceDetail> details = model.details().devices();
        assertThat(details).hasSize(2);
        assertThat(details.get(0).entry().tag()).isEqualTo(new Tag(2, 1));
        assertThat(details.get(1).entry()).as("b holds 3:1 there, not 2:1").isNull();
        assertThat(details).allSatisfy(d -> assertThat(d.dataChecksum()).isNotNull());
        assertThat(details.get(0).dataMatchesEntry()).as("nothing was written: the blocks read as zeros").isFalse();
    }
}
