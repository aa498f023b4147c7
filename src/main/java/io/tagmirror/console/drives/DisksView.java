package io.tagmirror.console.drives;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.operations.disks.DriveUse;
import io.tagmirror.operations.disks.SurveyedDrive;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The drives screen's disks: a tree of the machine's disks with their partitions, as lsblk lists them,
 * bound to a {@link DisksViewModel}, with the actions given beside its heading.
 */
public final class DisksView extends VBox {

    private final DisksViewModel model;
    private final TreeTableView<SurveyedDrive> tree = new TreeTableView<>(new TreeItem<>());
    private boolean rebuilding;

    public DisksView(DisksViewModel model, Node... actions) {
        this.model = model;
        getStyleClass().add("split-section");
        Label heading = new Label("Disks");
        heading.getStyleClass().add("section-heading");
        Label summary = new Label();
        summary.setId("disksSummary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(12, heading, summary, spacer);
        top.getChildren().addAll(actions);
        top.getStyleClass().add("screen-toolbar");
        top.setAlignment(Pos.CENTER_LEFT);

        tree.setId("disksTree");
        tree.setShowRoot(false);
        Label empty = new Label("No disks found (this system has no /sys/block, or it could not be read)");
        empty.getStyleClass().add("empty-state-text");
        tree.setPlaceholder(new StackPane(empty));
        tree.getColumns().addAll(List.of(
                nameColumn(),
                text("Kind", 165, DisksView::kind),
                size(),
                text("Model", 170, SurveyedDrive::model),
                text("Serial", 110, SurveyedDrive::serial),
                contentsColumn(),
                usesColumn()));
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!rebuilding) {
                model.selectedProperty().set(item == null ? null : item.getValue());
            }
        });
        model.disks().addListener((ListChangeListener<SurveyedDrive>) change -> rebuild());
        rebuild();
        VBox.setVgrow(tree, Priority.ALWAYS);
        getChildren().addAll(top, tree);
    }

    /** New items for a new survey; the selection follows the drive's name, which survives a re-read. */
    private void rebuild() {
        rebuilding = true;
        try {
            List<TreeItem<SurveyedDrive>> items = new ArrayList<>();
            TreeItem<SurveyedDrive> selected = null;
            SurveyedDrive wanted = model.selectedProperty().get();
            for (SurveyedDrive disk : model.disks()) {
                TreeItem<SurveyedDrive> item = new TreeItem<>(disk);
                item.setExpanded(true);
                for (SurveyedDrive part : disk.partitions()) {
                    TreeItem<SurveyedDrive> child = new TreeItem<>(part);
                    item.getChildren().add(child);
                    selected = wanted != null && part.name().equals(wanted.name()) ? child : selected;
                }
                selected = wanted != null && disk.name().equals(wanted.name()) ? item : selected;
                items.add(item);
            }
            tree.getRoot().getChildren().setAll(items);
            if (selected != null) {
                tree.getSelectionModel().select(selected);
            } else {
                tree.getSelectionModel().clearSelection();
            }
        } finally {
            rebuilding = false;
        }
    }

    /** "disk · SSD · removable", "loop device", "partition". */
    static String kind(SurveyedDrive d) {
        StringBuilder out = new StringBuilder(d.kind().label());
        if (!d.media().label().isEmpty() && d.media() != SurveyedDrive.Media.VIRTUAL) {
            out.append(" · ").append(d.media().label());
        }
        if (d.removable()) {
            out.append(" · removable");
        }
        if (d.readOnly()) {
            out.append(" · read-only");
        }
        return out.toString();
    }

    /**
     * What a drive carries in a few words: a disk's partition table, a file system, swap, LVM, RAID,
     * TagMirror; "—" when nothing is recognised (blank, or a format TagMirror does not know), as lsblk
     * leaves it blank; "unknown" when it could not be read.
     */
    static String contents(SurveyedDrive d) {
        if (!d.readable()) {
            return "unknown";
        }
        List<String> words = new ArrayList<>();
        for (String s : d.signatures()) {
            words.add(s.equals("gpt") ? "GPT partition table" : s.startsWith("dos") ? "MBR partition table"
                    : s.startsWith("tagmirror") ? "TagMirror" : s);
        }
        return String.join(", ", words);
    }

    private static TreeTableColumn<SurveyedDrive, String> contentsColumn() {
        TreeTableColumn<SurveyedDrive, String> column = text("Contents", 150, DisksView::contents);
        Label header = new Label("Contents");
        header.getStyleClass().add("column-title");
        header.setTooltip(new Tooltip("What the drive carries by its first bytes. — : nothing recognised (blank, or a"
                + " format TagMirror does not know); unknown: it could not be read"));
        column.setText(null);
        column.setGraphic(header);
        return column;
    }

    private static TreeTableColumn<SurveyedDrive, String> nameColumn() {
        // wide enough for a partition's name below its disk's disclosure arrow
        TreeTableColumn<SurveyedDrive, String> column = text("Drive", 140, SurveyedDrive::devicePath);
        column.setMinWidth(140);
        column.setId("diskNameColumn");
        column.getStyleClass().add("mount-point-column");
        return column;
    }

    private static TreeTableColumn<SurveyedDrive, String> text(String title, double width,
                                                               Function<SurveyedDrive, String> value) {
        TreeTableColumn<SurveyedDrive, String> column = new TreeTableColumn<>(title);
        column.setPrefWidth(width);
        // a model or a backing file may be long; the other columns' words are kept whole
        column.setMinWidth(title.equals("Model") ? width * 0.7 : width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().getValue() == null ? ""
                : orDash(value.apply(cell.getValue().getValue()))));
        return column;
    }

    private static TreeTableColumn<SurveyedDrive, Long> size() {
        TreeTableColumn<SurveyedDrive, Long> column = new TreeTableColumn<>("Size");
        column.setPrefWidth(90);
        column.setMinWidth(90);
        column.getStyleClass().add("number-column");
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().getValue() == null ? null
                : cell.getValue().getValue().sizeBytes()));
        column.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(empty || bytes == null ? null : ByteSize.format(bytes));
            }
        });
        return column;
    }

    /** What uses the drive: a symbol and a colour for "in use" and "TagMirror", the words always. */
    private static TreeTableColumn<SurveyedDrive, SurveyedDrive> usesColumn() {
        TreeTableColumn<SurveyedDrive, SurveyedDrive> column = new TreeTableColumn<>("In use by");
        column.setId("diskUsesColumn");
        column.setPrefWidth(220);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().getValue()));
        column.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(SurveyedDrive drive, boolean empty) {
                super.updateItem(drive, empty);
                getStyleClass().removeAll("drive-in-use", "drive-tagmirror");
                setTooltip(null);
                if (empty || drive == null) {
                    setText(null);
                    return;
                }
                if (drive.uses().isEmpty()) {
                    setText("—");
                    return;
                }
                boolean busy = drive.uses().stream().anyMatch(DriveUse::blocksFormatting);
                getStyleClass().add(busy ? "drive-in-use" : "drive-tagmirror");
                setText((busy ? "● " : "◆ ") + drive.usedBy());
                // the last column: at 1280 px a mirror's name and device id may be cut
                setTooltip(new Tooltip(drive.usedBy()));
            }
        });
        return column;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "—" : s;
    }

    /** The tree, for tests and for the screen's own selection. */
    public TreeTableView<SurveyedDrive> tree() {
        return tree;
    }
}
