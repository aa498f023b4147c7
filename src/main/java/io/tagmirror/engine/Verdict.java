package io.tagmirror.engine;

/** What compare decided for a run of blocks (DESIGN §3, "What compare decides"). */
public enum Verdict {
    /** The data is identical on every device: the entries that covered it can be deleted. */
    IN_SYNC("in-sync"),
    /** An entry is on some devices only: copy from the device holding the newest entry whose checksum matches. */
    COPY("copy"),
    /** Entries are on every device but one's data fails the newest entry's checksum (torn or lost write). */
    TORN("torn"),
    /** An unmatched extension: copy the extended range and set the object length. */
    EXTEND("extend"),
    /** Different newest writes of different generators: a policy or the administrator decides. */
    CONFLICT("conflict"),
    /**
     * The newest write ({@link DiffRange#newest()}) matches no device's data: it is torn or lost on every
     * device that received it, so there is no good copy of it; a policy or the administrator decides
     * which device's data to keep.
     */
    TORN_NEWEST("torn-newest"),
    /**
     * The data differs inside an intent extent left from before a power cut, and no durable entry names
     * the blocks: no write there was promised durable (a flush would have made its entry durable), so
     * either version is correct and the members only have to agree. Copied from the member the policy
     * prefers, else from the compare's pick (a member that missed no writes).
     */
    INTENT("intent"),
    /**
     * The data differs in a compare of the whole volume, made because a tag table is incomplete (its log
     * filled while a member was away, so later writes left no entry on it), and no entry decides the
     * blocks: copied from the member that kept the writes (one whose log filled while it missed none).
     * Blocks whose entries still explain every member's data get the entries' verdict instead.
     */
    WHOLE_VOLUME("whole-volume");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean copies() {
        return this == COPY || this == TORN || this == EXTEND || this == INTENT || this == WHOLE_VOLUME;
    }

    /** Whether a repair copies nothing here until a policy or the administrator chooses the data to keep. */
    public boolean needsDecision() {
        return this == CONFLICT || this == TORN_NEWEST;
    }
}
