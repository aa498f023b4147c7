package io.tagmirror.console.ui;

import io.tagmirror.engine.MirrorState;
import io.tagmirror.workspace.index.MatchState;
import javafx.scene.control.Label;

/** The badge of each mirror state and tag match state: a symbol and a word, then the colour. */
public final class StateBadges {

    private StateBadges() {
    }

    /** "✓ In sync", "≠ Diverged", "▲ Degraded", "✕ Conflict", "↻ Repairing"; "? Unavailable" for null. */
    public static Label mirror(MirrorState state) {
        if (state == null) {
            return Badge.of("?", "Unavailable", Badge.DEGRADED);
        }
        return switch (state) {
            case IN_SYNC -> Badge.of("✓", "In sync", Badge.IN_SYNC);
            case DIVERGED -> Badge.of("≠", "Diverged", Badge.DIVERGED);
            case DEGRADED -> Badge.of("▲", "Degraded", Badge.DEGRADED);
            case CONFLICT -> Badge.of("✕", "Conflict", Badge.CONFLICT);
            case REPAIRING -> Badge.of("↻", "Repairing", Badge.DIVERGED);
        };
    }

    /** The symbol of a tag's match state. */
    public static String symbol(MatchState state) {
        return switch (state) {
            case MATCHED -> "=";
            case ONLY_SOME -> "+";
            case CONFLICT -> "✕";
        };
    }

    /** The style class of a tag's match state, one of the {@link Badge} match constants. */
    public static String styleClass(MatchState state) {
        return switch (state) {
            case MATCHED -> Badge.MATCHED;
            case ONLY_SOME -> Badge.ONLY_HERE;
            case CONFLICT -> Badge.MATCH_CONFLICT;
        };
    }

    /** The word of a tag's match state. */
    public static String word(MatchState state) {
        return switch (state) {
            case MATCHED -> "Matched";
            case ONLY_SOME -> "Only here";
            case CONFLICT -> "Conflict";
        };
    }
}
