package io.tagmirror.console.tags;

import io.tagmirror.workspace.index.IndexRow;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The place of one row in a {@link PagedTagRows}: the table shows the slot at once and its row
 * when the row's page has been read, so the list itself never changes under the table.
 */
public final class TagRowSlot {

    private final long index;
    private final ReadOnlyObjectWrapper<IndexRow> row = new ReadOnlyObjectWrapper<>(this, "row");

    TagRowSlot(long index) {
        this.index = index;
    }

    /** The row's position in the list. */
    public long index() {
        return index;
    }

    /** The row, or null while its page is being read. */
    public ReadOnlyObjectProperty<IndexRow> rowProperty() {
        return row.getReadOnlyProperty();
    }

    public IndexRow getRow() {
        return row.get();
    }

    void fill(IndexRow value) {
        row.set(value);
    }
}
