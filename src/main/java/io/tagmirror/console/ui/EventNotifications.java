package io.tagmirror.console.ui;

import io.tagmirror.operations.MirrorEvent;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * Shows each mirror event as a desktop notification (ControlsFX's {@link Notifications}) in a corner
 * of the console's window: a warning when the administrator has something to do, news otherwise,
 * with the same sentence {@code tagmirror monitor} prints. Call it on the FX thread.
 */
public final class EventNotifications implements Consumer<MirrorEvent> {
    /** How long a warning stays: long enough to be read on coming back to the desk, not for ever. */
    static final Duration WARNING_SHOWN = Duration.minutes(2);
    static final Duration NEWS_SHOWN = Duration.seconds(15);
    /** More at once than this are shown as one notification that says how many. */
    private static final int AT_ONCE = 4;

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
                .position(Pos.BOTTOM_RIGHT)
                .threshold(AT_ONCE, Notifications.create().owner(owner).title("TagMirror")
                        .text("Several mirror events: see the Mirrors screen").position(Pos.BOTTOM_RIGHT))
                .hideAfter(event.kind().needsAction() ? WARNING_SHOWN : NEWS_SHOWN);
        if (event.kind().needsAction()) {
            n.showWarning();
        } else {
            n.showInformation();
        }
    }

    /** The sentence on two lines, what happened and then what to do, so the popup stays narrower than a window. */
    static String lines(String detail) {
        return detail.replaceFirst("; ", ";\n");
    }

    /** "Mirror home: member offline": the event's name in words, with the mirror it is about. */
    public static String title(MirrorEvent event) {
        return "Mirror " + event.mirror() + ": " + event.kind().word().replace('-', ' ');
    }
}
