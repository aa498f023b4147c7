package io.tagmirror.engine;

import java.util.List;
import java.util.UUID;

/**
 * One device's side of a conflict: the tags covering the range on it, and the one its data matches
 * (null when its data matches none of them).
 */
public record ConflictSide(UUID device, List<Tag> tags, Tag dataMatches) {
    public ConflictSide {
        tags = List.copyOf(tags);
    }
}
