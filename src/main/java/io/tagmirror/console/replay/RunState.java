package io.tagmirror.console.replay;

/** Where a replay is in its life, as the replay screen shows it. */
public enum RunState {
    IDLE("Ready"),
    STARTING("Starting…"),
    RUNNING("Running"),
    PAUSED("Paused"),
    STOPPING("Stopping…"),
    FINISHED("Finished"),
    FAILED("Failed");

    private final String label;

    RunState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether a replay is under way (it may be paused or stopping). */
    public boolean active() {
        return this == STARTING || this == RUNNING || this == PAUSED || this == STOPPING;
    }
}
