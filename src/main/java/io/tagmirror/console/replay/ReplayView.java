package io.tagmirror.console.replay;

import io.tagmirror.console.ui.Badge;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.workflow.FilePicker;
import io.tagmirror.console.workflow.WizardNodes;
import io.tagmirror.console.workflow.WorkflowNavigator;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.workload.replay.AppliedFault;
import io.tagmirror.workload.replay.RunSummary;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The workload replay screen's nodes: the form on the left; on the right the controls, live figures
 * and charts, the faults as they happen, and, once the run ends, its summary with the way on to the
 * tag tables or the repair wizard.
 */
final class ReplayView extends HBox {

    ReplayView(ReplayViewModel model, FilePicker files, WorkflowNavigator navigator,
               BiConsumer<Window, String> openWizard) {
        getStyleClass().add("replay-view");
        getStylesheets().add(WizardNodes.stylesheet());

        ReplayFormView form = new ReplayFormView(model.form(), files);
        form.disableProperty().bind(Bindings.createBooleanBinding(() -> model.stateProperty().get().active(),
                model.stateProperty()));
        ScrollPane formScroll = new ScrollPane(form);
        formScroll.setId("replayForm");
        formScroll.setFitToWidth(true);
        formScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        form.setMinWidth(0);
        formScroll.getStyleClass().add("replay-form-scroll");
        formScroll.setMinWidth(380);
        formScroll.setPrefWidth(400);
        formScroll.setMaxWidth(430);

        ReplayCharts charts = new ReplayCharts(model);
        VBox.setVgrow(charts, Priority.ALWAYS);
        // The charts shrink before anything else; computed from percent rows their minimum would be too tall.
        charts.setMinHeight(200);
        charts.setPrefHeight(420);
        VBox right = new VBox(controls(model), figures(model), charts, bottom(model, navigator, openWizard));
        right.getStyleClass().add("replay-main");
        HBox.setHgrow(right, Priority.ALWAYS);
        getChildren().addAll(formScroll, right);
    }

