package io.tagmirror.console.shell;

import javafx.scene.Node;

/**
 * One screen of the console's content area, registered for a {@link Section} with
 * {@link MainViewModel#register(Section, Screen)}.
 *
 * <p>Implementations keep their state in a view model and build their nodes lazily.
 */
public interface Screen {

    /** The heading shown above the screen, e.g. "Mirrors". */
    String title();

    /** The screen's root node; built on the first call and the same node on every later one. */
    Node view();

    /** Called each time the screen becomes the visible one, e.g. to load data on first show. */
    default void onShow() {
    }
}
