package io.tagmirror.console.session;

import io.tagmirror.engine.MirrorEvent;
import java.util.UUID;

/**
 * Hears what changes in an open workspace; called on the thread that made the change (a worker or
 * the engine's write path), so implementations only hand the news on.
 */
public interface SessionListener {

    /** Devices or mirrors were added to or removed from the catalog. */
    default void catalogChanged() {
    }

    /** The engine reported {@code event} for mirror {@code mirror}. */
    default void mirrorChanged(UUID mirror, MirrorEvent event) {
    }
}
