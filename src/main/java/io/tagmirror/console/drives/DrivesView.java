package io.tagmirror.console.drives;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.ui.Icons;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The drives screen's nodes: a toolbar and a table, bound to a {@link DrivesViewModel}. */
public final class DrivesView extends VBox {

    public DrivesView(DrivesViewModel model) {
        getStyleClass().add("drives-view");
        getChildren().addAll(toolbar(model), table(model));
    }

    private static HBox toolbar(DrivesViewModel model) {
        Button refresh = new Button("Refresh", Icons.icon(Icons.REFRESH));
        refresh.setId("refreshDrives");
        refresh.setTooltip(new Tooltip("Read the mounted file systems again"));
        refresh.disableProperty().bind(model.loadingProperty());
        refresh.setOnAction(event -> model.refresh());

        CheckBox showAll = new CheckBox("Show system file systems");
        showAll.setId("showAllDrives");
        showAll.setTooltip(new Tooltip("Also list proc, sysfs, cgroup, the OS's RAM disks and container internals"));
        showAll.selectedProperty().bindBidirectional(model.showAllProperty());

        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-busy");
        busy.visibleProperty().bind(model.loadingProperty());
        busy.managedProperty().bind(busy.visibleProperty());

        Label summary = new Label();
        summary.setId("drivesSummary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(model.summaryProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        HBox toolbar = new HBox(refresh, showAll, spacer, busy, summary);
        toolbar.getStyleClass().add("screen-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        return toolbar;
    }

    private static TableView<DriveInfo> table(DrivesViewModel model) {
        TableView<DriveInfo> table = new TableView<>();
        table.setId("drivesTable");
        SortedList<DriveInfo> sorted = new SortedList<>(model.drives());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        Label placeholder = new Label();
        placeholder.getStyleClass().add("empty-state-text");
        placeholder.textProperty().bind(model.placeholderProperty());
        table.setPlaceholder(new StackPane(placeholder));

        TableColumn<DriveInfo, String> mountPoint = textColumn("Mount point", DriveInfo::mountPoint);
        mountPoint.getStyleClass().add("mount-point-column");
        mountPoint.setPrefWidth(280);
        TableColumn<DriveInfo, String> device = textColumn("Device", DriveInfo::device);
        device.setPrefWidth(220);
        TableColumn<DriveInfo, String> type = textColumn("Type", DriveInfo::type);
        type.setPrefWidth(90);
        TableColumn<DriveInfo, Long> capacity = sizeColumn("Capacity", DriveInfo::totalBytes);
        TableColumn<DriveInfo, Long> free = sizeColumn("Free", DriveInfo::usableBytes);
        TableColumn<DriveInfo, Double> used = usedColumn();

        table.getColumns().addAll(mountPoint, device, type, capacity, free, used);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        return table;
    }

    private static TableColumn<DriveInfo, String> textColumn(String title, Function<DriveInfo, String> value) {
        TableColumn<DriveInfo, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> constant(value.apply(cell.getValue())));
        return column;
    }

    private static TableColumn<DriveInfo, Long> sizeColumn(String title, Function<DriveInfo, Long> value) {
        TableColumn<DriveInfo, Long> column = new TableColumn<>(title);
        column.getStyleClass().add("number-column");
        column.setPrefWidth(110);
        // Sorted on the byte count, shown in binary units.
        column.setCellValueFactory(cell -> constant(value.apply(cell.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(empty || bytes == null ? null : ByteSize.format(bytes));
            }
        });
        return column;
    }

    private static TableColumn<DriveInfo, Double> usedColumn() {
        TableColumn<DriveInfo, Double> column = new TableColumn<>("Used");
        column.setPrefWidth(180);
        column.setCellValueFactory(cell -> constant(cell.getValue().usedFraction()));
        column.setCellFactory(c -> new UsageCell());
        return column;
    }

    private static <T> ObservableValue<T> constant(T value) {
        return new ReadOnlyObjectWrapper<>(value);
    }

    /** A bar plus the percentage as text, so the level never depends on colour alone. */
    private static final class UsageCell extends TableCell<DriveInfo, Double> {

        private final ProgressBar bar = new ProgressBar();
        private final Label percent = new Label();
        private final HBox box = new HBox(bar, percent);

        UsageCell() {
            box.getStyleClass().add("usage-cell");
            box.setAlignment(Pos.CENTER_LEFT);
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            percent.getStyleClass().add("usage-percent");
        }

        @Override
        protected void updateItem(Double fraction, boolean empty) {
            super.updateItem(fraction, empty);
            setText(null);
            if (empty || fraction == null) {
                setGraphic(null);
                return;
            }
            if (fraction < 0) {
                setGraphic(null);
                setText(ByteSize.UNKNOWN);
                return;
            }
            bar.setProgress(fraction);
            bar.getStyleClass().remove("usage-high");
            if (DrivesViewModel.isNearlyFull(fraction)) {
                bar.getStyleClass().add("usage-high");
            }
            percent.setText(ByteSize.percent(fraction));
            setGraphic(box);
        }
    }
}
