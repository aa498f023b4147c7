package io.tagmirror.console.tags;

import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionListener;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.TagIndexes;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.Debouncer;
import io.tagmirror.console.task.JobProgress;
import io.tagmirror.console.task.LatestRequest;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.operations.Failures;
import io.tagmirror.workspace.index.IndexRow;
import io.tagmirror.workspace.index.IndexSummary;
import io.tagmirror.workspace.index.Positions;
import io.tagmirror.workspace.index.TagFilter;
import io.tagmirror.workspace.index.TagTableIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and logic of the tag tables screen: the chosen mirror's index (built in the background
 * when missing or out of date, rebuilt after the engine reports a change), its rows under the
 * filter as a {@link PagedTagRows}, search, jump to block, and the details of the selected row.
 *
 * <p>Nothing here reads SQLite or a drive on the FX thread: index builds run as background jobs,
 * pages and searches on a reader thread of their own.
 */
public final class TagTablesViewModel implements AutoCloseable {

    /** Rows between anchors: any page is reached by an offset of less than this. */
    static final int ANCHOR_STRIDE = 2000;
    /** Quiet time after the engine's last event before the index is checked again. */
    static final long REFRESH_DELAY_MILLIS = 750;

    private final SessionViewModel sessions;
    private final TaskRunner tasks;
    private final LatestRequest reads;
    private final UiThread ui;
    private final Notices notices;
    private final MirrorFocus focus;
    private final Debouncer changes;
    private final RowDetailsViewModel details;

    private final ObservableList<MirrorDefinition> mirrors = FXCollections.observableArrayList();
    private final ObjectProperty<MirrorDefinition> mirror;
    private final ReadOnlyObjectWrapper<IndexSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ReadOnlyBooleanWrapper building = new ReadOnlyBooleanWrapper(this, "building", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyObjectWrapper<ObservableList<TagRowSlot>> rows =
            new ReadOnlyObjectWrapper<>(this, "rows", FXCollections.emptyObservableList());
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final BooleanProperty unmatchedOnly = new SimpleBooleanProperty(this, "unmatchedOnly", false);
    private final ObjectProperty<Long> generator = new SimpleObjectProperty<>(this, "generator");
    private final ObservableList<Long> generators = FXCollections.observableArrayList();
    private final ObjectProperty<String> object = new SimpleObjectProperty<>(this, "object");
    private final ObservableList<String> objects = FXCollections.observableArrayList();
    private final StringProperty blockFrom = new SimpleStringProperty(this, "blockFrom", "");
    private final StringProperty blockTo = new SimpleStringProperty(this, "blockTo", "");
    private final ReadOnlyObjectWrapper<BlockRange> blockRange = new ReadOnlyObjectWrapper<>(this, "blockRange");
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    private final StringProperty blockText = new SimpleStringProperty(this, "blockText", "");
    private final ReadOnlyStringWrapper searchMessage = new ReadOnlyStringWrapper(this, "searchMessage", "");
    private final ReadOnlyObjectWrapper<Reveal> reveal = new ReadOnlyObjectWrapper<>(this, "reveal");
    private final ObjectProperty<IndexRow> selectedRow = new SimpleObjectProperty<>(this, "selectedRow");

    private TagTableIndex index;
    private long reveals;
    private boolean rebuildWanted;
    private boolean selectAllWhenLoaded;
    /** Indexes are built once the screen has been shown, not for a screen nobody looked at. */
    private boolean active;

    /** A tag tables model reading pages on a thread of its own. */
    public TagTablesViewModel(SessionViewModel sessions, TaskRunner tasks, UiThread ui, Notices notices,
                              MirrorFocus focus) {
        this(sessions, tasks, null, ui, notices, focus);
    }

    /**
     * @param loader where pages and searches are read; null for a reader thread of its own
     */
    public TagTablesViewModel(SessionViewModel sessions, TaskRunner tasks, Executor loader, UiThread ui,
                              Notices notices, MirrorFocus focus) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.focus = Objects.requireNonNull(focus, "focus");
        this.reads = new LatestRequest("tagmirror-tag-pages", loader, ui);
        this.details = new RowDetailsViewModel(tasks, sessions::getSession);
        this.changes = new Debouncer("tagmirror-tag-tables-refresh", REFRESH_DELAY_MILLIS, ui, this::ensureIndex);
        this.mirror = focus.mirrorProperty();

        mirror.addListener((obs, old, now) -> mirrorChosen(now));
        sessions.sessionProperty().addListener((obs, old, now) -> {
            focus.mirrorProperty().set(null);
            mirrorChosen(null);
            refreshMirrors();
        });
        sessions.catalogRevisionProperty().addListener(obs -> refreshMirrors());
        sessions.addListener(new SessionListener() {
            @Override
            public void mirrorChanged(UUID changed, MirrorEvent event) {
                MirrorDefinition shown = focus.getMirror();
                if (shown != null && shown.uuid().equals(changed)) {
                    changes.trigger();
                }
            }
        });
        unmatchedOnly.addListener(obs -> reloadRows());
        generator.addListener(obs -> reloadRows());
        object.addListener(obs -> reloadRows());
        blockRange.addListener(obs -> reloadRows());
        focus.blocksProperty().addListener((obs, old, range) -> {
            if (range != null) {
                showBlocks(range);
            }
        });
        selectedRow.addListener((obs, old, row) -> details.show(row, summary.get(),
                mirror.get() == null ? 4096 : mirror.get().blockSize()));
    }

