package io.tagmirror.console.repair;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.WizardNodes;
import io.tagmirror.console.workflow.WorkflowNavigator;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.operations.GuidedRepairReport;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Step 8: the report: result, entries before and after, bytes copied, time, and what the alternatives
 * would have copied for the same divergence, with their assumptions; exportable as JSON.
 */
final class ReportPage {

    private ReportPage() {
    }

    static VBox create(RepairWizardViewModel model, FilePicker files, WorkflowNavigator navigator) {
        Label result = new Label();
        result.setId("reportResult");
        result.getStyleClass().add("badge");
        GridPane figures = new GridPane();
        figures.setId("reportFigures");
        figures.getStyleClass().add("figures");
        TableView<AlternativeRow> alternatives = alternativesTable();
        Label verdict = new Label();
        verdict.setId("alternativesVerdict");
        verdict.getStyleClass().add("wizard-text");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);

        model.reportStep().reportProperty().addListener((obs, old, report) -> {
            if (report == null) {
                return;
            }
            boolean good = report.good();
            result.setText((good ? "✓  " : "▲  ") + report.result());
            result.getStyleClass().removeAll("state-in-sync", "state-diverged");
            result.getStyleClass().add(good ? "state-in-sync" : "state-diverged");
            fillFigures(figures, report, model.preCheckStep().deviceNamesProperty().get());
            List<AlternativeRow> rows = AlternativeRow.of(report.alternatives());
            alternatives.setItems(FXCollections.observableArrayList(rows));
            verdict.setText(AlternativeRow.verdict(rows));
        });

        Button export = new Button("Export JSON…");
        export.setId("exportReport");
        export.setOnAction(e -> files.save(export.getScene().getWindow(), "Export the report",
                model.chooseStep().mirrorProperty().get() + "-repair-report.json").ifPresent(model.reportStep()::export));
        Button history = new Button("Open History");
        history.setOnAction(e -> navigator.showHistory());
        Button tags = new Button("Tag tables");
        tags.setOnAction(e -> navigator.showTagTables(model.chooseStep().mirrorProperty().get()));
        HBox actions = new HBox(export, history, tags);
        actions.getStyleClass().add("button-row");
        actions.setAlignment(Pos.CENTER_LEFT);

        Label altHeading = WizardNodes.heading("What the alternatives would have copied");
        altHeading.getStyleClass().add("wizard-subheading");
        VBox content = new VBox(result, figures, actions, altHeading,
                WizardNodes.paragraph("For the same divergence, from the ranges the tag tables named. Each figure is "
                        + "an estimate under the assumption beside it; the bitmaps and the activity log also cost the "
                        + "host a synchronous write ahead of the data."),
                alternatives, verdict);
        content.getStyleClass().add("report-content");
        // Tall enough for the four methods without a scroll bar.
        alternatives.setPrefHeight(350);
        alternatives.setMinHeight(350);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("wizard-scroll");
        return WizardNodes.page("wizardReportPage", WizardNodes.heading("Report"), scroll);
    }

    private static void fillFigures(GridPane grid, GuidedRepairReport report, Map<UUID, String> names) {
        grid.getChildren().clear();
        int row = 0;
        grid.addRow(row++, WizardNodes.key("Mirror"), WizardNodes.value(report.mirror()));
        grid.addRow(row++, WizardNodes.key("Bytes copied"), WizardNodes.value(ByteSize.format(report.bytesCopied())
                + (report.repair() == null ? "" : " in " + report.repair().rangesCopied() + " ranges")));
        StringBuilder entries = new StringBuilder();
        for (Map.Entry<UUID, Long> e : report.entriesBefore().entrySet()) {
            Long after = report.entriesAfter().get(e.getKey());
            entries.append(entries.length() == 0 ? "" : "   ·   ").append(names.getOrDefault(e.getKey(), "?"))
                    .append(": ").append(e.getValue()).append(" → ").append(after == null || after < 0 ? "?" : after);
        }
        grid.addRow(row++, WizardNodes.key("Entries before → after"), id(WizardNodes.value(entries.toString()),
                "reportEntries"));
        double compare = report.compare().seconds();
        double repair = report.repair() == null ? 0 : report.repair().seconds();
        VerifyReport v = report.verify();
        grid.addRow(row++, WizardNodes.key("Work"), id(WizardNodes.value(String.format(Locale.ROOT,
                "%.2f s: compare %.2f s, repair %.2f s%s", report.workSeconds(), compare, repair,
                v == null ? ", verify skipped" : String.format(Locale.ROOT, ", verify %.2f s", v.seconds()))),
                "reportWork"));
        grid.addRow(row++, WizardNodes.key("Elapsed"), id(WizardNodes.value(String.format(Locale.ROOT,
                "%.2f s from the start of the compare, with the time spent on the review and the confirmation",
                report.duration().toMillis() / 1000.0)), "reportElapsed"));
        grid.addRow(row, WizardNodes.key("Verify"), id(WizardNodes.value(v == null ? "skipped"
                : v.cancelled() ? "cancelled"
                : v.identical() ? "identical: " + String.format(Locale.ROOT, "%,d", v.blocksCompared())
                + " blocks compared on every device"
                : v.differingBlocks() + " of " + v.blocksCompared() + " blocks differ"), "reportVerify"));
    }

    private static Label id(Label label, String id) {
        label.setId(id);
        return label;
    }

    private static TableView<AlternativeRow> alternativesTable() {
        TableView<AlternativeRow> table = new TableView<>();
        table.setId("alternativesTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Method", 250, AlternativeRow::label, true));
        TableColumn<AlternativeRow, String> bytes = column("Copies", 90, r -> ByteSize.format(r.bytes()), false);
        bytes.getStyleClass().add("number-column");
        table.getColumns().add(bytes);
        TableColumn<AlternativeRow, String> times = column("× tags", 86, AlternativeRow::timesText, false);
        times.setMinWidth(80);
        times.getStyleClass().add("number-column");
        table.getColumns().add(times);
        table.getColumns().add(column("Assumes", 420, AlternativeRow::assumption, true));
        return table;
    }

    private static TableColumn<AlternativeRow, String> column(String title, double width,
                                                              Function<AlternativeRow, String> value, boolean wrap) {
        TableColumn<AlternativeRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        if (wrap) {
            column.setCellFactory(c -> new WrappingCell());
        }
        return column;
    }

    /** A cell whose text wraps, so a long assumption reads in full. */
    private static final class WrappingCell extends TableCell<AlternativeRow, String> {
        private final Label label = new Label();

        WrappingCell() {
            label.setWrapText(true);
            label.getStyleClass().add("wrapping-cell-text");
            setGraphic(null);
            label.maxWidthProperty().bind(widthProperty().subtract(16));
            label.setMinHeight(Region.USE_PREF_SIZE);
            HBox.setHgrow(label, Priority.ALWAYS);
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            if (empty || text == null) {
                setGraphic(null);
            } else {
                label.setText(text);
                setGraphic(label);
            }
        }

        /** As tall as its text wrapped to the column's width: the row grows rather than cut the last line. */
        @Override
        protected double computePrefHeight(double width) {
            double room = getWidth() > 0 ? getWidth() - 16 : -1;
            if (getGraphic() == null || room <= 0) {
                return super.computePrefHeight(width);
            }
            return Math.max(super.computePrefHeight(width),
                    snappedTopInset() + label.prefHeight(room) + snappedBottomInset());
        }
    }
}
