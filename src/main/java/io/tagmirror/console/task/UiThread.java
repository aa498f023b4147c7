package io.tagmirror.console.task;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/**
 * Where a view model hands results back to: the FX thread in the console, the calling thread in
 * tests without a toolkit.
 */
@FunctionalInterface
public interface UiThread extends Executor {

    /** Runs on the FX thread: at once when already on it, else at the next pulse. */
    UiThread FX = action -> {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    };

    /** Runs on whatever thread calls, for view-model tests. */
    UiThread INLINE = Runnable::run;
}
