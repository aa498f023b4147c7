package io.tagmirror.console.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.QueuedUi;
import io.tagmirror.console.TestWorkspaces;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.index.IndexSource;
import io.tagmirror.workspace.index.Positions;
import io.tagmirror.workspace.index.TagFilter;
import io.tagmirror.workspace.index.TagTableIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paged list behind the tag table: rows appear as their pages are read, and only those pages are. */
class PagedTagRowsTest {

    static final int ROWS = 5000;

    @TempDir
    Path dir;

    private TagTableIndex index;
    private final List<Runnable> reads = new ArrayList<>();
    private final Executor queuedReads = reads::add;
    private final QueuedUi ui = new QueuedUi();

    @BeforeEach
    void build() throws Exception {
        TestWorkspaces.Lab lab = TestWorkspaces.big(dir, ROWS, 100);
        MirrorDefinition mirror = lab.mirror();
        try (DirectoryDevice a = DirectoryDevice.open(lab.deviceA(), true);
             DirectoryDevice b = DirectoryDevice.open(lab.deviceB(), true)) {
            index = TagTableIndex.build(dir.resolve("index.db"), mirror, List.of(
                    IndexSource.of(a.uuid(), "a", a.tagTable()), IndexSource.of(b.uuid(), "b", b.tagTable())),
                    TaskMonitor.NONE);
        }
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private PagedTagRows rows(TagFilter filter) throws Exception {
        Positions positions = index.positions(filter, 1000);
        return new PagedTagRows(index, filter, positions, index.page(filter, null, false, 0, PagedTagRows.PAGE),
                queuedReads, ui, failure -> { throw new AssertionError(failure); });
    }

    private void runReads() {
        while (!reads.isEmpty()) {
            new ArrayList<>(reads).forEach(r -> {
                reads.remove(r);
                r.run();
            });
            ui.drain();
        }
    }

    @Test
    void theFirstPageIsThereAtOnceAndOthersArriveWhenRead() throws Exception {
        PagedTagRows rows = rows(TagFilter.ALL);

        assertThat(rows).hasSize(ROWS);
        assertThat(rows.get(0).getRow().tag()).isEqualTo(new Tag(1, 0));
        TagRowSlot far = rows.get(3210);
        assertThat(far.getRow()).as("not read yet").isNull();
        assertThat(far.index()).isEqualTo(3210);

        runReads();

        assertThat(far.getRow().tag()).isEqualTo(new Tag(1, 3210));
        assertThat(rows.loadedRow(3210)).isSameAs(far.getRow());
        assertThat(rows.loadedRow(4900)).isNull();
    }

    @Test
    void theNextPageStartsAfterTheLastTagOfTheOneBefore() throws Exception {
        PagedTagRows rows = rows(TagFilter.ALL.withUnmatchedOnly(true));
        assertThat(rows).hasSize(100);

        assertThat(rows.get(0).getRow().tag()).isEqualTo(new Tag(1, ROWS - 100));
        assertThat(rows.get(99).getRow()).as("on the first page").isNotNull();
    }

    @Test
    void aFastScrollReadsOnlyTheNewestPagesAndKeepsABoundedCache() throws Exception {
        PagedTagRows rows = rows(TagFilter.ALL);
        List<TagRowSlot> asked = new ArrayList<>();
        for (int page = 1; page < 25; page++) {
            asked.add(rows.get(page * PagedTagRows.PAGE));
        }
        runReads();

        long read = asked.stream().filter(slot -> slot.getRow() != null).count();
        assertThat(read).as("the first request and the newest ones").isLessThanOrEqualTo(PagedTagRows.MAX_WANTED + 1);
        assertThat(asked.get(asked.size() - 1).getRow()).isNotNull();
    }

    @Test
    void aDisposedListReadsNothingMore() throws Exception {
        PagedTagRows rows = rows(TagFilter.ALL);
        TagRowSlot slot = rows.get(4000);
        rows.dispose();
        runReads();

        assertThat(slot.getRow()).isNull();
    }
}
