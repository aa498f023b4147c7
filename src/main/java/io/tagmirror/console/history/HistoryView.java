package io.tagmirror.console.history;

import io.tagmirror.console.ui.Icons;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.WizardNodes;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The history screen's nodes: filters and exports above, the entries in a table, and the selected
 * entry's report below, bound to a {@link HistoryViewModel}.
 */
final class HistoryView extends VBox {

    HistoryView(HistoryViewModel model, FilePicker files) {
        getStyleClass().add("history-view");
        getStylesheets().add(WizardNodes.stylesheet());
        TableView<HistoryRow> table = table(model);
        SplitPane split = new SplitPane(table, details(model, files));
        split.setId("historySplit");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.58);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label status = WizardNodes.note(model.statusProperty().map(s -> s == null ? "" : s), "note-info");
        status.setId("historyStatus");
        Label error = WizardNodes.note(model.errorProperty().map(s -> s == null ? "" : s), "note-error");
        getChildren().addAll(toolbar(model, files), error, status, split);
    }

    private static HBox toolbar(HistoryViewModel model, FilePicker files) {
        ComboBox<String> kind = new ComboBox<>(model.kinds());
        kind.setId("historyKind");
        kind.valueProperty().bindBidirectional(model.kindProperty());
        ComboBox<String> mirror = new ComboBox<>(model.mirrors());
        mirror.setId("historyMirror");
        mirror.valueProperty().bindBidirectional(model.mirrorProperty());
        TextField search = new TextField();
        search.setId("historySearch");
        search.setPromptText("Search result, summary…");
        // Wide enough for its placeholder, which says what it searches.
        search.setPrefColumnCount(18);
        search.textProperty().bindBidirectional(model.searchProperty());
        Label count = new Label();
        count.setId("historyCount");
        count.getStyleClass().add("muted");
        count.textProperty().bind(model.countProperty());
        Button refresh = new Button("Refresh", Icons.icon(Icons.REFRESH));
        refresh.setId("historyRefresh");
        refresh.setOnAction(e -> model.reload());
        Button json = new Button("Export JSON…");
        json.setId("historyExportJson");
        json.disableProperty().bind(Bindings.isEmpty(model.shown()));
        json.setOnAction(e -> files.save(json.getScene().getWindow(), "Export the history as JSON",
                "tagmirror-history.json").ifPresent(model::exportJson));
        Button csv = new Button("Export CSV…");
        csv.setId("historyExportCsv");
        csv.disableProperty().bind(Bindings.isEmpty(model.shown()));
        csv.setOnAction(e -> files.save(csv.getScene().getWindow(), "Export the history as CSV",
                "tagmirror-history.csv").ifPresent(model::exportCsv));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(new Label("Kind"), kind, new Label("Mirror"), mirror, search, count, spacer, refresh, json,
                csv);
        bar.getStyleClass().add("screen-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private static TableView<HistoryRow> table(HistoryViewModel model) {
        TableView<HistoryRow> table = new TableView<>(model.shown());
        table.setId("historyTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No compare, repair, verify or replay recorded yet.");
        empty.getStyleClass().add("empty-state-text");
        table.setPlaceholder(new StackPane(empty));
        table.getColumns().add(column("Time", 160, HistoryRow::localTime));
        table.getColumns().add(column("Kind", 90, HistoryRow::kind));
        table.getColumns().add(column("Mirror", 120, HistoryRow::mirror));
        TableColumn<HistoryRow, HistoryRow> result = new TableColumn<>("Result");
        result.setPrefWidth(150);
        result.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        result.setCellFactory(c -> new ResultCell());
        table.getColumns().add(result);
        table.getColumns().add(column("Summary", 420, HistoryRow::summary));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> model.selectedProperty().set(row));
        model.selectedProperty().addListener((obs, old, row) -> {
            if (row != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(row);
            }
        });
        return table;
    }

    private static VBox details(HistoryViewModel model, FilePicker files) {
        Label heading = new Label();
        heading.getStyleClass().add("form-section");
        heading.textProperty().bind(model.selectedProperty().map(r -> "Report of the " + r.kind() + " of "
                + r.localTime()).orElse("Select an entry to read its report"));
        TextArea figures = new TextArea();
        figures.setId("historyFigures");
        figures.getStyleClass().add("report-text");
        figures.setEditable(false);
        figures.textProperty().bind(model.selectedFiguresProperty());
        VBox.setVgrow(figures, Priority.ALWAYS);
        Button save = new Button("Save this report…");
        save.setId("historySaveReport");
        save.disableProperty().bind(model.selectedProperty().isNull());
        save.setOnAction(e -> {
            HistoryRow row = model.selectedProperty().get();
            files.save(save.getScene().getWindow(), "Save the report", row.kind() + "-" + row.id() + ".json")
                    .ifPresent(model::exportSelected);
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(heading, spacer, save);
        top.setAlignment(Pos.CENTER_LEFT);
        top.getStyleClass().add("button-row");
        VBox box = new VBox(top, figures);
        box.getStyleClass().add("history-details");
        return box;
    }

    private static TableColumn<HistoryRow, String> column(String title, double width, Function<HistoryRow, String> value) {
        TableColumn<HistoryRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        return column;
    }

    /** A result with a symbol and its colour. */
    private static final class ResultCell extends TableCell<HistoryRow, HistoryRow> {
        @Override
        protected void updateItem(HistoryRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("state-in-sync", "state-diverged");
            if (empty || row == null) {
                setText(null);
                return;
            }
            setText((row.good() ? "✓  " : "≠  ") + row.result());
            getStyleClass().add(row.good() ? "state-in-sync" : "state-diverged");
        }
    }
}
