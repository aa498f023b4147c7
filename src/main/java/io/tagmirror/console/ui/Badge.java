package io.tagmirror.console.ui;

import javafx.scene.control.Label;

/**
 * A small coloured label that pairs a symbol with words, so a state never depends on colour alone.
 *
 * <p>Later screens use it with the state classes of the stylesheet, e.g.
 * {@code Badge.of("✓", "In sync", "state-in-sync")}.
 */
public final class Badge {

    /** Style class of in-sync mirrors. */
    public static final String IN_SYNC = "state-in-sync";
    /** Style class of mirrors whose tag tables differ. */
    public static final String DIVERGED = "state-diverged";
    /** Style class of mirrors running with a device missing. */
    public static final String DEGRADED = "state-degraded";
    /** Style class of mirrors holding conflicting writes for the same tag. */
    public static final String CONFLICT = "state-conflict";
    /** Style class of a tag present with the same write on both sides. */
    public static final String MATCHED = "match-matched";
    /** Style class of a tag present on one side only. */
    public static final String ONLY_HERE = "match-only-here";
    /** Style class of a tag present on both sides with different writes. */
    public static final String MATCH_CONFLICT = "match-conflict";

    private Badge() {
    }

    /** A label reading "{@code symbol} {@code text}" styled as a badge of {@code styleClass}. */
    public static Label of(String symbol, String text, String styleClass) {
        Label label = new Label(symbol + "  " + text);
        label.getStyleClass().addAll("badge", styleClass);
        return label;
    }
}
