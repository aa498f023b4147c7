package io.tagmirror.console.tags;

import io.tagmirror.console.ui.StateBadges;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.workspace.index.IndexRow;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The details of the selected tag: its entry on each device and what each device's data checksums to now. */
final class DetailsPane extends VBox {

    private final RowDetailsViewModel model;
    private final Label heading = new Label();
    private final HBox cards = new HBox();

    DetailsPane(RowDetailsViewModel model) {
        this.model = model;
        setId("tagDetails");
        getStyleClass().add("details-pane");
        heading.getStyleClass().add("section-heading");
        cards.getStyleClass().add("detail-cards");
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("details-scroll");
        getChildren().addAll(heading, scroll);
        model.rowProperty().addListener((obs, old, row) -> refresh());
        model.devices().addListener((ListChangeListener<DeviceDetail>) change -> refresh());
        refresh();
    }

    private void refresh() {
        IndexRow row = model.rowProperty().get();
        cards.getChildren().clear();
        if (row == null) {
            heading.setText("Select a row to see its entries and the data's checksums on each device.");
            return;
        }
        TagEntry any = row.anyEntry();
        heading.setText("Tag " + row.tag() + "  ·  " + StateBadges.word(row.state()) + "  ·  object "
                + any.objectId());
        for (DeviceDetail detail : model.devices()) {
            cards.getChildren().add(card(detail));
        }
    }

    private static VBox card(DeviceDetail detail) {
        Label device = new Label(detail.label());
        device.getStyleClass().add("detail-device");
        VBox card = new VBox(device);
        card.getStyleClass().add("detail-card");
        TagEntry e = detail.entry();
        if (e == null) {
            Label none = new Label("— no entry for this tag");
            none.getStyleClass().add("entry-missing");
            card.getChildren().add(none);
        } else {
            card.getChildren().addAll(
                    line("Blocks", TagTablesView.blocks(e) + "  (" + e.blockCount() + (e.blockCount() == 1 ? " block)" : " blocks)")),
                    line("Kind", e.kind() == EntryKind.EXTEND ? "extend (append)" : "write"),
                    line("Entry CRC32C", DeviceDetail.hex(e.checksum())));
        }
        Label data;
        if (detail.dataChecksum() == null) {
            data = new Label("Data now: " + (detail.note() == null ? "not read" : detail.note()));
            data.getStyleClass().add("muted");
        } else if (e == null) {
            data = new Label("Data now: CRC32C " + DeviceDetail.hex(detail.dataChecksum()));
            data.getStyleClass().add("detail-data");
        } else if (detail.dataMatchesEntry()) {
            data = new Label("✓ Data now: CRC32C " + DeviceDetail.hex(detail.dataChecksum()) + ", as the entry says");
            data.getStyleClass().add("data-matches");
        } else {
            data = new Label("✕ Data now: CRC32C " + DeviceDetail.hex(detail.dataChecksum())
                    + ", not as the entry says (a later write, or the write did not land)");
            data.getStyleClass().add("data-differs");
        }
        data.setWrapText(true);
        card.getChildren().add(data);
        return card;
    }

    private static HBox line(String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add("detail-name");
        Label v = new Label(value);
        v.getStyleClass().add("detail-value");
        HBox box = new HBox(8, n, v);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
