package io.tagmirror.workspace.index;

/**
 * How one tag stands across the devices of a mirror, as the tag table index decides it.
 *
 * <p>The rules are deliberately simple; compare (which also reads the data) has the last word:
 * <ul>
 *   <li>{@link #MATCHED}: every member device holds the tag with the same contents;</li>
 *   <li>{@link #ONLY_SOME}: some devices lack the tag (an unreachable device lacks every tag);</li>
 *   <li>{@link #CONFLICT}: devices hold the same tag with different contents, or the tag is unmatched
 *       and overlaps blocks of an unmatched tag of another generator, and each of the two is on a device
 *       the other is not on (different newest writes on different devices, which have no order).</li>
 * </ul>
 */
public enum MatchState {
    MATCHED(0),
    ONLY_SOME(1),
    CONFLICT(2);

    private final int code;

    MatchState(int code) {
        this.code = code;
    }

    /** The number stored in the index. */
    public int code() {
        return code;
    }

    /** The state stored as {@code code}. */
    public static MatchState ofCode(int code) {
        return switch (code) {
            case 0 -> MATCHED;
            case 1 -> ONLY_SOME;
            case 2 -> CONFLICT;
            default -> throw new IllegalArgumentException("unknown match state " + code);
        };
    }
}
