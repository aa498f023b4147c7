package io.tagmirror.console.blockmap;

import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.MirrorHandle;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionListener;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.TagIndexes;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.Debouncer;
import io.tagmirror.console.task.JobProgress;
import io.tagmirror.console.task.LatestRequest;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.CompareOperation;
import io.tagmirror.operations.Failures;
import io.tagmirror.workspace.index.IndexRow;
import io.tagmirror.workspace.index.IndexSummary;
import io.tagmirror.workspace.index.MatchState;
import io.tagmirror.workspace.index.TagFilter;
import io.tagmirror.workspace.index.TagTableIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * State and logic of the block map: the chosen mirror's blocks as cells, marked from its tag
 * table index (and a compare, when one is run here), zoom, what the pointer is over, and a click
 * that selects the cell's entries in the tag tables.
 */
public final class BlockMapViewModel implements AutoCloseable {

    /** The first view shows at most this many cells, so it fits a screen or two. */
    static final int FIRST_VIEW_CELLS = 8192;
    /** Entries named in the hover text. */
    static final int HOVER_ENTRIES = 5;
    static final long REFRESH_DELAY_MILLIS = 750;

    private final SessionViewModel sessions;
    private final TaskRunner tasks;
    private final LatestRequest hovers;
    private final UiThread ui;
    private final Notices notices;
    private final MirrorFocus focus;
    private final Consumer<Section> navigate;
    private final Debouncer changes;

    private final ReadOnlyObjectWrapper<BlockMapData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyObjectWrapper<BlockMapLevel> level = new ReadOnlyObjectWrapper<>(this, "level");
    private final IntegerProperty zoomOut = new SimpleIntegerProperty(this, "zoomOut", 0);
    private final ReadOnlyIntegerWrapper maxZoomOut = new ReadOnlyIntegerWrapper(this, "maxZoomOut", 0);
    private final ReadOnlyIntegerWrapper hoveredCell = new ReadOnlyIntegerWrapper(this, "hoveredCell", -1);
    private final ReadOnlyIntegerWrapper selectedCell = new ReadOnlyIntegerWrapper(this, "selectedCell", -1);
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper scale = new ReadOnlyStringWrapper(this, "scale", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

    private TagTableIndex index;
    private Path indexFile;
    private boolean refreshWanted;
    /** The map is drawn once the screen has been shown, not for a screen nobody looked at. */
    private boolean active;

    public BlockMapViewModel(SessionViewModel sessions, TaskRunner tasks, UiThread ui, Notices notices,
                             MirrorFocus focus, Consumer<Section> navigate) {
        this(sessions, tasks, null, ui, notices, focus, navigate);
    }

    /**
     * @param loader where hover queries run; null for a reader thread of its own
     */
    public BlockMapViewModel(SessionViewModel sessions, TaskRunner tasks, Executor loader, UiThread ui,
                             Notices notices, MirrorFocus focus, Consumer<Section> navigate) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.focus = Objects.requireNonNull(focus, "focus");
        this.navigate = Objects.requireNonNull(navigate, "navigate");
        this.hovers = new LatestRequest("tagmirror-block-map", loader, ui);
        this.changes = new Debouncer("tagmirror-block-map-refresh", REFRESH_DELAY_MILLIS, ui, this::update);
        focus.mirrorProperty().addListener((obs, old, mirror) -> {
            closeIndex();
            data.set(null);
            level.set(null);
            hoverText.set("");
            selectedCell.set(-1);
            status.set(mirror == null ? "" : "Reading the tag tables of " + mirror.name() + "…");
            if (mirror != null) {
                update();
            }
        });
        zoomOut.addListener(obs -> relevel());
        sessions.addListener(new SessionListener() {
            @Override
            public void mirrorChanged(UUID changed, MirrorEvent event) {
                MirrorDefinition shown = focus.getMirror();
                if (shown != null && shown.uuid().equals(changed)) {
                    changes.trigger();
                }
            }
        });
    }

    /** The mirror shown; the same property as the tag tables'. */
    public ObjectProperty<MirrorDefinition> mirrorProperty() {
        return focus.mirrorProperty();
    }

    /**
     * Brings the index up to date (building it when needed) and draws the map from it, in the
     * background; skipped when the index did not change since the map was drawn.
     */
    public void refresh() {
        active = true;
        update();
    }

