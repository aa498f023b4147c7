package io.tagmirror.console.shell;

import io.tagmirror.console.ui.Icons;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The console's places in the left navigation, in display order, each with its icon and shortcut. */
public enum Section {
    DRIVES("Drives", Icons.DRIVE, KeyCode.DIGIT1),
    DEVICES("Devices", Icons.DEVICE, KeyCode.DIGIT2),
    MIRRORS("Mirrors", Icons.MIRROR, KeyCode.DIGIT3),
    TAG_TABLES("Tag tables", Icons.TAGS, KeyCode.DIGIT4),
    BLOCK_MAP("Block map", Icons.BLOCK_MAP, KeyCode.DIGIT5),
    REPLAY("Replay", Icons.REPLAY, KeyCode.DIGIT6),
    HISTORY("History", Icons.HISTORY, KeyCode.DIGIT7);

    private final String label;
    private final String icon;
    private final KeyCode key;

    Section(String label, String icon, KeyCode key) {
        this.label = label;
        this.icon = icon;
        this.key = key;
    }

    /** The name shown in the navigation and the View menu. */
    public String label() {
        return label;
    }

    /** The label without spaces, for node ids such as {@code navTagtables}. */
    public String idPart() {
        return label.replace(" ", "");
    }

    /** The icon's style class, one of the {@link Icons} constants. */
    public String icon() {
        return icon;
    }

    /** Ctrl+digit (Cmd+digit on macOS), in navigation order. */
    public KeyCombination accelerator() {
        return new KeyCodeCombination(key, KeyCombination.SHORTCUT_DOWN);
    }

    /** Parses a stored name, falling back to the first section for anything unknown. */
    public static Section parse(String name) {
        for (Section section : values()) {
            if (section.name().equalsIgnoreCase(name)) {
                return section;
            }
        }
        return DRIVES;
    }
}
