package io.tagmirror.engine;

/**
 * How a long operation (compare, repair, verify, replay) reports progress and learns it should stop.
 * Cancelling is checked between steps, each of which leaves a state a new compare picks up.
 */
public interface TaskMonitor {
    TaskMonitor NONE = new TaskMonitor() {
    };

    default void progress(String phase, long done, long total) {
    }

    default boolean isCancelled() {
        return false;
    }
}
