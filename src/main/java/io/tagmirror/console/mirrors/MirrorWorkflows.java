package io.tagmirror.console.mirrors;

import javafx.scene.Node;

/** The long workflows the Mirrors screen starts for the selected mirror: compare and repair, and replay. */
public interface MirrorWorkflows extends io.tagmirror.console.session.MirrorsInUse {
    MirrorWorkflows NONE = new MirrorWorkflows() {
    };

    /** Opens the guided compare and repair with {@code mirror} preselected. */
    default void openRepair(Node anchor, String mirror) {
    }

    /** Opens a workload replay against {@code mirror}. */
    default void openReplay(Node anchor, String mirror) {
    }

    /** What holds {@code mirror} now (a running compare and repair or replay); empty when it is free. */
    @Override
    default java.util.Optional<String> holder(String mirror) {
        return java.util.Optional.empty();
    }

    /** Whether this console offers the workflows at all. */
    default boolean available() {
        return false;
    }
}
