package io.tagmirror.console.drives;

import io.tagmirror.console.devices.DeviceActionBar;
import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.console.ui.Badge;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.ui.DeviceCell;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.ui.DirectoryPicker;
import io.tagmirror.console.ui.Icons;
import io.tagmirror.operations.disks.SurveyedDrive;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The drives screen's nodes: a toolbar, the machine's disks with their partitions, the table of mounted
 * file systems (where directory devices live), and below it the TagMirror devices on the selected file
 * system with the actions on them, bound to a {@link DrivesViewModel} and a {@link DisksViewModel}.
 */
public final class DrivesView extends VBox {

    public DrivesView(DrivesViewModel model, DisksViewModel disks, DeviceActionsViewModel actions,
                      DriveScanViewModel scans, DirectoryPicker picker) {
        getStyleClass().add("drives-view");
        TableView<DriveInfo> drives = table(model);
        Label heading = new Label("File systems");
        heading.getStyleClass().add("section-heading");
        HBox top = new HBox(heading);
        top.getStyleClass().add("screen-toolbar");
        top.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(drives, Priority.ALWAYS);
        VBox fileSystems = new VBox(top, drives);
        fileSystems.getStyleClass().add("split-section");
        SplitPane split = new SplitPane(new DisksView(disks, diskActions(disks, actions, scans)), fileSystems,
                devicesPane(model, actions, picker));
        split.setId("drivesSplit");
        split.getStyleClass().add("content-split");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42, 0.70);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(toolbar(model, disks), split);
    }

    /**
     * "Scan" and "Import into workspace…" on the selected disk or partition, "Create TagMirror device…"
     * on it, and one in an image file.
     */
    private Node[] diskActions(DisksViewModel disks, DeviceActionsViewModel actions, DriveScanViewModel scans) {
        Button scan = new Button("Scan");
        scan.setId("scanDrive");
        scan.setTooltip(new Tooltip("Read the TagMirror superblock on the selected drive (and a disk's partitions), as"
                + " 'tagmirror device scan' does: the device, its mirrors, a damaged copy; nothing is written"));
        scan.disableProperty().bind(disks.selectedProperty().isNull());
        scan.setOnAction(event -> {
            SurveyedDrive drive = disks.selectedProperty().get();
            scans.scan(drive, found -> Dialogs.inform(this, "Scan of " + drive.devicePath(), found.describe()));
        });
        Button importDrive = new Button("Import into workspace…");
        importDrive.setId("importDrive");
        importDrive.setTooltip(new Tooltip("Add the TagMirror device on the selected drive, with its mirrors, to this"
                + " workspace, as 'tagmirror mirror import' does"));
        importDrive.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !DriveScanViewModel.carriesForeignDevice(disks.selectedProperty().get()),
                disks.selectedProperty()).or(actions.workspaceOpenProperty().not()));
        importDrive.setOnAction(event -> scans.prepareImport(disks.selectedProperty().get(),
                device -> Dialogs.confirm(this, "Import " + device.path() + " into this workspace?",
                        scans.describeImport(device), "Import", () -> scans.importDevice(device))));
        Button onDisk = new Button("Create TagMirror device…");
        onDisk.setId("createOnDisk");
        onDisk.setTooltip(new Tooltip("Format the selected disk or partition as a TagMirror device, after the checks"
                + " the command line runs"));
        onDisk.disableProperty().bind(disks.selectedProperty().isNull().or(actions.workspaceOpenProperty().not()));
        onDisk.setOnAction(event -> CreateOnDriveDialog.show(this,
                CreateOnDriveViewModel.onDrive(actions, disks.selectedProperty().get())));
        Button onImage = new Button("Image file…");
        onImage.setId("createImageDevice");
        onImage.setTooltip(new Tooltip("Create a TagMirror device in an image file: a sparse file used as a disk"));
        onImage.disableProperty().bind(actions.workspaceOpenProperty().not());
        onImage.setOnAction(event -> CreateOnDriveDialog.show(this, CreateOnDriveViewModel.onImage(actions,
                Path.of(System.getProperty("user.home"), "tagmirror-disk.img").toString())));
        return new Node[] {scan, importDrive, onDisk, onImage};
    }

    private static VBox devicesPane(DrivesViewModel model, DeviceActionsViewModel actions, DirectoryPicker picker) {
        Label heading = new Label();
        heading.setId("driveDevicesHeading");
        heading.getStyleClass().add("section-heading");
        heading.textProperty().bind(Bindings.createStringBinding(() -> model.selectedDriveProperty().get() == null
                ? "TagMirror devices: select a drive above"
                : "TagMirror devices on " + model.selectedDriveProperty().get().mountPoint(),
                model.selectedDriveProperty()));
        DeviceActionBar bar = new DeviceActionBar(actions, model.selectedDeviceProperty(),
                () -> model.knownDevices().stream().map(DeviceSummary::path).collect(Collectors.toSet()),
                () -> model.suggestFolder(Path.of(System.getProperty("user.home"))), picker);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(heading, spacer, bar.create(), bar.importDevice(), bar.forget());
        top.getStyleClass().add("screen-toolbar");
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<DeviceSummary> devices = new TableView<>(model.devicesOnSelectedDrive());
        devices.setId("driveDevicesTable");
        Label empty = new Label("No TagMirror device of this workspace is on this drive. Create one here, or import one.");
        empty.getStyleClass().add("empty-state-text");
        empty.setWrapText(true);
        devices.setPlaceholder(new StackPane(empty));
        devices.getSelectionModel().selectedItemProperty().addListener(
                (obs, old, device) -> model.selectedDeviceProperty().set(device));
        TableColumn<DeviceSummary, DeviceSummary> device = DeviceCell.column(devices, d -> d.path().toString(),
                d -> d.uuid().toString());
        TableColumn<DeviceSummary, String> blockSize = new TableColumn<>("Block size");
        blockSize.setCellValueFactory(cell -> constant(cell.getValue().blockSize() > 0
                ? Integer.toString(cell.getValue().blockSize()) : "—"));
        blockSize.getStyleClass().add("number-column");
        DeviceCell.fixedWidth(blockSize, 100);
        TableColumn<DeviceSummary, DeviceSummary> state = new TableColumn<>("Reachable");
        state.setCellValueFactory(cell -> constant(cell.getValue()));
        DeviceCell.fixedWidth(state, 150);
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(DeviceSummary device, boolean empty) {
                super.updateItem(device, empty);
                setGraphic(empty || device == null ? null : device.reachable()
                        ? Badge.of("✓", "Reachable", Badge.IN_SYNC) : Badge.of("✕", "Not reachable", Badge.DEGRADED));
            }
        });
        TableColumn<DeviceSummary, String> mirrors = new TableColumn<>("Mirrors");
        mirrors.setCellValueFactory(cell -> constant(cell.getValue().mirrors().isEmpty() ? "—"
                : String.join(", ", cell.getValue().mirrors())));
        mirrors.setMinWidth(100);
        mirrors.setPrefWidth(160);
        devices.getColumns().addAll(device, blockSize, state, mirrors);
        devices.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        VBox.setVgrow(devices, Priority.ALWAYS);
        VBox pane = new VBox(top, devices);
        pane.getStyleClass().add("split-section");
        return pane;
    }

    private static HBox toolbar(DrivesViewModel model, DisksViewModel disks) {
        Button refresh = new Button("Refresh", Icons.icon(Icons.REFRESH));
        refresh.setId("refreshDrives");
        refresh.setTooltip(new Tooltip("Read the disks and the mounted file systems again"));
        refresh.disableProperty().bind(model.loadingProperty());
        refresh.setOnAction(event -> {
            model.refresh();
            disks.refresh();
        });

        CheckBox showAll = new CheckBox("Show system file systems");
        showAll.setId("showAllDrives");
        showAll.setTooltip(new Tooltip("Also list proc, sysfs, cgroup, the OS's RAM disks and container internals"));
        showAll.selectedProperty().bindBidirectional(model.showAllProperty());

        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-busy");
        busy.visibleProperty().bind(model.loadingProperty().or(disks.loadingProperty()));
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
        TableColumn<DriveInfo, String> devices = new TableColumn<>("Devices");
        devices.setId("driveDevicesColumn");
        devices.getStyleClass().add("number-column");
        devices.setPrefWidth(90);
        devices.setCellValueFactory(cell -> Bindings.createStringBinding(() -> {
            long n = model.devicesOn(cell.getValue());
            return n == 0 ? "—" : Long.toString(n);
        }, model.knownDevices()));

        table.getColumns().addAll(mountPoint, device, type, capacity, free, used, devices);
        table.getSelectionModel().selectedItemProperty().addListener(
                (obs, old, drive) -> model.selectedDriveProperty().set(drive));
        // Select the first drive once they are read, so its devices show without a click.
        table.getItems().addListener((ListChangeListener<DriveInfo>) change -> {
            if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
                table.getSelectionModel().select(0);
            }
        });
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
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
