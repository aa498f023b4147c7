package io.tagmirror.engine;

/** A mirror's condition as an administrator sees it. */
public enum MirrorState {
    IN_SYNC("in-sync"),
    DIVERGED("diverged"),
    DEGRADED("degraded"),
    CONFLICT("conflict"),
    REPAIRING("repairing");

    private final String label;

    MirrorState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