    private void update() {
        MirrorDefinition def = focus.getMirror();
        WorkspaceSession session = sessions.getSession();
        if (def == null || session == null || !active) {
            return;
        }
        if (busy.get()) {
            refreshWanted = true;
            return;
        }
        busy.set(true);
        Path drawnFrom = data.get() == null ? null : indexFile;
        tasks.submit(BackgroundJob.of("Drawing the block map of " + def.name(), job -> {
            TagIndexes.Built built = session.indexes().ensure(def, monitor(job));
            if (built.file().equals(drawnFrom)) {
                return null;
            }
            return draw(def, built);
        }).onSuccess(drawn -> {
            if (drawn == null || !def.equals(focus.getMirror())) {
                if (drawn != null) {
                    closeLater(drawn.index());
                }
                return;
            }
            closeIndex();
            index = drawn.index();
            indexFile = drawn.file();
            boolean first = data.get() == null;
            data.set(drawn.data());
            maxZoomOut.set(drawn.data().maxZoomOut());
            if (first) {
                zoomOut.set(drawn.data().zoomFor(FIRST_VIEW_CELLS));
            }
            relevel();
            status.set(describe(drawn.summary()));
        }).onFailure(failure -> notices.failed("Cannot draw the block map of " + def.name(), failure))
                .onFinished(() -> {
                    busy.set(false);
                    if (refreshWanted) {
                        refreshWanted = false;
                        update();
                    }
                }));
    }

    /** A freshly drawn map, with the index it was drawn from, left open for hover queries. */
    private record Drawn(BlockMapData data, TagTableIndex index, Path file, IndexSummary summary) {
    }

