package io.tagmirror.console.tags;

import io.tagmirror.console.ui.Badge;
import io.tagmirror.console.ui.StateBadges;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.workspace.index.IndexRow;
import io.tagmirror.workspace.index.IndexSummary;
import io.tagmirror.workspace.index.IndexedDevice;
import io.tagmirror.workspace.index.MatchState;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The tag tables screen's nodes: the mirror chooser and figures, the filters and search, the
 * virtualised table (one row per tag, a column group per device, the match gutter between the
 * first two) and the details of the selected row; bound to a {@link TagTablesViewModel}.
 */
public final class TagTablesView extends VBox {

    /** Rows are all the same height, so the table never measures a row to scroll a million of them. */
    static final double ROW_HEIGHT = 30;

    private final TagTablesViewModel model;
    private final TableView<TagRowSlot> table = new TableView<>();
    private List<IndexedDevice> columnsFor = List.of();

    public TagTablesView(TagTablesViewModel model) {
        this.model = model;
        getStyleClass().add("tag-tables-view");
        configureTable();
        SplitPane split = new SplitPane(table, new DetailsPane(model.details()));
        split.setId("tagTablesSplit");
        split.getStyleClass().add("content-split");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.68);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label message = new Label();
        message.setId("tagSearchMessage");
        message.getStyleClass().add("form-problem");
        message.textProperty().bind(model.searchMessageProperty());
        message.visibleProperty().bind(model.searchMessageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        getChildren().addAll(header(), filters(), message, split);
    }