    private static Node controls(ReplayViewModel model) {
        Label state = new Label();
        state.setId("replayState");
        state.getStyleClass().addAll("badge", "replay-state");
        state.textProperty().bind(model.stateProperty().map(s -> symbol(s) + "  " + s.label()));

        Button start = new Button("Start replay");
        start.setId("replayStart");
        start.getStyleClass().add("wizard-next");
        start.disableProperty().bind(Bindings.createBooleanBinding(() -> model.stateProperty().get().active()
                || !model.form().validProperty().get(), model.stateProperty(), model.form().validProperty()));
        start.setOnAction(e -> model.start());
        Button pause = new Button();
        pause.setId("replayPause");
        pause.textProperty().bind(model.stateProperty().map(s -> s == RunState.PAUSED ? "Resume" : "Pause"));
        pause.disableProperty().bind(Bindings.createBooleanBinding(() -> model.stateProperty().get() != RunState.RUNNING
                && model.stateProperty().get() != RunState.PAUSED, model.stateProperty()));
        pause.setOnAction(e -> {
            if (model.stateProperty().get() == RunState.PAUSED) {
                model.resume();
            } else {
                model.pause();
            }
        });
        Button stop = new Button("Stop");
        stop.setId("replayStop");
        stop.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.stateProperty().get().active()
                || model.stateProperty().get() == RunState.STOPPING, model.stateProperty()));
        stop.setOnAction(e -> model.stop());

        Label error = WizardNodes.note(model.errorProperty().map(t -> t == null ? "" : t), "note-error");
        error.setId("replayError");
        HBox.setHgrow(error, Priority.ALWAYS);
        HBox row = new HBox(state, start, pause, stop, error);
        row.getStyleClass().add("button-row");
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static String symbol(RunState s) {
        return switch (s) {
            case IDLE -> "○";
            case STARTING, RUNNING -> "▶";
            case PAUSED -> "❚❚";
            case STOPPING -> "■";
            case FINISHED -> "✓";
            case FAILED -> "✕";
        };
    }

    private static Node figures(ReplayViewModel model) {
        Label line = new Label();
        line.setId("replayFigures");
        line.getStyleClass().add("replay-figures");
        line.setWrapText(true);
        // Wrapped, never cut: its height follows the lines it needs.
        line.setMinHeight(Region.USE_PREF_SIZE);
        line.textProperty().bind(Bindings.createStringBinding(
                () -> ReplayFigures.line(model.samples(), model.summaryProperty().get()),
                model.latestProperty(), model.summaryProperty()));
        return line;
    }

    private static Node bottom(ReplayViewModel model, WorkflowNavigator navigator, BiConsumer<Window, String> openWizard) {
        ListView<AppliedFault> faults = new ListView<>(model.faults());
        faults.setId("replayFaults");
        faults.getStyleClass().add("fault-log");
        faults.setPrefHeight(150);
        Label none = new Label("Faults appear here as the replay applies them.");
        none.getStyleClass().add("muted");
        none.setWrapText(true);
        faults.setPlaceholder(new StackPane(none));
        faults.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(AppliedFault f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : "write " + f.write() + " · " + f.kind() + ": " + f.detail());
                setWrapText(true);
                setPrefWidth(0);
            }
        });
        VBox faultBox = new VBox(heading("Faults applied"), faults);
        faultBox.getStyleClass().add("replay-panel");
        HBox.setHgrow(faultBox, Priority.ALWAYS);
        faultBox.setPrefWidth(420);

        VBox summary = summaryPanel(model, navigator, openWizard);
        HBox.setHgrow(summary, Priority.ALWAYS);
        summary.setPrefWidth(480);
        HBox box = new HBox(faultBox, summary);
        box.getStyleClass().add("replay-bottom");
        // The charts give way first: the faults and the summary keep room to be read.
        box.setMinHeight(Region.USE_PREF_SIZE);
        return box;
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-section");
        return label;
    }

    private static VBox summaryPanel(ReplayViewModel model, WorkflowNavigator navigator,
                                     BiConsumer<Window, String> openWizard) {
        GridPane grid = new GridPane();
        grid.setId("replaySummary");
        grid.getStyleClass().add("figures");
        HBox stateRow = new HBox();
        stateRow.getStyleClass().add("button-row");
        stateRow.setAlignment(Pos.CENTER_LEFT);

        Button repair = new Button("Compare and repair…");
        repair.setId("replayOpenWizard");
        repair.getStyleClass().add("wizard-next");
        repair.setOnAction(e -> openWizard.accept(repair.getScene().getWindow(), model.finishedMirrorProperty().get()));
        Button tags = new Button("Tag tables");
        tags.setId("replayOpenTagTables");
        tags.setOnAction(e -> navigator.showTagTables(model.finishedMirrorProperty().get()));
        Button map = new Button("Block map");
        map.setOnAction(e -> navigator.showBlockMap(model.finishedMirrorProperty().get()));
        // Next steps wrap onto a second line in a narrow panel rather than cut their names short.
        FlowPane actions = new FlowPane(repair, tags, map);
        actions.getStyleClass().add("next-steps");

        Label waiting = new Label("The run summary appears here when the replay ends.");
        waiting.getStyleClass().add("muted");
        waiting.setWrapText(true);
        waiting.setMinHeight(Region.USE_PREF_SIZE);
        VBox panel = new VBox(heading("Run summary, whole run"), waiting, stateRow, grid, actions);
        panel.getStyleClass().add("replay-panel");
        for (Node n : new Node[] {stateRow, grid, actions}) {
            n.visibleProperty().bind(model.summaryProperty().isNotNull());
            n.managedProperty().bind(n.visibleProperty());
        }
        waiting.visibleProperty().bind(model.summaryProperty().isNull());
        waiting.managedProperty().bind(waiting.visibleProperty());

        model.summaryProperty().addListener((obs, old, s) -> {
            grid.getChildren().clear();
            stateRow.getChildren().clear();
            if (s == null) {
                return;
            }
            fill(grid, s);
            MirrorState after = model.stateAfterProperty().get();
            stateRow.getChildren().add(stateBadge(after));
            Label says = new Label(after == MirrorState.IN_SYNC ? "The mirror is in sync."
                    : "Mirror " + s.mirror() + " was left " + (after == null ? "?" : after.label())
                    + ": compare and repair it, or look at its tag tables first.");
            says.setWrapText(true);
            says.setMinHeight(Region.USE_PREF_SIZE);
            says.setMaxWidth(Double.MAX_VALUE);
            says.getStyleClass().add("wizard-text");
            HBox.setHgrow(says, Priority.ALWAYS);
            stateRow.getChildren().add(says);
        });
        return panel;
    }

    private static Label stateBadge(MirrorState state) {
        if (state == null) {
            return Badge.of("?", "unknown", Badge.DEGRADED);
        }
        Label badge = switch (state) {
            case IN_SYNC -> Badge.of("✓", "In sync", Badge.IN_SYNC);
            case DIVERGED, REPAIRING -> Badge.of("≠", "Diverged", Badge.DIVERGED);
            case DEGRADED -> Badge.of("▲", "Degraded", Badge.DEGRADED);
            case CONFLICT -> Badge.of("✕", "Conflict", Badge.CONFLICT);
        };
        badge.setId("replayStateAfter");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        return badge;
    }

    private static void fill(GridPane grid, RunSummary s) {
        int row = 0;
        grid.addRow(row++, WizardNodes.key("Result"), WizardNodes.value(s.result()));
        grid.addRow(row++, WizardNodes.key("Writes"), WizardNodes.value(String.format(Locale.ROOT,
                "%,d (%s) in %.2f s", s.writes(), ByteSize.format(s.bytes()), s.seconds())));
        grid.addRow(row++, WizardNodes.key("Rate"), WizardNodes.value(String.format(Locale.ROOT,
                "%,.0f writes/s · %.1f MB/s", s.rate(), s.megabytesPerSecond())));
        grid.addRow(row++, WizardNodes.key("Latency"), WizardNodes.value("p50 " + ReplayFigures.micros(s.latency().p50())
                + " · p99 " + ReplayFigures.micros(s.latency().p99()) + " · max " + ReplayFigures.micros(s.latency().max())));
        grid.addRow(row++, WizardNodes.key("Faults"), WizardNodes.value(s.faults().isEmpty() ? "none"
                : s.faults().size() + " applied" + (s.faultsNotReached().isEmpty() ? ""
                : ", " + s.faultsNotReached().size() + " not reached")));
        StringBuilder left = new StringBuilder();
        s.entriesLeft().forEach((device, n) -> left.append(left.length() == 0 ? "" : " · ")
                .append(java.nio.file.Path.of(device).getFileName()).append(": ").append(n < 0 ? "?" : n));
        grid.addRow(row, WizardNodes.key("Entries left"), WizardNodes.value(left.toString()));
    }
}
