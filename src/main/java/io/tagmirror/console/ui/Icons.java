package io.tagmirror.console.ui;

import javafx.scene.layout.Region;

/**
 * Small monochrome icons drawn by the stylesheet ({@code -fx-shape}), so they follow the theme's
 * text colour and need no icon font or image files.
 */
public final class Icons {

    /** Style class of a drive (disk) icon. */
    public static final String DRIVE = "icon-drive";
    /** Style class of a device (stacked storage units) icon. */
    public static final String DEVICE = "icon-device";
    /** Style class of a mirror (two linked drives) icon. */
    public static final String MIRROR = "icon-mirror";
    /** Style class of a tag tables (two aligned columns of rows) icon. */
    public static final String TAGS = "icon-tags";
    /** Style class of a block map (grid of cells) icon. */
    public static final String BLOCK_MAP = "icon-block-map";
    /** Style class of a history (clock) icon. */
    public static final String HISTORY = "icon-history";
    /** A play triangle, for workload replay. */
    public static final String REPLAY = "icon-replay";
    /** Style class of a refresh (circular arrow) icon. */
    public static final String REFRESH = "icon-refresh";
    /** Style class of a workspace (folder) icon. */
    public static final String WORKSPACE = "icon-workspace";

    private Icons() {
    }

    /** A new icon node; {@code kind} is one of the constants above. */
    public static Region icon(String kind) {
        Region icon = new Region();
        icon.getStyleClass().addAll("icon", kind);
        // Decorative: the neighbouring label carries the meaning for screen readers.
        icon.setFocusTraversable(false);
        return icon;
    }
}
