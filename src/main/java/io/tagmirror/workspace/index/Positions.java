package io.tagmirror.workspace.index;

import io.tagmirror.engine.Tag;
import java.util.List;

/**
 * How many rows a filter lets through, and the tag at every {@code stride}-th of them, so that any
 * row can be reached by a short offset from the nearest anchor instead of counting from the start.
 *
 * @param count rows in the filter
 * @param stride rows between anchors
 * @param anchors the tag of row 0, stride, 2·stride, …
 */
public record Positions(long count, int stride, List<Tag> anchors) {

    public Positions {
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be positive: " + stride);
        }
        anchors = List.copyOf(anchors);
    }

    /** No rows. */
    public static Positions empty(int stride) {
        return new Positions(0, stride, List.of());
    }

    /** The anchor at or before row {@code index}; null when there are no rows. */
    public Tag anchorFor(long index) {
        if (anchors.isEmpty()) {
            return null;
        }
        int slot = (int) Math.min(index / stride, anchors.size() - 1);
        return anchors.get(slot);
    }

    /** How many rows past {@link #anchorFor(long)} row {@code index} is. */
    public int offsetFromAnchor(long index) {
        int slot = (int) Math.min(index / stride, Math.max(0, anchors.size() - 1));
        return (int) (index - (long) slot * stride);
    }
}
