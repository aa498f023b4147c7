package io.tagmirror.console.session;

import io.tagmirror.engine.BlockRange;
import io.tagmirror.engine.MirrorDefinition;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The mirror the tag tables and the block map show, and the blocks the block map asked the tag
 * tables to select; shared so that choosing a mirror on one screen shows it on the others.
 */
public final class MirrorFocus {

    private final ObjectProperty<MirrorDefinition> mirror = new SimpleObjectProperty<>(this, "mirror");
    private final ObjectProperty<BlockRange> blocks = new SimpleObjectProperty<>(this, "blocks");

    /** The mirror in focus, or null. */
    public ObjectProperty<MirrorDefinition> mirrorProperty() {
        return mirror;
    }

    public MirrorDefinition getMirror() {
        return mirror.get();
    }

    /** Blocks picked on the block map whose entries the tag tables should select; null when none. */
    public ObjectProperty<BlockRange> blocksProperty() {
        return blocks;
    }
}