    private HBox header() {
        ComboBox<MirrorDefinition> mirror = new ComboBox<>(model.mirrors());
        mirror.setId("tagMirror");
        mirror.setPromptText("Choose a mirror");
        mirror.setButtonCell(new MirrorCell());
        mirror.setCellFactory(list -> new MirrorCell());
        mirror.valueProperty().bindBidirectional(model.mirrorProperty());

        Label matched = figure("tagMatched", Badge.MATCHED, s -> String.format("=  %,d matched", s.matched()));
        Label only = figure("tagOnlyHere", Badge.ONLY_HERE, s -> String.format("+  %,d only here", s.onlySome()));
        Label conflicts = figure("tagConflicts", Badge.MATCH_CONFLICT, s -> String.format("✕  %,d conflict%s",
                s.conflicts(), s.conflicts() == 1 ? "" : "s"));

        ProgressBar bar = new ProgressBar();
        bar.setId("indexProgress");
        bar.getStyleClass().add("index-progress");
        bar.progressProperty().bind(model.progressProperty());
        Label progress = new Label();
        progress.getStyleClass().add("muted");
        progress.textProperty().bind(model.progressTextProperty());
        HBox building = new HBox(8, bar, progress);
        building.setAlignment(Pos.CENTER_LEFT);
        building.visibleProperty().bind(model.buildingProperty());
        building.managedProperty().bind(building.visibleProperty());

        Label status = new Label();
        status.setId("tagStatus");
        status.getStyleClass().add("muted");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(0);
        progress.setMinWidth(0);
        building.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label mirrorLabel = new Label("Mirror");
        for (Region fixed : new Region[] {mirrorLabel, mirror, matched, only, conflicts}) {
            // The figures keep their width; the status and progress give way on a narrow window.
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox box = new HBox(mirrorLabel, mirror, matched, only, conflicts, spacer, building, status);
        box.getStyleClass().add("screen-toolbar");
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Label figure(String id, String styleClass, Function<IndexSummary, String> text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().addAll("badge", styleClass);
        label.textProperty().bind(Bindings.createStringBinding(
                () -> model.summaryProperty().get() == null ? "" : text.apply(model.summaryProperty().get()),
                model.summaryProperty()));
        label.visibleProperty().bind(model.summaryProperty().isNotNull());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private FlowPane filters() {
        CheckBox unmatched = new CheckBox("Unmatched only");
        unmatched.setId("unmatchedOnly");
        unmatched.setTooltip(new Tooltip("Hide the tags every device holds alike"));
        unmatched.selectedProperty().bindBidirectional(model.unmatchedOnlyProperty());

        ComboBox<String> generator = new ComboBox<>();
        generator.setId("generatorFilter");
        bindChoice(generator, "All generators", model.generators(), model.generatorProperty(), Long::parseLong);
        ComboBox<String> object = new ComboBox<>();
        object.setId("objectFilter");
        bindChoice(object, "All objects", model.objects(), model.objectProperty(), text -> text);

        TextField from = numberField("blockFrom", "from", model.blockFromProperty());
        TextField to = numberField("blockTo", "to", model.blockToProperty());
        from.setOnAction(event -> model.applyBlockRange());
        to.setOnAction(event -> model.applyBlockRange());
        Button apply = new Button("Apply");
        apply.setId("applyBlocks");
        apply.setOnAction(event -> model.applyBlockRange());
        Button clear = new Button("Clear filters");
        clear.setId("clearFilters");
        clear.setOnAction(event -> model.clearFilters());

        TextField search = new TextField();
        search.setId("tagSearch");
        search.setPromptText("Find tag, e.g. 1:250");
        search.setPrefColumnCount(10);
        search.textProperty().bindBidirectional(model.searchTextProperty());
        search.setOnAction(event -> model.search());
        Button find = new Button("Find");
        find.setId("findTag");
        find.setOnAction(event -> model.search());
        TextField block = numberField("jumpBlock", "block", model.blockTextProperty());
        block.setOnAction(event -> model.jumpToBlock());
        Button jump = new Button("Go to block");
        jump.setId("jumpToBlock");
        jump.setOnAction(event -> model.jumpToBlock());

        FlowPane bar = new FlowPane(unmatched, generator, object,
                group(new Label("Blocks"), from, new Label("–"), to, apply), clear,
                group(search, find), group(block, jump));
        bar.setId("tagFilters");
        bar.getStyleClass().add("filter-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.disableProperty().bind(model.summaryProperty().isNull());
        return bar;
    }

    private static HBox group(Node... nodes) {
        HBox box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static TextField numberField(String id, String prompt, StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(7);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    /** A chooser whose first item means "all" (null in the model) and whose others are {@code values}. */
    private static <T> void bindChoice(ComboBox<String> box, String all, ObservableList<T> values,
                                       ObjectProperty<T> chosen, Function<String, T> parse) {
        Runnable fill = () -> {
            String keep = box.getValue();
            box.getItems().setAll(all);
            values.forEach(v -> box.getItems().add(String.valueOf(v)));
            box.setValue(keep != null && box.getItems().contains(keep) ? keep : all);
        };
        fill.run();
        values.addListener((ListChangeListener<T>) change -> fill.run());
        box.valueProperty().addListener((obs, old, text) -> {
            T value = text == null || text.equals(all) ? null : parse.apply(text);
            if (!Objects.equals(value, chosen.get())) {
                chosen.set(value);
            }
        });
        chosen.addListener((obs, old, value) -> box.setValue(value == null ? all : String.valueOf(value)));
    }

    private void configureTable() {
        table.setId("tagTable");
        table.setFixedCellSize(ROW_HEIGHT);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setItems(model.rowsProperty().get());
        // A new filter or index starts at the top: scrolled up before the swap, the table never lays
        // out the new, shorter list at the old list's far-down rows.
        model.rowsProperty().addListener((obs, old, rows) -> {
            table.scrollTo(0);
            table.setItems(rows);
        });
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Label placeholder = new Label();
        placeholder.getStyleClass().add("empty-state-text");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> {
            if (model.mirrorProperty().get() == null) {
                return "Choose a mirror to see its devices' tag tables side by side.";
            }
            if (model.summaryProperty().get() == null) {
                return "Reading the tag tables…";
            }
            return model.summaryProperty().get().rows() == 0
                    ? "The tag tables are empty: every write is known to be on every device."
                    : "No tag matches the filters.";
        }, model.mirrorProperty(), model.summaryProperty()));
        table.setPlaceholder(new StackPane(placeholder));
        model.summaryProperty().addListener((obs, old, summary) -> rebuildColumns(summary));
        rebuildColumns(model.summaryProperty().get());

        ChangeListener<IndexRow> follow = (obs, old, row) -> model.selectedRowProperty().set(row);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, slot) -> {
            if (old != null) {
                old.rowProperty().removeListener(follow);
            }
            model.selectedRowProperty().set(slot == null ? null : slot.getRow());
            if (slot != null && slot.getRow() == null) {
                // Selected before its page arrived: the details follow once it does.
                slot.rowProperty().addListener(follow);
            }
        });
        model.revealProperty().addListener((obs, old, reveal) -> {
            if (reveal == null || reveal.index() >= table.getItems().size()) {
                return;
            }
            int first = (int) reveal.index();
            int end = (int) Math.min(table.getItems().size(), first + (long) reveal.count());
            table.scrollTo(Math.max(0, first - 2));
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().selectRange(first, end);
            table.getFocusModel().focus(first);
            table.requestFocus();
        });
    }

    /** One column group per device, the gutter after the first; rebuilt when the mirror's devices change. */
    private void rebuildColumns(IndexSummary summary) {
        List<IndexedDevice> devices = summary == null ? List.of() : summary.devices();
        if (!table.getColumns().isEmpty() && devices.equals(columnsFor)) {
            return;
        }
        columnsFor = devices;
        table.getColumns().clear();
        TableColumn<TagRowSlot, IndexRow> tag = column("Tag", 110, row -> row.tag().toString(), "tag-column");
        table.getColumns().add(tag);
        if (devices.isEmpty()) {
            table.getColumns().add(gutter(2));
            return;
        }
        for (IndexedDevice device : devices) {
            table.getColumns().add(deviceGroup(device));
            if (device.position() == 0) {
                table.getColumns().add(gutter(devices.size()));
            }
        }
    }

    private TableColumn<TagRowSlot, IndexRow> column(String title, double width, Function<IndexRow, String> text,
                                                     String styleClass) {
        TableColumn<TagRowSlot, IndexRow> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setReorderable(false);
        column.getStyleClass().add(styleClass);
        column.setCellValueFactory(cell -> cell.getValue().rowProperty());
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(IndexRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty ? null : row == null ? "…" : text.apply(row));
            }
        });
        return column;
    }

    private TableColumn<TagRowSlot, ?> deviceGroup(IndexedDevice device) {
        TableColumn<TagRowSlot, IndexRow> group = new TableColumn<>(shortLabel(device));
        group.setId("deviceColumns" + device.position());
        group.getStyleClass().add("device-group");
        group.setReorderable(false);
        group.setSortable(false);
        if (!device.scanned()) {
            group.setText(shortLabel(device) + " · not read");
        }
        group.getColumns().add(entryColumn(device.position(), "Blocks", 130, TagTablesView::blocks, "number-column"));
        group.getColumns().add(entryColumn(device.position(), "Kind", 72, e -> e.kind() == EntryKind.EXTEND ? "extend" : "write", "kind-column"));
        group.getColumns().add(entryColumn(device.position(), "CRC32C", 96, e -> DeviceDetail.hex(e.checksum()), "mono-column"));
        return group;
    }

    private static String shortLabel(IndexedDevice device) {
        String label = device.label();
        int slash = Math.max(label.lastIndexOf('/'), label.lastIndexOf('\\'));
        return slash >= 0 && slash < label.length() - 1 ? label.substring(slash + 1) : label;
    }

    static String blocks(TagEntry e) {
        return e.blockCount() == 1 ? Long.toString(e.firstBlock())
                : e.firstBlock() + "–" + (e.endBlock() - 1);
    }

    private TableColumn<TagRowSlot, IndexRow> entryColumn(int position, String title, double width,
                                                          Function<TagEntry, String> field, String styleClass) {
        TableColumn<TagRowSlot, IndexRow> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setReorderable(false);
        column.getStyleClass().add(styleClass);
        column.setCellValueFactory(cell -> cell.getValue().rowProperty());
        column.setCellFactory(c -> new EntryCell(position, field));
        return column;
    }

    private TableColumn<TagRowSlot, IndexRow> gutter(int devices) {
        TableColumn<TagRowSlot, IndexRow> column = new TableColumn<>("Match");
        column.setId("matchGutter");
        column.setPrefWidth(126);
        column.setSortable(false);
        column.setReorderable(false);
        column.getStyleClass().add("match-gutter");
        column.setCellValueFactory(cell -> cell.getValue().rowProperty());
        column.setCellFactory(c -> new GutterCell(devices));
        return column;
    }

    /** One field of one device's entry; "—" where the device lacks the tag. */
    private static final class EntryCell extends TableCell<TagRowSlot, IndexRow> {
        private final int position;
        private final Function<TagEntry, String> field;

        EntryCell(int position, Function<TagEntry, String> field) {
            this.position = position;
            this.field = field;
        }

        @Override
        protected void updateItem(IndexRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("entry-missing", "entry-conflict", "entry-loading");
            if (empty) {
                setText(null);
                return;
            }
            if (row == null) {
                setText("…");
                getStyleClass().add("entry-loading");
                return;
            }
            TagEntry entry = position < row.devices() ? row.entryOrNull(position) : null;
            if (entry == null) {
                setText("—");
                getStyleClass().add("entry-missing");
                return;
            }
            setText(field.apply(entry));
            if (row.state() == MatchState.CONFLICT) {
                getStyleClass().add("entry-conflict");
            }
        }
    }

    /** The match state as a symbol and a word; for two devices an arrow points at the side that has the tag. */
    private static final class GutterCell extends TableCell<TagRowSlot, IndexRow> {
        private final int devices;
        private final Label badge = new Label();

        GutterCell(int devices) {
            this.devices = devices;
            badge.getStyleClass().add("gutter-badge");
            setAlignment(Pos.CENTER);
        }

        @Override
        protected void updateItem(IndexRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            badge.getStyleClass().removeAll(Badge.MATCHED, Badge.ONLY_HERE, Badge.MATCH_CONFLICT);
            badge.getStyleClass().add(StateBadges.styleClass(row.state()));
            badge.setText(text(row));
            setGraphic(badge);
        }

        private String text(IndexRow row) {
            if (row.state() == MatchState.ONLY_SOME && devices == 2) {
                return row.isOn(0) ? "◀ only here" : "only here ▶";
            }
            return StateBadges.symbol(row.state()) + " " + StateBadges.word(row.state()).toLowerCase();
        }
    }

    /** A mirror by name in the chooser. */
    private static final class MirrorCell extends ListCell<MirrorDefinition> {
        @Override
        protected void updateItem(MirrorDefinition mirror, boolean empty) {
            super.updateItem(mirror, empty);
            setText(empty || mirror == null ? null : mirror.name());
        }
    }
}
