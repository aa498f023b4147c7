package io.tagmirror.console.mirrors;

import io.tagmirror.console.ui.Badge;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A mirror member's state: the badge's symbol and word always whole, the reason beside it on what room
 * is left (a long one ends in "…"), and the whole reason in the cell's tooltip.
 */
final class MemberStateCell extends TableCell<MemberRow, MemberRow> {

    private final HBox box = new HBox(8);

    MemberStateCell() {
        box.setAlignment(Pos.CENTER_LEFT);
        // the graphic takes the cell's width, not its own preferred one, so the reason gives way, not the badge
        box.setMinWidth(0);
        box.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(0, getWidth() - snappedLeftInset() - snappedRightInset()), widthProperty(), paddingProperty()));
        box.maxWidthProperty().bind(box.prefWidthProperty());
    }

    @Override
    protected void updateItem(MemberRow member, boolean empty) {
        super.updateItem(member, empty);
        setText(null);
        if (empty || member == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        Label badge = !member.online() ? Badge.of("○", "Offline", Badge.DEGRADED)
                : member.stale() ? Badge.of("◐", "Online", Badge.DIVERGED) : Badge.of("●", "Online", Badge.IN_SYNC);
        badge.setMinWidth(Region.USE_PREF_SIZE);
        String reason = reason(member);
        Label detail = new Label(reason);
        detail.setId("memberStateReason");
        detail.getStyleClass().add("muted");
        detail.setMinWidth(0);
        HBox.setHgrow(detail, Priority.ALWAYS);
        box.getChildren().setAll(badge, detail);
        setGraphic(box);
        setTooltip(reason.isEmpty() ? null : new Tooltip(member.describeState()));
    }

    /** What the badge does not say: why it is offline, or that it missed writes; empty for a member in sync. */
    static String reason(MemberRow member) {
        return member.online() && !member.stale() ? ""
                : member.describeState().replaceFirst("^(online|offline)( · |: )?", "");
    }
}
