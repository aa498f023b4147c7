package io.tagmirror.console.mirrors;

import io.tagmirror.console.ui.Badge;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.ui.DeviceCell;
import io.tagmirror.console.ui.Dialogs;
import io.tagmirror.console.ui.Icons;
import io.tagmirror.console.ui.StateBadges;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The mirrors screen's nodes: the mirror actions, the table of mirrors and, below it, the devices of
 * the selected mirror with the actions to take one offline and back; bound to a {@link MirrorsViewModel}.
 */
public final class MirrorsView extends VBox {

    /** The mirrors' table at its smallest: its heading and two rows. */
    static final double MIRRORS_MIN_HEIGHT = 100;
    /** The devices' part at its smallest: its bar, the table's heading and two devices' rows of two lines. */
    static final double MEMBERS_MIN_HEIGHT = 172;

    public MirrorsView(MirrorsViewModel model) {
        this(model, MirrorWorkflows.NONE);
    }

    public MirrorsView(MirrorsViewModel model, MirrorWorkflows workflows) {
        getStyleClass().add("mirrors-view");
        SplitPane split = new SplitPane(mirrorTable(model), membersPane(model));
        split.setId("mirrorsSplit");
        split.getStyleClass().add("content-split");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        VBox.setVgrow(split, Priority.ALWAYS);
        // Below the split, not in it: a mirror not served needs only the serve bar's one line, so the
        // members keep their room; served, the live part takes its own height and the mirrors' table
        // gives it up (it keeps its heading and a row or two: one mirror is served at a time).
        ServeView serve = new ServeView(model.serve());
        serve.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(toolbar(model, workflows), split, serve);
        model.serve().servedProperty().addListener((obs, was, now) -> {
            split.setDividerPositions(now ? 0 : 0.55);
            // served, the room beyond what each part needs is shared, so a tall window grows the charts too
            split.setPrefHeight(now ? MIRRORS_MIN_HEIGHT + MEMBERS_MIN_HEIGHT : Region.USE_COMPUTED_SIZE);
            VBox.setVgrow(serve, now ? Priority.ALWAYS : Priority.NEVER);
        });
    }

    private static HBox toolbar(MirrorsViewModel model, MirrorWorkflows workflows) {
        Button repair = new Button("Compare and repair…");
        repair.setId("openRepairWizard");
        repair.setTooltip(new Tooltip("Compare the devices' tag tables, review what differs, and repair it"));
        repair.disableProperty().bind(model.selectedProperty().isNull());
        repair.setOnAction(event -> workflows.openRepair(repair, model.selectedProperty().get().name()));
        Button replay = new Button("Replay…");
        replay.setId("openReplay");
        replay.setTooltip(new Tooltip("Replay a trace or a synthetic pattern against this mirror, with faults"));
        replay.disableProperty().bind(model.selectedProperty().isNull());
        replay.setOnAction(event -> workflows.openReplay(replay, model.selectedProperty().get().name()));
        repair.setVisible(workflows.available());
        repair.setManaged(workflows.available());
        replay.setVisible(workflows.available());
        replay.setManaged(workflows.available());

        Button create = new Button("Create mirror…");
        create.setId("createMirror");
        create.setTooltip(new Tooltip("Make a mirror over two or more devices of this workspace"));
        create.setOnAction(event -> model.newMirrorForm(form -> CreateMirrorDialog.show(create, form)));

        Button delete = new Button("Delete mirror…");
        delete.setId("deleteMirror");
        delete.disableProperty().bind(model.selectedProperty().isNull());
        delete.setOnAction(event -> {
            MirrorRow row = model.selectedProperty().get();
            if (row != null) {
                model.planDeletion(row, plan -> Dialogs.confirm(delete, "Delete mirror " + plan.mirrorName() + "?",
                        plan.describe(), "Delete mirror", () -> model.delete(plan)));
            }
        });

        Button tags = new Button("Tag tables", Icons.icon(Icons.TAGS));
        tags.setId("openTagTables");
        tags.setTooltip(new Tooltip("Show the devices' tag tables side by side"));
        tags.disableProperty().bind(model.selectedProperty().isNull());
        tags.setOnAction(event -> model.showTagTables(model.selectedProperty().get()));

        Button map = new Button("Block map", Icons.icon(Icons.BLOCK_MAP));
        map.setId("openBlockMap");
        map.setTooltip(new Tooltip("Draw the mirror's blocks, the divergent ones highlighted"));
        map.disableProperty().bind(model.selectedProperty().isNull());
        map.setOnAction(event -> model.showBlockMap(model.selectedProperty().get()));

        Button refresh = new Button("Refresh", Icons.icon(Icons.REFRESH));
        refresh.setId("refreshMirrors");
        refresh.setOnAction(event -> model.refresh());

        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-busy");
        busy.visibleProperty().bind(model.loadingProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        Label summary = new Label();
        summary.setId("mirrorsSummary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // icons alone for the navigation buttons, so the actions keep their full labels at 1280 px
        for (Button b : new Button[] {tags, map, refresh}) {
            b.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            if (b.getTooltip() == null) {
                b.setTooltip(new Tooltip(b.getText()));
            }
        }
        for (Button b : new Button[] {create, delete, repair, replay, tags, map, refresh}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        summary.setMinWidth(0);
        HBox bar = new HBox(create, delete, repair, replay, tags, map, refresh, spacer, busy, summary);
        bar.getStyleClass().add("screen-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static TableView<MirrorRow> mirrorTable(MirrorsViewModel model) {
        TableView<MirrorRow> table = new TableView<>(model.mirrors());
        table.setId("mirrorsTable");
        table.setPlaceholder(emptyState());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            // a refresh replaces the rows and reselects the same mirror: the serve part must not blink off
            if (row != null || !model.isReplacingRows()) {
                model.selectedProperty().set(row);
            }
        });
        model.selectedProperty().addListener((obs, old, row) -> {
            if (row != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(row);
            }
        });
        table.setRowFactory(t -> {
            TableRow<MirrorRow> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && !row.isEmpty()) {
                    model.showTagTables(row.getItem());
                }
            });
            return row;
        });

