package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.ProgressMeter;
import io.tagmirror.console.workflow.WizardNodes;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The progress of the wizard's running operation: a bar, what is done, the rate and the time left,
 * with cancel (and, for a repair, pause) while it runs.
 */
final class ProgressPanel extends VBox {

    private final RepairWizardViewModel model;
    private final boolean repair;
    private final Label phase = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final Label done = WizardNodes.value("");
    private final Label rate = WizardNodes.value("");
    private final Label elapsed = WizardNodes.value("");
    private final Label eta = WizardNodes.value("");
    private final Label ranges = WizardNodes.value("");

    /**
     * @param model the wizard
     * @param idPrefix prefix of the node ids, e.g. "compare"
     * @param repair whether this shows a repair: ranges done and pause
     */
    ProgressPanel(RepairWizardViewModel model, String idPrefix, boolean repair) {
        this.model = model;
        this.repair = repair;
        getStyleClass().add("progress-panel");
        phase.getStyleClass().add("progress-phase");
        bar.setId(idPrefix + "ProgressBar");
        bar.setMaxWidth(Double.MAX_VALUE);
        done.setId(idPrefix + "Done");
        rate.setId(idPrefix + "Rate");
        eta.setId(idPrefix + "Eta");
        ranges.setId(idPrefix + "Ranges");

        GridPane figures = new GridPane();
        figures.getStyleClass().add("figures");
        int row = 0;
        figures.addRow(row++, WizardNodes.key("Done"), done);
        if (repair) {
            figures.addRow(row++, WizardNodes.key("Ranges done"), ranges);
        }
        figures.addRow(row++, WizardNodes.key("Rate"), rate);
        figures.addRow(row++, WizardNodes.key("Elapsed"), elapsed);
        figures.addRow(row, WizardNodes.key("Time left"), eta);

        Button pause = new Button();
        pause.setId(idPrefix + "Pause");
        pause.textProperty().bind(model.work().pausedProperty().map(p -> p ? "Resume" : "Pause"));
        pause.setOnAction(e -> {
            if (model.work().pausedProperty().get()) {
                model.work().resume();
            } else {
                model.work().pause();
            }
        });
        pause.setVisible(repair);
        pause.setManaged(repair);
        Button cancel = new Button("Cancel");
        cancel.setId(idPrefix + "Cancel");
        cancel.setOnAction(e -> model.work().cancel());
        HBox buttons = new HBox(pause, cancel);
        buttons.getStyleClass().add("button-row");
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.visibleProperty().bind(model.busyProperty());
        buttons.managedProperty().bind(buttons.visibleProperty());

        Label pausedNote = new Label("Paused between two steps: everything copied so far is consistent. "
                + "Resume, or cancel to stop here.");
        pausedNote.getStyleClass().addAll("wizard-note", "note-warning");
        pausedNote.setWrapText(true);
        pausedNote.visibleProperty().bind(model.work().pausedProperty());
        pausedNote.managedProperty().bind(pausedNote.visibleProperty());

        getChildren().addAll(phase, bar, figures, pausedNote, buttons);
        model.work().progressProperty().addListener((obs, old, now) -> show(now));
        model.work().pausedProperty().addListener((obs, old, now) -> show(model.work().progressProperty().get()));
        show(model.work().progressProperty().get());
    }

    private void show(ProgressMeter.Snapshot s) {
        String name = s.phase().isEmpty() ? (model.work().pausedProperty().get() ? "Paused before the first step" : "Starting…")
                : s.phase();
        phase.setText(name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1));
        bar.setProgress(s.phase().isEmpty() ? ProgressBar.INDETERMINATE_PROGRESS : s.fraction());
        int blockSize = model.reviewStep().compareReportProperty().get() == null ? 4096
                : model.reviewStep().compareReportProperty().get().blockSize();
        done.setText(ProgressText.done(s));
        rate.setText(ProgressText.rate(s, blockSize));
        elapsed.setText(String.format(Locale.ROOT, "%.1f s", s.elapsedSeconds()));
        eta.setText(ProgressText.eta(s));
        if (repair) {
            RepairPlan plan = model.reviewStep().planProperty().get();
            if (plan != null) {
                ranges.setText(String.format(Locale.ROOT, "%,d of %,d", ProgressText.rangesDone(plan.rows(), s.done()),
                        plan.rangesToCopy()));
            }
        }
    }
}
