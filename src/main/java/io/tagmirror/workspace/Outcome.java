package io.tagmirror.workspace;

/**
 * How an operation kept in the history ended, in one word or phrase an administrator reads.
 *
 * <p>Stored in the catalog as its {@link #code()}, fixed for good (see {@link HistoryKind}).
 */
public enum Outcome {
    IN_SYNC("in-sync", true),
    DIVERGED("diverged", false),
    CONFLICTS("conflicts", false),
    /** The devices compared agree, but a device is offline: the mirror is not whole. */
    DEGRADED("degraded", false),
    REPAIRED("repaired", true),
    CONFLICTS_LEFT("conflicts left", false),
    CANCELLED("cancelled", false),
    IDENTICAL("identical", true),
    DIFFERS("differs", false),
    SCRUBBED("scrubbed", true),
    /** A device whose data no entry described was filled from a healthy one (its object restored first if lost). */
    REBUILT("rebuilt", true),
    IMPORTED("imported", true),
    IMPORTED_MEMBERS_MISSING("imported, members missing", false),
    REPLACED("replaced", true),
    REPLACED_COPY_CANCELLED("replaced, copy cancelled", false),
    NEEDS_SCRUB("needs a scrub", false),
    DONE("done", true),
    STOPPED("stopped", false),
    CRASHED("crashed", false),
    FAULTS_INJECTED("faults injected", false),
    /** A compare found newest writes no device's data matches (and no conflict). */
    TORN_NEWEST("torn newest writes", false),
    /** A member was taken offline: the others keep the entries of the writes it misses. */
    TAKEN_OFFLINE("taken offline", false),
    /** A member takes writes again; what it missed is settled by a compare and a repair. */
    BACK_ONLINE("back online", false),
    /** A mirror was deleted: its data on the devices reached and its catalog entry are gone. */
    DELETED("deleted", true),
    /** A member that came back was brought in sync again by its resync. */
    RESYNCED("resynchronised", true);

    private final String code;
    private final boolean good;

    Outcome(String code, boolean good) {
        this.code = code;
        this.good = good;
    }

    /** The words stored in the catalog and shown in the history. */
    public String code() {
        return code;
    }

    /** Whether the mirror was left as an administrator wants it (nothing to follow up). */
    public boolean good() {
        return good;
    }

    /** The outcome stored as {@code code}; an unknown code is refused. */
    public static Outcome fromCode(String code) {
        for (Outcome o : values()) {
            if (o.code.equals(code)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + code + "'");
    }
}
