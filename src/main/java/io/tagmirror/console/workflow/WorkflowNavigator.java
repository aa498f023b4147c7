package io.tagmirror.console.workflow;

/** Takes the administrator from a workflow to the console's other screens, with a mirror in focus. */
public interface WorkflowNavigator {

    /** A navigator that goes nowhere, for a workflow shown on its own. */
    WorkflowNavigator NONE = new WorkflowNavigator() {
    };

    /** Shows the tag tables of mirror {@code name}. */
    default void showTagTables(String name) {
    }

    /** Shows the block map of mirror {@code name}. */
    default void showBlockMap(String name) {
    }

    /** Shows the history. */
    default void showHistory() {
    }

    /** Shows the workload replay with mirror {@code name} chosen. */
    default void showReplay(String name) {
    }
}