    /** Reads the workspace's mirrors for the chooser, keeping the chosen one when it still exists. */
    public void refreshMirrors() {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            mirrors.clear();
            return;
        }
        tasks.submit(BackgroundJob.of("Reading mirrors", p -> session.workspace().mirrors())
                .onSuccess(found -> {
                    mirrors.setAll(found);
                    MirrorDefinition chosen = mirror.get();
                    if (chosen != null && found.stream().noneMatch(m -> m.uuid().equals(chosen.uuid()))) {
                        mirror.set(null);
                    }
                    if (mirror.get() == null && !found.isEmpty()) {
                        mirror.set(found.get(0));
                    }
                })
                .onFailure(failure -> notices.failed("Cannot read the mirrors", failure)));
    }

    /** Called when the screen shows: the mirrors may have changed, and the index may be out of date. */
    public void onShow() {
        active = true;
        if (mirrors.isEmpty()) {
            refreshMirrors();
        } else {
            ensureIndex();
        }
    }

    private void mirrorChosen(MirrorDefinition chosen) {
        reads.dropAll();
        replaceRows(FXCollections.emptyObservableList());
        closeIndex();
        summary.set(null);
        generators.clear();
        objects.clear();
        selectedRow.set(null);
        generator.set(null);
        object.set(null);
        blockRange.set(null);
        blockFrom.set("");
        blockTo.set("");
        searchMessage.set("");
        status.set(chosen == null ? "" : "Reading the tag tables of " + chosen.name() + "…");
        if (chosen != null) {
            ensureIndex();
        }
    }

    /**
     * Makes sure the index matches the devices: a background job checks it and rebuilds it when
     * the tables changed; the rows are then read again. A request while one runs runs once after.
     */
    public void ensureIndex() {
        MirrorDefinition def = mirror.get();
        WorkspaceSession session = sessions.getSession();
        if (def == null || session == null || !active) {
            return;
        }
        if (building.get()) {
            rebuildWanted = true;
            return;
        }
        building.set(true);
        progress.set(-1);
        progressText.set("Checking the index of " + def.name() + "…");
        tasks.submit(BackgroundJob.of("Indexing the tag tables of " + def.name(),
                        job -> session.indexes().ensure(def, monitor(job)))
                .onSuccess(built -> indexReady(def, built))
                .onFailure(failure -> {
                    if (def.equals(mirror.get())) {
                        status.set("The tag tables of " + def.name() + " cannot be indexed: " + Failures.describe(failure));
                        notices.failed("Cannot index the tag tables of " + def.name(), failure);
                    }
                })
                .onFinished(() -> {
                    building.set(false);
                    progressText.set("");
                    if (rebuildWanted) {
                        rebuildWanted = false;
                        ensureIndex();
                    }
                }));
    }

    /** Reports a build's progress to the job, so the status bar and this screen show it. */
    private TaskMonitor monitor(JobProgress job) {
        return new TaskMonitor() {
            @Override
            public void progress(String phase, long done, long total) {
                job.message(phase);
                job.progress(done, total);
                double fraction = total > 0 ? (double) done / total : -1;
                ui.execute(() -> {
                    progress.set(fraction);
                    progressText.set(phase);
                });
            }

            @Override
            public boolean isCancelled() {
                return job.isCancelled();
            }
        };
    }

    private void indexReady(MirrorDefinition def, TagIndexes.Built built) {
        if (!def.equals(mirror.get())) {
            return;
        }
        if (index != null && index.file().equals(built.file())) {
            return;
        }
        reads.next().read(() -> OpenedIndex.open(built.file()), opened -> {
            if (!def.equals(mirror.get())) {
                closeLater(opened.index());
                return;
            }
            closeIndex();
            index = opened.index();
            summary.set(index.summary());
            Long chosenGenerator = generator.get();
            generators.setAll(opened.generators());
            if (chosenGenerator != null && !opened.generators().contains(chosenGenerator)) {
                generator.set(null);
            }
            objects.setAll(index.summary().objectId());
            reloadRows();
        }, failure -> notices.failed("Cannot open the tag table index", failure), opened -> closeLater(opened.index()));
    }

    /** An index opened on the reader, with its generators read there too. */
    private record OpenedIndex(TagTableIndex index, List<Long> generators) {
        static OpenedIndex open(Path file) throws IOException {
            TagTableIndex opened = TagTableIndex.open(file);
            try {
                return new OpenedIndex(opened, opened.generators());
            } catch (IOException e) {
                opened.close();
                throw e;
            }
        }
    }

    /** The filter the controls describe. */
    public TagFilter filter() {
        return new TagFilter(unmatchedOnly.get(), generator.get() == null ? 0 : generator.get(), object.get(),
                blockRange.get());
    }

    /** Reads the filter's count, anchors and first page, then shows a new paged list. */
    private void reloadRows() {
        TagTableIndex current = index;
        if (current == null) {
            return;
        }
        TagFilter filter = filter();
        status.set("Reading…");
        reads.next().read(() -> new FirstPage(current.positions(filter, ANCHOR_STRIDE),
                current.page(filter, null, false, 0, PagedTagRows.PAGE)), page -> {
            Positions positions = page.positions();
            replaceRows(new PagedTagRows(current, filter, positions, page.rows(), reads.reader(), ui,
                    failure -> status.set("Cannot read rows: " + Failures.describe(failure))));
            status.set(describe(positions.count(), filter));
            if (selectAllWhenLoaded) {
                selectAllWhenLoaded = false;
                if (positions.count() > 0) {
                    revealRows(0, (int) Math.min(positions.count(), PagedTagRows.PAGE));
                }
            }
        }, failure -> status.set("Cannot read the index: " + Failures.describe(failure)));
    }

    /** A filter's count and anchors with its first page of rows. */
    private record FirstPage(Positions positions, List<IndexRow> rows) {
    }

    private void replaceRows(ObservableList<TagRowSlot> next) {
        if (rows.get() instanceof PagedTagRows old) {
            old.dispose();
        }
        selectedRow.set(null);
        rows.set(next);
    }

    private String describe(long shown, TagFilter filter) {
        IndexSummary s = summary.get();
        long total = s == null ? shown : s.rows();
        String tags = total == 1 ? "tag" : "tags";
        return filter.isEverything() ? String.format("%,d %s", total, tags)
                : String.format("Showing %,d of %,d %s", shown, total, tags);
    }

    /** Scrolls to {@code tag} (typed as GEN:SEQ) and selects it. */
    public void search() {
        String text = searchText.get() == null ? "" : searchText.get().trim();
        Tag tag;
        try {
            tag = Tag.parse(text);
        } catch (IllegalArgumentException e) {
            searchMessage.set("A tag reads GENERATOR:SEQUENCE, e.g. 1:250.");
            return;
        }
        TagTableIndex current = index;
        if (current == null) {
            return;
        }
        TagFilter filter = filter();
        reads.joinLatest().read(() -> {
            OptionalLong position = current.position(filter, tag);
            return new Found(position, position.isPresent() || current.row(tag).isPresent());
        }, found -> {
            if (found.position().isPresent()) {
                searchMessage.set("");
                revealRows(found.position().getAsLong(), 1);
            } else {
                searchMessage.set(found.exists() ? "Tag " + tag + " is hidden by the filter."
                        : "No device holds tag " + tag + ".");
            }
        }, failure -> searchMessage.set(Failures.describe(failure)));
    }

    /** Where a searched tag is among the rows shown, and whether any device holds it. */
    private record Found(OptionalLong position, boolean exists) {
    }

    /** Scrolls to the first row whose entry covers the block typed, or the next one after it. */
    public void jumpToBlock() {
        long block;
        try {
            block = Long.parseLong(blockText.get().trim().replace(",", ""));
            if (block < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            searchMessage.set("A block is a number from 0.");
            return;
        }
        TagTableIndex current = index;
        if (current == null) {
            return;
        }
        TagFilter filter = filter();
        reads.joinLatest().read(() -> {
            Optional<IndexRow> row = current.rowAtBlock(filter, block);
            return new RowAt(row, row.isPresent() ? current.position(filter, row.get().tag()) : OptionalLong.empty());
        }, found -> {
            if (found.row().isEmpty() || found.position().isEmpty()) {
                searchMessage.set("No entry names block " + block + " or a later one.");
                return;
            }
            TagEntryRange r = TagEntryRange.of(found.row().get());
            searchMessage.set(r.covers(block) ? "" : "No entry names block " + block
                    + "; showing the next one, at block " + r.first() + ".");
            revealRows(found.position().getAsLong(), 1);
        }, failure -> searchMessage.set(Failures.describe(failure)));
    }

    /** The row at or after a block, and its place among the rows shown. */
    private record RowAt(Optional<IndexRow> row, OptionalLong position) {
    }

    /** The block range of a row, as the row's first entry names it. */
    private record TagEntryRange(long first, long end) {
        static TagEntryRange of(IndexRow row) {
            return new TagEntryRange(row.anyEntry().firstBlock(), row.anyEntry().endBlock());
        }

        boolean covers(long block) {
            return block >= first && block < end;
        }
    }

    /** Applies the block range typed in the two fields; both empty clears it. */
    public void applyBlockRange() {
        String from = blockFrom.get() == null ? "" : blockFrom.get().trim().replace(",", "");
        String to = blockTo.get() == null ? "" : blockTo.get().trim().replace(",", "");
        if (from.isEmpty() && to.isEmpty()) {
            blockRange.set(null);
            searchMessage.set("");
            return;
        }
        try {
            long first = from.isEmpty() ? 0 : Long.parseLong(from);
            long last = to.isEmpty() ? first : Long.parseLong(to);
            if (first < 0 || last < first) {
                throw new NumberFormatException();
            }
            blockRange.set(new BlockRange(first, last - first + 1));
            searchMessage.set("");
        } catch (NumberFormatException e) {
            searchMessage.set("Blocks are a range FROM–TO of numbers from 0, FROM not above TO.");
        }
    }

    /** Clears every filter. */
    public void clearFilters() {
        unmatchedOnly.set(false);
        generator.set(null);
        object.set(null);
        blockFrom.set("");
        blockTo.set("");
        blockRange.set(null);
        searchMessage.set("");
    }

    /** Filters to {@code range} and selects its rows once read; used by the block map. */
    private void showBlocks(BlockRange range) {
        active = true;
        focus.blocksProperty().set(null);
        blockFrom.set(Long.toString(range.firstBlock()));
        blockTo.set(Long.toString(range.endBlock() - 1));
        selectAllWhenLoaded = true;
        if (range.equals(blockRange.get())) {
            reloadRows();
        } else {
            blockRange.set(range);
        }
    }

    private void revealRows(long first, int count) {
        reveal.set(new Reveal(first, count, ++reveals));
    }

    private void closeIndex() {
        TagTableIndex old = index;
        index = null;
        if (old != null) {
            closeLater(old);
        }
    }

    /** Closes on the reader, after whatever page it is reading from that index. */
    private void closeLater(TagTableIndex old) {
        reads.reader().execute(() -> {
            try {
                old.close();
            } catch (IOException ignored) {
                // a read-only cache file
            }
        });
    }

    public ObservableList<MirrorDefinition> mirrors() {
        return mirrors;
    }

    /** The mirror shown; the same property as the block map's. */
    public ObjectProperty<MirrorDefinition> mirrorProperty() {
        return mirror;
    }

    /** The index's figures, or null while there is none. */
    public ReadOnlyObjectProperty<IndexSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty buildingProperty() {
        return building.getReadOnlyProperty();
    }

    /** How far an index build is, 0..1, or -1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The rows to show; a new list for every filter and index. */
    public ReadOnlyObjectProperty<ObservableList<TagRowSlot>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** "1,000,000 tags" or "Showing 5,120 of 1,000,000 tags". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanProperty unmatchedOnlyProperty() {
        return unmatchedOnly;
    }

    /** The one generator shown, or null for all. */
    public ObjectProperty<Long> generatorProperty() {
        return generator;
    }

    /** The generators the index holds tags of. */
    public ObservableList<Long> generators() {
        return generators;
    }

    /** The one storage object shown, or null for all. */
    public ObjectProperty<String> objectProperty() {
        return object;
    }

    public ObservableList<String> objects() {
        return objects;
    }

    public StringProperty blockFromProperty() {
        return blockFrom;
    }

    public StringProperty blockToProperty() {
        return blockTo;
    }

    /** The block range applied, or null. */
    public ReadOnlyObjectProperty<BlockRange> blockRangeProperty() {
        return blockRange.getReadOnlyProperty();
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public StringProperty blockTextProperty() {
        return blockText;
    }

    /** What the last search or jump found wrong, or "". */
    public ReadOnlyStringProperty searchMessageProperty() {
        return searchMessage.getReadOnlyProperty();
    }

    /** The latest request to scroll to rows and select them. */
    public ReadOnlyObjectProperty<Reveal> revealProperty() {
        return reveal.getReadOnlyProperty();
    }

    /** The row the view has selected; the details pane follows it. */
    public ObjectProperty<IndexRow> selectedRowProperty() {
        return selectedRow;
    }

    public RowDetailsViewModel details() {
        return details;
    }

    @Override
    public void close() {
        changes.close();
        closeIndex();
        reads.close();
    }
}
