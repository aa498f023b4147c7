package io.tagmirror.console.devices;

import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.ui.Badge;
import io.tagmirror.console.ui.DeviceCell;
import io.tagmirror.console.ui.DirectoryPicker;
import io.tagmirror.console.ui.Icons;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The devices screen's nodes: the device actions and a table of devices, bound to a {@link DevicesViewModel}. */
public final class DevicesView extends VBox {

    public DevicesView(DevicesViewModel model, DirectoryPicker picker) {
        getStyleClass().add("devices-view");
        TableView<DeviceSummary> table = table(model);
        getChildren().addAll(toolbar(model, picker), table);
    }

    private static HBox toolbar(DevicesViewModel model, DirectoryPicker picker) {
        DeviceActionBar actions = new DeviceActionBar(model.actions(), model.selectedProperty(), model::knownPaths,
                () -> "", picker);
        Button refresh = new Button("Refresh", Icons.icon(Icons.REFRESH));
        refresh.setId("refreshDevices");
        refresh.setOnAction(event -> model.refresh());

        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-busy");
        busy.visibleProperty().bind(model.loadingProperty());
        busy.managedProperty().bind(busy.visibleProperty());

        Label summary = new Label();
        summary.setId("devicesSummary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(actions.create(), actions.importDevice(), actions.forget(), refresh, spacer, busy, summary);
        bar.getStyleClass().add("screen-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static TableView<DeviceSummary> table(DevicesViewModel model) {
        TableView<DeviceSummary> table = new TableView<>(model.devices());
        table.setId("devicesTable");
        table.setPlaceholder(emptyState());
        model.selectedProperty().addListener((obs, old, device) -> {
            if (device != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(device);
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, device) -> model.selectedProperty().set(device));

        TableColumn<DeviceSummary, DeviceSummary> device = DeviceCell.column(table, d -> d.path().toString(),
                d -> d.uuid().toString());
        TableColumn<DeviceSummary, String> blockSize = text("Block size", d -> d.blockSize() > 0 ? Integer.toString(d.blockSize()) : "—");
        blockSize.getStyleClass().add("number-column");
        DeviceCell.fixedWidth(blockSize, 100);
        TableColumn<DeviceSummary, DeviceSummary> reachable = new TableColumn<>("Reachable");
        DeviceCell.fixedWidth(reachable, 150);
        reachable.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        reachable.setCellFactory(c -> new ReachableCell());
        TableColumn<DeviceSummary, String> entries = text("Entries", d -> d.entries() < 0 ? "—" : String.format("%,d", d.entries()));
        entries.getStyleClass().add("number-column");
        DeviceCell.fixedWidth(entries, 90);
        TableColumn<DeviceSummary, String> mirrors = text("Mirrors", d -> d.mirrors().isEmpty() ? "—" : String.join(", ", d.mirrors()));
        mirrors.setMinWidth(100);
        mirrors.setPrefWidth(140);
        TableColumn<DeviceSummary, String> note = text("Note", d -> d.note() == null ? "" : d.note());
        note.setMinWidth(160);
        note.setPrefWidth(240);
        // An empty Note column only takes width from the paths; it shows once a device has something to say.
        note.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> model.devices().stream().anyMatch(d -> d.note() != null && !d.note().isBlank()), model.devices()));
        table.getColumns().addAll(device, blockSize, reachable, entries, mirrors, note);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        VBox.setVgrow(table, Priority.ALWAYS);
        return table;
    }

    private static VBox emptyState() {
        Region icon = Icons.icon(Icons.DEVICE);
        icon.getStyleClass().add("empty-state-icon");
        Label heading = new Label("No devices yet");
        heading.getStyleClass().add("empty-state-heading");
        Label text = new Label("Create a device in an empty folder of a drive, or import a device that exists. "
                + "Each device keeps a tag table of the writes it received, compared with its mirror partners:");
        text.setWrapText(true);
        text.getStyleClass().add("empty-state-text");
        HBox legend = new HBox(8, Badge.of("=", "Matched", Badge.MATCHED), Badge.of("+", "Only here", Badge.ONLY_HERE),
                Badge.of("✕", "Conflict", Badge.MATCH_CONFLICT));
        legend.setAlignment(Pos.CENTER);
        VBox box = new VBox(icon, heading, text, legend);
        box.getStyleClass().add("empty-state");
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private static TableColumn<DeviceSummary, String> text(String title, Function<DeviceSummary, String> value) {
        TableColumn<DeviceSummary, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }

    /** "✓ Reachable" or "✕ Not reachable": the symbol carries the state along with the colour. */
    private static final class ReachableCell extends TableCell<DeviceSummary, DeviceSummary> {
        @Override
        protected void updateItem(DeviceSummary device, boolean empty) {
            super.updateItem(device, empty);
            setText(null);
            if (empty || device == null) {
                setGraphic(null);
                return;
            }
            setGraphic(device.reachable() ? Badge.of("✓", "Reachable", Badge.IN_SYNC)
                    : Badge.of("✕", "Not reachable", Badge.DEGRADED));
        }
    }
}