    /** Marks every entry's blocks; streams the index, so a million entries cost no list of a million. */
    private static Drawn draw(MirrorDefinition def, TagIndexes.Built built) throws IOException {
        TagTableIndex opened = TagTableIndex.open(built.file());
        try {
            IndexSummary summary = opened.summary();
            BlockMapData map = BlockMapData.empty(Math.max(def.sizeBlocks(), summary.endBlock()));
            opened.forEachRange(false, map::mark);
            return new Drawn(map, opened, built.file(), summary);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private TaskMonitor monitor(JobProgress job) {
        return new TaskMonitor() {
            @Override
            public void progress(String phase, long done, long total) {
                job.message(phase);
                job.progress(done, total);
            }

            @Override
            public boolean isCancelled() {
                return job.isCancelled();
            }
        };
    }

    private static String describe(IndexSummary summary) {
        if (summary.rows() == 0) {
            return "No entries: every write is known to be on every device.";
        }
        return String.format("%,d tags: %,d matched, %,d only on some devices, %,d in conflict",
                summary.rows(), summary.matched(), summary.onlySome(), summary.conflicts());
    }

    private void relevel() {
        BlockMapData current = data.get();
        if (current == null) {
            level.set(null);
            scale.set("");
            return;
        }
        int zoom = Math.max(0, Math.min(zoomOut.get(), current.maxZoomOut()));
        BlockMapLevel next = current.level(zoom);
        level.set(next);
        selectedCell.set(-1);
        hoveredCell.set(-1);
        scale.set(String.format("%,d cells · %,d block%s per cell", next.cells(), next.blocksPerCell(),
                next.blocksPerCell() == 1 ? "" : "s"));
    }

    /** Smaller cells, more detail. */
    public void zoomIn() {
        if (zoomOut.get() > 0) {
            zoomOut.set(zoomOut.get() - 1);
        }
    }

    /** Larger cells, more of the volume at once. */
    public void zoomOut() {
        if (zoomOut.get() < maxZoomOut.get()) {
            zoomOut.set(zoomOut.get() + 1);
        }
    }

    /** The pointer is over {@code cell} (-1: over none): says its blocks, state and entries. */
    public void hover(int cell) {
        BlockMapLevel current = level.get();
        if (current == null || cell < 0 || cell >= current.cells()) {
            hoveredCell.set(-1);
            hoverText.set("");
            return;
        }
        if (cell == hoveredCell.get()) {
            return;
        }
        hoveredCell.set(cell);
        BlockRange range = current.rangeOf(cell);
        String head = describeRange(range) + " · " + describeState(current.state(cell));
        hoverText.set(head);
        TagTableIndex open = index;
        if (open == null || current.state(cell) == BlockMapData.CLEAN) {
            return;
        }
        // Reads only the newest hover: a pointer sweeping the map queues reads that are skipped.
        Consumer<String> show = entries -> {
            if (hoveredCell.get() == cell) {
                hoverText.set(head + " · " + entries);
            }
        };
        hovers.next().read(() -> describeEntries(open.overlapping(range, HOVER_ENTRIES),
                        open.count(TagFilter.ALL.withBlocks(range))), show,
                failure -> show.accept(Failures.describe(failure)));
    }

    static String describeRange(BlockRange range) {
        return range.blockCount() == 1 ? String.format("Block %,d", range.firstBlock())
                : String.format("Blocks %,d–%,d", range.firstBlock(), range.endBlock() - 1);
    }

    static String describeState(byte state) {
        return switch (state) {
            case BlockMapData.MATCHED -> "entries on every device";
            case BlockMapData.DIVERGED -> "diverged: some device lacks a write";
            case BlockMapData.CONFLICT -> "conflict: different newest writes";
            default -> "no entries";
        };
    }

    private String describeEntries(List<IndexRow> rows, long count) {
        StringBuilder text = new StringBuilder(String.format("%,d entr%s: ", count, count == 1 ? "y" : "ies"));
        for (int i = 0; i < rows.size(); i++) {
            IndexRow row = rows.get(i);
            text.append(i == 0 ? "" : ", ").append(row.tag());
            if (row.state() != MatchState.MATCHED) {
                text.append(" (").append(row.state() == MatchState.CONFLICT ? "conflict" : "only here").append(')');
            }
        }
        if (count > rows.size()) {
            text.append(", …");
        }
        return text.toString();
    }

    /** Selects {@code cell}: the tag tables show its entries, selected. */
    public void select(int cell) {
        BlockMapLevel current = level.get();
        if (current == null || cell < 0 || cell >= current.cells()) {
            return;
        }
        selectedCell.set(cell);
        focus.blocksProperty().set(current.rangeOf(cell));
        navigate.accept(Section.TAG_TABLES);
    }

    /** Runs a compare of the mirror and draws its divergent ranges over the map; recorded in the history. */
    public void compare() {
        MirrorDefinition def = focus.getMirror();
        WorkspaceSession session = sessions.getSession();
        if (def == null || session == null || data.get() == null) {
            return;
        }
        busy.set(true);
        tasks.submit(BackgroundJob.of("Comparing mirror " + def.name(), job -> {
            MirrorHandle handle = session.mirror(def);
            Map<UUID, String> locations = new LinkedHashMap<>();
            List<Device> open = new ArrayList<>();
            for (UUID member : def.devices()) {
                locations.put(member, session.workspace().devicePath(member).map(Path::toString).orElse(member.toString()));
                session.openDevice(member).ifPresent(open::add);
            }
            AssembledMirror on = AssembledMirror.of(session.workspace(), handle.mirror(), locations,
                    handle.unavailable(), open);
            return CompareOperation.run(on, monitor(job)).report();
        }).onSuccess(report -> {
            if (!def.equals(focus.getMirror()) || data.get() == null) {
                return;
            }
            data.set(data.get().withCompare(report));
            relevel();
            status.set(report.inSync() ? "Compare: in sync; nothing to copy."
                    : String.format("Compare: %,d divergent ranges, %s to copy, %,d conflicts%s; drawn over the map.",
                    report.divergent().size(), ByteSize.format(report.bytesToCopy()), report.conflicts(),
                    report.tornNewest() == 0 ? "" : String.format(", %,d torn newest write%s", report.tornNewest(),
                            report.tornNewest() == 1 ? "" : "s")));
        }).onFailure(failure -> notices.failed("Cannot compare mirror " + def.name(), failure))
                .onFinished(() -> busy.set(false)));
    }

    public ReadOnlyObjectProperty<BlockMapData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** The cells to draw at the current zoom, or null while there is no map. */
    public ReadOnlyObjectProperty<BlockMapLevel> levelProperty() {
        return level.getReadOnlyProperty();
    }

    /** 0 for the finest cells; each step doubles the blocks per cell. */
    public IntegerProperty zoomOutProperty() {
        return zoomOut;
    }

    public ReadOnlyIntegerProperty maxZoomOutProperty() {
        return maxZoomOut.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty hoveredCellProperty() {
        return hoveredCell.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectedCellProperty() {
        return selectedCell.getReadOnlyProperty();
    }

    /** The blocks, state and entries under the pointer. */
    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "8,192 cells · 2 blocks per cell". */
    public ReadOnlyStringProperty scaleProperty() {
        return scale.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    private void closeIndex() {
        TagTableIndex old = index;
        index = null;
        indexFile = null;
        if (old != null) {
            closeLater(old);
        }
    }

    private void closeLater(TagTableIndex old) {
        hovers.reader().execute(() -> {
            try {
                old.close();
            } catch (IOException ignored) {
                // a read-only cache file
            }
        });
    }

    @Override
    public void close() {
        changes.close();
        closeIndex();
        hovers.close();
    }
}