        TableColumn<MirrorRow, String> name = text("Name", MirrorRow::name);
        name.getStyleClass().add("mount-point-column");
        name.setPrefWidth(150);
        name.setMinWidth(100);
        TableColumn<MirrorRow, MirrorRow> state = new TableColumn<>("State");
        state.setPrefWidth(140);
        state.setMinWidth(130);
        state.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(MirrorRow row, boolean empty) {
                super.updateItem(row, empty);
                setGraphic(empty || row == null ? null : StateBadges.mirror(row.state()));
            }
        });
        TableColumn<MirrorRow, String> size = text("Size", r -> ByteSize.format(r.definition().sizeBytes()));
        size.getStyleClass().add("number-column");
        size.setPrefWidth(90);
        size.setMinWidth(80);
        TableColumn<MirrorRow, String> blockSize = text("Block size", r -> Integer.toString(r.definition().blockSize()));
        blockSize.getStyleClass().add("number-column");
        blockSize.setPrefWidth(100);
        blockSize.setMinWidth(100);
        TableColumn<MirrorRow, String> devices = text("Devices", MirrorsView::describeDevices);
        devices.setPrefWidth(150);
        devices.setMinWidth(120);
        TableColumn<MirrorRow, String> entries = text("Entries", r -> r.totalEntries() < 0 ? "—"
                : String.format("%,d", r.totalEntries()));
        entries.getStyleClass().add("number-column");
        entries.setPrefWidth(100);
        TableColumn<MirrorRow, String> verify = text("Last verify", r -> r.lastVerify() == null ? "never" : r.lastVerify());
        // "2026-12-04 16:56 · identical" in full: the date alone would not say what the verify found.
        verify.setMinWidth(220);
        verify.setPrefWidth(230);
        TableColumn<MirrorRow, String> note = text("Note", r -> r.note() == null ? "" : r.note());
        note.setPrefWidth(200);
        table.getColumns().addAll(name, state, size, blockSize, devices, entries, verify, note);
        // The first mirror is selected once listed, so its devices show without a click.
        table.getItems().addListener((ListChangeListener<MirrorRow>) change -> {
            if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()
                    && (!model.isReplacingRows() || model.selectedProperty().get() == null)) {
                table.getSelectionModel().select(0);
            }
        });
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // the heading and two rows; below that the table scrolls, so a served mirror's charts keep their room
        table.setMinHeight(MIRRORS_MIN_HEIGHT);
        return table;
    }

    private static String describeDevices(MirrorRow row) {
        long offline = row.members().stream().filter(m -> !m.online()).count();
        String text = Integer.toString(row.members().size());
        return offline == 0 ? text + " · all online" : text + " · " + offline + " offline";
    }

    private static VBox membersPane(MirrorsViewModel model) {
        Label heading = new Label();
        heading.getStyleClass().add("section-heading");
        heading.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get() == null
                ? "Devices: select a mirror above"
                : "Devices of " + model.selectedProperty().get().name(), model.selectedProperty()));

        Button offline = new Button("Take offline");
        offline.setId("takeOffline");
        offline.setTooltip(new Tooltip("Stop sending writes to this device; the others keep the entries of what it misses"));
        offline.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedMemberProperty().get() == null
                || !model.selectedMemberProperty().get().online(), model.selectedMemberProperty()));
        offline.setOnAction(event -> model.takeOffline());
        Button online = new Button("Bring online");
        online.setId("bringOnline");
        online.setTooltip(new Tooltip("Send writes to this device again"));
        online.disableProperty().bind(Bindings.createBooleanBinding(() -> model.selectedMemberProperty().get() == null
                || model.selectedMemberProperty().get().online(), model.selectedMemberProperty()));
        online.setOnAction(event -> model.bringOnline());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(heading, spacer, offline, online);
        top.getStyleClass().add("screen-toolbar");
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<MemberRow> members = new TableView<>();
        members.setId("membersTable");
        members.itemsProperty().bind(Bindings.createObjectBinding(() -> model.selectedProperty().get() == null
                ? FXCollections.<MemberRow>observableArrayList()
                : FXCollections.observableArrayList(model.selectedProperty().get().members()), model.selectedProperty()));
        Label empty = new Label("Select a mirror to see its devices.");
        empty.getStyleClass().add("empty-state-text");
        members.setPlaceholder(empty);
        members.getSelectionModel().selectedItemProperty().addListener(
                (obs, old, member) -> model.selectedMemberProperty().set(member));
        model.selectedMemberProperty().addListener((obs, old, member) -> {
            if (member != members.getSelectionModel().getSelectedItem()) {
                members.getSelectionModel().select(member);
            }
        });

        TableColumn<MemberRow, MemberRow> device = DeviceCell.column(members, MemberRow::location,
                m -> m.uuid().toString());
        TableColumn<MemberRow, MemberRow> state = new TableColumn<>("State");
        state.setMinWidth(150);
        state.setPrefWidth(300);
        state.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        state.setCellFactory(c -> new MemberStateCell());
        TableColumn<MemberRow, String> entries = new TableColumn<>("Entries");
        entries.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().entries() < 0 ? "—"
                : String.format("%,d", cell.getValue().entries())));
        entries.getStyleClass().add("number-column");
        DeviceCell.fixedWidth(entries, 110);
        members.getColumns().addAll(device, state, entries);
        members.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        VBox.setVgrow(members, Priority.ALWAYS);
        VBox pane = new VBox(top, members);
        pane.getStyleClass().add("split-section");
        // room for both devices' rows (two lines each) beside the serve part below
        pane.setMinHeight(MEMBERS_MIN_HEIGHT);
        return pane;
    }

    private static VBox emptyState() {
        Region icon = Icons.icon(Icons.MIRROR);
        icon.getStyleClass().add("empty-state-icon");
        Label heading = new Label("No mirrors yet");
        heading.getStyleClass().add("empty-state-heading");
        Label text = new Label("Mirrors keep devices consistent by tagged writes. Create one over two or more devices; "
                + "each mirror is listed here with its state:");
        text.setWrapText(true);
        text.getStyleClass().add("empty-state-text");
        FlowPane legend = new FlowPane(Badge.of("✓", "In sync", Badge.IN_SYNC), Badge.of("≠", "Diverged", Badge.DIVERGED),
                Badge.of("▲", "Degraded", Badge.DEGRADED), Badge.of("✕", "Conflict", Badge.CONFLICT));
        legend.getStyleClass().add("empty-state-legend");
        legend.setAlignment(Pos.CENTER);
        VBox box = new VBox(icon, heading, text, legend);
        box.getStyleClass().add("empty-state");
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private static TableColumn<MirrorRow, String> text(String title, Function<MirrorRow, String> value) {
        TableColumn<MirrorRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }
}
