package io.tagmirror.console.mirrors;

import javafx.scene.Node;

/** The long workflows the Mirrors screen starts for the selected mirror: compare and repair, and replay. */
public interface MirrorWorkflows {
    MirrorWorkflows NONE = new MirrorWorkflows() {
    };

    /** Opens the guided compare and repair with {@code mirror} preselected. */
    default void openRepair(Node anchor, String mirror) {
    }

    /** Opens a workload replay against {@code mirror}. */
    default void openReplay(Node anchor, String mirror) {
    }

    /** Whether this console offers the workflows at all. */
    default boolean available() {
        return false;
    }
}
