package io.tagmirror.console.ui;

import io.tagmirror.operations.MirrorEvent;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * Shows each mirror event as a desktop notification (ControlsFX's {@link Notifications}) in the top right
 * of the console's window: a warning when the administrator has something to do, news otherwise,
 * with the same sentence {@code tagmirror monitor} prints. Top right, over the page's title and status
 * line: the bottom right holds the buttons that carry on the work (Serve, the wizard's Next, Compare and
 * repair), which a warning shown for two minutes would cover. Call it on the FX thread.
 */
public final class EventNotifications implements Consumer<MirrorEvent> {
    /** How long a warning stays: long enough to be read on coming back to the desk, not for ever. */
    static final Duration WARNING_SHOWN = Duration.minutes(2);
    static final Duration NEWS_SHOWN = Duration.seconds(15);
    /** More at once than this are shown as one notification that says how many. */
    private static final int AT_ONCE = 4;
    /** Characters a line of a popup's text holds: narrower than the narrowest window the console fits. */
    static final int LINE = 90;

    private final Window owner;

    public EventNotifications(Window owner) {
        this.owner = owner;
    }

    @Override
    public void accept(MirrorEvent event) {
        Notifications n = Notifications.create()
                .owner(owner)
                .title(title(event))
                .text(lines(event.detail()))
                .position(Pos.TOP_RIGHT)
                .threshold(AT_ONCE, Notifications.create().owner(owner).title("TagMirror")
                        .text("Several mirror events: see the Mirrors screen").position(Pos.TOP_RIGHT))
                .hideAfter(event.kind().needsAction() ? WARNING_SHOWN : NEWS_SHOWN);
        if (event.kind().needsAction()) {
            n.showWarning();
        } else {
            n.showInformation();
        }
    }

    /**
     * The sentence broken where it turns from what happened to what to do (at its first "; "), and any
     * line longer than {@link #LINE} characters broken between words: a popup wider than the window
     * would be cut off at its left edge.
     */
    static String lines(String detail) {
        StringBuilder out = new StringBuilder();
        for (String part : detail.replaceFirst("; ", ";\n").split("\n")) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(wrap(part));
        }
        return out.toString();
    }

    private static String wrap(String line) {
        StringBuilder out = new StringBuilder();
        int width = 0;
        for (String word : line.split(" ")) {
            if (width > 0 && width + 1 + word.length() > LINE) {
                out.append('\n');
                width = 0;
            } else if (width > 0) {
                out.append(' ');
                width++;
            }
            out.append(word);
            width += word.length();
        }
        return out.toString();
    }

    /** "Mirror home: member offline": the event's name in words, with the mirror it is about. */
    public static String title(MirrorEvent event) {
        return "Mirror " + event.mirror() + ": " + event.kind().word().replace('-', ' ');
    }
}
