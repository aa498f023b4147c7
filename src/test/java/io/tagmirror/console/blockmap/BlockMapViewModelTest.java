package io.tagmirror.console.blockmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.BlockRange;
import io.tagmirror.workspace.index.MatchState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block map's cells, zoom, hover and selection, without a stage. */
class BlockMapViewModelTest {

    @TempDir
    Path dir;

    @Test
    void cellsTakeTheWorstStateOfTheirBlocksAtEveryZoom() {
        BlockMapData data = BlockMapData.empty(1000);
        data.mark(10, 2, MatchState.MATCHED);
        data.mark(11, 1, MatchState.ONLY_SOME);
        data.mark(998, 10, MatchState.CONFLICT);

        BlockMapLevel finest = data.level(0);
        assertThat(finest.cells()).isEqualTo(1000);
        assertThat(finest.state(10)).isEqualTo(BlockMapData.MATCHED);
        assertThat(finest.state(11)).isEqualTo(BlockMapData.DIVERGED);
        assertThat(finest.state(999)).isEqualTo(BlockMapData.CONFLICT);

        BlockMapLevel coarse = data.level(3);
        assertThat(coarse.blocksPerCell()).isEqualTo(8);
        assertThat(coarse.state(1)).isEqualTo(BlockMapData.DIVERGED);
        assertThat(coarse.rangeOf(124)).isEqualTo(new BlockRange(992, 8));
        assertThat(coarse.counts()[BlockMapData.CONFLICT]).isEqualTo(1);
    }

    @Test
    void aHugeVolumeKeepsAtMostAMillionCells() {
        BlockMapData data = BlockMapData.empty(1L << 32);
        assertThat(data.level(0).cells()).isLessThanOrEqualTo(BlockMapData.MAX_CELLS);
        assertThat(data.blocksPerCell()).isEqualTo(4096);
    }

    @Test
    void drawsTheMirrorAndAClickedCellSelectsItsEntriesInTheTagTables() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.diverged(dir);
        Notices notices = new Notices();
        SessionViewModel sessions = new SessionViewModel(new DirectTaskRunner(), UiThread.INLINE, notices);
        sessions.open(lab.workspace(), false, path -> { });
        MirrorFocus focus = new MirrorFocus();
        List<Section> shown = new ArrayList<>();
        BlockMapViewModel model = new BlockMapViewModel(sessions, new DirectTaskRunner(), Runnable::run,
                UiThread.INLINE, notices, focus, shown::add);
        try {
            focus.mirrorProperty().set(lab.mirror());
            model.refresh();

            BlockMapLevel level = model.levelProperty().get();
            assertThat(level).isNotNull();
            assertThat(level.volumeBlocks()).isEqualTo(1024);
            model.zoomOutProperty().set(0);
            level = model.levelProperty().get();
            assertThat(level.state(501)).isEqualTo(BlockMapData.CONFLICT);
            assertThat(level.state(110)).isEqualTo(BlockMapData.DIVERGED);
            assertThat(level.state(10)).isEqualTo(BlockMapData.MATCHED);
            assertThat(level.state(900)).isEqualTo(BlockMapData.CLEAN);

            model.hover(501);
            assertThat(model.hoverTextProperty().get()).startsWith("Block 501 · conflict")
                    .contains("2 entries: 2:1 (conflict), 3:1 (conflict)");

            model.select(501);
            assertThat(focus.blocksProperty().get()).isEqualTo(new BlockRange(501, 1));
            assertThat(shown).containsExactly(Section.TAG_TABLES);
            assertThat(model.statusProperty().get()).contains("18 tags");
        } finally {
            model.close();
            sessions.close();
        }
    }
}
