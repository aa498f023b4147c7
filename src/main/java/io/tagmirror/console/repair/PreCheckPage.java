package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.WizardNodes;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Step 2: the checks before the compare, each with what to do about a failure. */
final class PreCheckPage {

    private PreCheckPage() {
    }

    static VBox create(RepairWizardViewModel model) {
        VBox rows = new VBox();
        rows.setId("precheckRows");
        rows.getStyleClass().add("check-list");
        model.preCheckStep().checks().addListener((ListChangeListener<PreCheck>) c -> fill(rows, model));

        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("wizard-scroll");

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("small-busy");
        Label working = new Label("Checking the devices…");
        HBox busy = new HBox(spinner, working);
        busy.getStyleClass().add("button-row");
        busy.setAlignment(Pos.CENTER_LEFT);
        busy.visibleProperty().bind(model.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());

        Label summary = new Label();
        summary.setId("precheckSummary");
        summary.setWrapText(true);
        summary.getStyleClass().add("wizard-text");
        summary.textProperty().bind(Bindings.createStringBinding(() -> {
            if (model.preCheckStep().checks().isEmpty()) {
                return "";
            }
            long failed = model.preCheckStep().checks().stream().filter(PreCheck::blocks).count();
            return failed == 0
                    ? "All checks passed. The compare only reads: it changes nothing on the devices."
                    : failed + (failed == 1 ? " check failed" : " checks failed")
                    + ". Do what it says, then run the checks again.";
        }, model.preCheckStep().checks()));

        Button again = new Button("Run the checks again");
        again.setId("precheckAgain");
        again.disableProperty().bind(model.busyProperty());
        again.setOnAction(e -> model.runChecks());

        HBox bottom = new HBox(summary, again);
        bottom.getStyleClass().add("button-row");
        bottom.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(summary, Priority.ALWAYS);
        summary.setMaxWidth(Double.MAX_VALUE);

        VBox page = WizardNodes.page("wizardPrecheckPage", WizardNodes.heading("Pre-checks"), busy, bottom, scroll);
        return page;
    }

    private static void fill(VBox rows, RepairWizardViewModel model) {
        rows.getChildren().clear();
        for (PreCheck check : model.preCheckStep().checks()) {
            rows.getChildren().add(row(check, model));
        }
    }

    static HBox row(PreCheck check, RepairWizardViewModel model) {
        Label symbol = new Label(check.outcome().symbol());
        symbol.getStyleClass().addAll("check-symbol", "check-" + check.outcome().name().toLowerCase(java.util.Locale.ROOT));
        Label title = new Label(check.title());
        title.getStyleClass().add("check-title");
        Label detail = new Label(check.detail());
        detail.getStyleClass().add("muted");
        detail.setWrapText(true);
        VBox text = new VBox(title, detail);
        text.getStyleClass().add("check-text");
        if (!check.advice().isEmpty()) {
            Label advice = new Label(check.advice());
            advice.getStyleClass().add("check-advice");
            advice.setWrapText(true);
            text.getChildren().add(advice);
        }
        if (check.offlineDevice() != null) {
            Button online = new Button("Bring it back online");
            online.getStyleClass().add("check-fix");
            online.disableProperty().bind(model.busyProperty());
            online.setOnAction(e -> model.preCheckStep().bringOnline(check.offlineDevice()));
            text.getChildren().add(online);
        }
        if (check.lostDevice() != null) {
            Button rebuild = new Button("Rebuild it from a healthy device");
            rebuild.getStyleClass().add("check-fix");
            rebuild.disableProperty().bind(model.busyProperty());
            rebuild.setOnAction(e -> model.preCheckStep().rebuild(check.lostDevice()));
            text.getChildren().add(rebuild);
        }
        HBox row = new HBox(symbol, text);
        row.getStyleClass().add("check-row");
        HBox.setHgrow(text, Priority.ALWAYS);
        return row;
    }
}
