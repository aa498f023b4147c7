package io.tagmirror.workspace;

/**
 * What a history entry records: one kind per administrator operation kept in the history.
 *
 * <p>Each kind is stored in the catalog as its {@link #code()}, fixed for good: history written by an
 * earlier version reads the same, and renaming a constant never renames stored entries.
 */
public enum HistoryKind {
    COMPARE("compare"),
    REPAIR("repair"),
    VERIFY("verify"),
    SCRUB("scrub"),
    REPLAY("replay"),
    IMPORT("import"),
    REPLACE("replace"),
    RESET_TAGS("reset-tags"),
    OFFLINE("offline"),
    ONLINE("online"),
    DELETE("delete"),
    RESYNC("resync");

    private final String code;

    HistoryKind(String code) {
        this.code = code;
    }

    /** The word stored in the catalog and shown in the history. */
    public String code() {
        return code;
    }

    /** The kind stored as {@code code}; an unknown code is refused (a newer catalog, or a corrupt one). */
    public static HistoryKind fromCode(String code) {
        for (HistoryKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown history kind '" + code + "'");
    }
}
