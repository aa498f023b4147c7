package io.tagmirror.console.tags;

import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.Tag;
import io.tagmirror.workspace.index.IndexRow;
import io.tagmirror.workspace.index.Positions;
import io.tagmirror.workspace.index.TagFilter;
import io.tagmirror.workspace.index.TagTableIndex;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.collections.ObservableListBase;

/**
 * The rows of a tag table index under one filter, as a list a {@code TableView} can show whole
 * while only the pages on screen are ever read: {@link #get(int)} answers at once with a
 * {@link TagRowSlot} and asks for the slot's page in the background.
 *
 * <p>The list's size is fixed when it is made (a new filter or index makes a new list), so it never
 * fires a change. Pages are read by key from the nearest known row, never by counting from the
 * start, and at most {@link #MAX_PAGES} are kept. Use it from the FX thread; pages are read on
 * {@code loader}.
 */
public final class PagedTagRows extends ObservableListBase<TagRowSlot> {

    /** Rows read at once. */
    public static final int PAGE = 200;
    /** Pages kept in memory: about fifty screens of rows. */
    static final int MAX_PAGES = 64;
    /** When scrolling outruns reading, only this many of the newest requests are kept. */
    static final int MAX_WANTED = 8;

    private final TagTableIndex index;
    private final TagFilter filter;
    private final Positions positions;
    private final Executor loader;
    private final UiThread ui;
    private final Consumer<Throwable> onFailure;
    private final Map<Integer, Page> pages = new LinkedHashMap<>(MAX_PAGES + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Page> eldest) {
            return size() > MAX_PAGES;
        }
    };
    private final Deque<Integer> wanted = new ArrayDeque<>();
    private boolean reading;
    private boolean disposed;
    private long pagesRead;

    /**
     * @param index where rows are read from
     * @param filter which rows
     * @param positions the filter's count and anchors
     * @param firstPage the filter's first rows, already read
     * @param loader runs the reads
     * @param ui where the pages are handed back
     * @param onFailure told when a page cannot be read
     */
    public PagedTagRows(TagTableIndex index, TagFilter filter, Positions positions, List<IndexRow> firstPage,
                        Executor loader, UiThread ui, Consumer<Throwable> onFailure) {
        this.index = Objects.requireNonNull(index, "index");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.positions = Objects.requireNonNull(positions, "positions");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        if (positions.count() > 0) {
            Page first = new Page(0);
            first.fill(firstPage);
            pages.put(0, first);
        }
    }

    public TagFilter filter() {
        return filter;
    }

    public TagTableIndex index() {
        return index;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, positions.count());
    }

    @Override
    public TagRowSlot get(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(i);
        }
        int number = i / PAGE;
        Page page = pages.get(number);
        if (page == null) {
            page = new Page(number);
            pages.put(number, page);
            request(number);
        }
        return page.slots[i - number * PAGE];
    }

    /** The row at {@code i} if its page has been read, else null; reads nothing. */
    public IndexRow loadedRow(int i) {
        Page page = pages.get(i / PAGE);
        return page == null ? null : page.slots[i % PAGE].getRow();
    }

    /** Pages asked of the index so far (the first, read before the list was made, not counted). */
    public long pagesRead() {
        return pagesRead;
    }

    /** Stops reading: the list is being replaced. */
    public void dispose() {
        disposed = true;
        wanted.clear();
    }

    private void request(int number) {
        wanted.remove(number);
        wanted.addFirst(number);
        while (wanted.size() > MAX_WANTED) {
            int dropped = wanted.removeLast();
            // Dropped from the cache too, so that coming back to it asks again.
            Page page = pages.get(dropped);
            if (page != null && !page.loaded) {
                pages.remove(dropped);
            }
        }
        pump();
    }

    /** Reads the newest wanted page; one read at a time, so a fast scroll cannot queue hundreds. */
    private void pump() {
        if (reading || disposed) {
            return;
        }
        Integer number = null;
        while (!wanted.isEmpty()) {
            Integer next = wanted.pollFirst();
            Page page = pages.get(next);
            if (page != null && !page.loaded) {
                number = next;
                break;
            }
        }
        if (number == null) {
            return;
        }
        reading = true;
        pagesRead++;
        int target = number;
        Tag after = lastTagOf(target - 1);
        loader.execute(() -> {
            List<IndexRow> rows;
            try {
                rows = read(target, after);
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    reading = false;
                    if (!disposed) {
                        onFailure.accept(e);
                    }
                });
                return;
            }
            ui.execute(() -> {
                reading = false;
                Page page = pages.get(target);
                if (page != null && !disposed) {
                    page.fill(rows);
                }
                pump();
            });
        });
    }

    /** The last tag of page {@code number} if that page is read, so the next one starts right after it. */
    private Tag lastTagOf(int number) {
        Page page = number < 0 ? null : pages.get(number);
        if (page == null || !page.loaded || page.slots.length == 0) {
            return null;
        }
        IndexRow last = page.slots[page.slots.length - 1].getRow();
        return last == null ? null : last.tag();
    }

    private List<IndexRow> read(int number, Tag after) throws IOException {
        long start = (long) number * PAGE;
        if (after != null) {
            return index.page(filter, after, false, 0, PAGE);
        }
        Tag anchor = positions.anchorFor(start);
        return index.page(filter, anchor, true, positions.offsetFromAnchor(start), PAGE);
    }

    /** One page of slots. */
    private final class Page {
        final TagRowSlot[] slots;
        boolean loaded;

        Page(int number) {
            long first = (long) number * PAGE;
            int length = (int) Math.min(PAGE, positions.count() - first);
            slots = new TagRowSlot[Math.max(0, length)];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new TagRowSlot(first + i);
            }
        }

        void fill(List<IndexRow> rows) {
            for (int i = 0; i < slots.length && i < rows.size(); i++) {
                slots[i].fill(rows.get(i));
            }
            loaded = true;
        }
    }
}
